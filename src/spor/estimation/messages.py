"""Warnings of an estimate, in Danish and English (the report is Danish first: docs/architecture.md#translation).

An estimate carries its warnings as (key, parameters); the text is chosen when it is shown, so the
Danish report says them in Danish and `--json` (read by programs) in English. Numbers are
formatted per language (1.234 in Danish, 1,234 in English).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "empty_lists": {
        "da": "Lister uden nogen personer blev udeladt: {lists}",
        "en": "lists with nobody on them were left out: {lists}",
    },
    "too_few_lists": {
        "da": "Færre end to lister med personer: et skøn er ikke muligt",
        "en": "fewer than two non-empty lists: no estimate is possible",
    },
    "no_finite": {
        "da": "Ingen model har et endeligt skøn (data er for tynde)",
        "en": "no model has a finite estimate (the data are too sparse)",
    },
    "infinite_terms": {
        "da": "Lister, der aldrig overlapper, har samspil sat til minus uendelig (Chan, Silverman & Vincent 2021): "
        "{terms}",
        "en": "never-overlapping effects held at minus infinity (Chan, Silverman & Vincent 2021): {terms}",
    },
    "failed_models": {
        "da": "{count} kandidatmodel(ler) bestod ikke kontrollen af eksistens og identificerbarhed",
        "en": "{count} candidate model(s) failed the existence/identifiability check",
    },
    "failed_resamples": {
        "da": "{failed} af {resamples} gensamplinger gav intet endeligt skøn (regnet som ubegrænsede)",
        "en": "{failed} of {resamples} resamples had no finite estimate (counted as unbounded)",
    },
    "conditional": {
        "da": "Intervallet er betinget af den valgte model og undervurderer usikkerheden",
        "en": "the interval is conditional on the selected model and understates the uncertainty",
    },
    "unlisted": {
        "da": "{count} af {population} personer i populationen står på ingen af listerne og indgår ikke",
        "en": "{count} of {population} persons in the population are on none of the lists and are left out",
    },
    "dga_lists": {
        "da": "Bayesiansk modelgennemsnit over dekomponerbare grafer kræver 3 til 5 lister, ikke {t}",
        "en": "model averaging over decomposable graphs needs 3 to 5 lists, not {t}",
    },
    "dga_options": {
        "da": "Ugyldige indstillinger for modelgennemsnittet: {detail}",
        "en": "invalid options for the model averaging: {detail}",
    },
    "dga_truncated_above": {
        "da": "Posterioren er afskåret: omkring {mass} af dens masse ligger over intervallets top (manglende = "
        "{missing}); udvid intervallet for det manglende antal",
        "en": "the posterior is truncated: about {mass} of its mass lies above the top of the range (missing = "
        "{missing}); widen the range of the missing count",
    },
    "dga_truncated_below": {
        "da": "Posterioren er afskåret: op til {mass} af dens masse ligger under intervallet (manglende = "
        "{missing}); sænk minimum for det manglende antal",
        "en": "the posterior is truncated: up to {mass} of its mass lies below the range (missing = {missing}); "
        "lower the minimum of the missing count",
    },
}


@dataclass(frozen=True)
class Note:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        return TEXTS[self.key][lang].format(**{k: _fmt(v, lang) for k, v in self.params.items()})


def _fmt(value: Any, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "da" else text
