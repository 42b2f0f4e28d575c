"""Warnings of an estimate, Danish first, English from the estimation catalogue (docs/architecture.md#translation).

An estimate carries its warnings as (key, parameters); the text is chosen when it is shown, so the
Danish report says them in Danish and `--json` (read by programs) in English. The texts are
gettext messages with Danish msgids (src/spor/estimation/locale), rendered under
`translation.override(lang)`; numbers are formatted by `spor.common.formats` (1.234 in Danish,
1,234 in English).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spor.common import formats

TEXTS: dict[str, Promise] = {
    "empty_lists": _("Lister uden nogen personer blev udeladt: %(lists)s"),
    "empty_lists_main": _(
        "Lister uden nogen personer: %(lists)s. Som i den publicerede metode beholder den trinvise udvælgelse "
        "hovedeffektmodellen (ingen model med samspil består eksistenskontrollen)"
    ),
    "single_low": _(
        "Den nedre grænse er én enkelt gensampling, den mindste af %(resamples)s: den er usikker og flytter sig "
        "med gensamplingerne"
    ),
    "single_high": _(
        "Den øvre grænse er én enkelt gensampling, den største af %(resamples)s: den er usikker og flytter sig "
        "med gensamplingerne"
    ),
    "too_few_lists": _("Færre end to lister med personer: et skøn er ikke muligt"),
    "no_finite": _("Ingen model har et endeligt skøn (data er for tynde)"),
    "infinite_terms": _(
        "Lister, der aldrig overlapper, har samspil sat til minus uendelig (Chan, Silverman & Vincent 2021): %(terms)s"
    ),
    "failed_resamples": _("%(failed)s af %(resamples)s gensamplinger gav intet endeligt skøn (regnet som ubegrænsede)"),
    "conditional": _("Intervallet er betinget af den valgte model og undervurderer usikkerheden"),
    "unlisted": _("%(count)s af %(population)s personer i populationen står på ingen af listerne og indgår ikke"),
    "lcmcr_convergence": _(
        "Latent klasse-modellens kæder er ikke konvergeret (split R-hat %(rhat)s, grænse %(limit)s; effektivt "
        "antal trækninger %(ess)s): kør flere iterationer, før tallet bruges"
    ),
    "lcmcr_classes": _(
        "Alle %(classes)s latente klasser var i brug: kør med flere klasser (--lcmcr-classes), da afkortningen "
        "kan påvirke skønnet"
    ),
    "dga_lists": _("Bayesiansk modelgennemsnit over dekomponerbare grafer kræver 3 til 5 lister, ikke %(t)s"),
    "dga_options": _("Ugyldige indstillinger for modelgennemsnittet: %(detail)s"),
    "dga_truncated_above": _(
        "Posterioren er afskåret: omkring %(mass)s af dens masse ligger over intervallets top (manglende = "
        "%(missing)s); udvid intervallet for det manglende antal"
    ),
    "dga_truncated_below": _(
        "Posterioren er afskåret: op til %(mass)s af dens masse ligger under intervallet (manglende = "
        "%(missing)s); sænk minimum for det manglende antal"
    ),
}


@dataclass(frozen=True)
class Note:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        with translation.override(lang):
            values = {k: _fmt(v, lang) for k, v in self.params.items()}
            if self.key == "failed_models":
                return (
                    ngettext(
                        "%(count)s kandidatmodel bestod ikke kontrollen af eksistens og identificerbarhed",
                        "%(count)s kandidatmodeller bestod ikke kontrollen af eksistens og identificerbarhed",
                        self.params["count"],
                    )
                    % values
                )
            return str(TEXTS[self.key]) % values


def _fmt(value: Any, lang: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    return formats.number(value, lang, decimals=0)
