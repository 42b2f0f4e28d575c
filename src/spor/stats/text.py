"""The running text of the publication, generated from report.json in CMM's register.

Danish follows the 2025 edition ("Statistik 2025 - Menneskehandel i Danmark"): numbers under ten
as words ("Otte af dem", "tre mænd"), singular and plural, approximate shares with "knap" (just
under) and "godt" (just over) the nearest simple fraction ("knap halvdelen", "knap en
fjerdedel"), and "en stigning/et fald på N pct. sammenholdt med" the previous year. Every word is
a gettext message with the Danish text as msgid; English comes from the stats catalogue
(src/spor/stats/locale), chosen by `lang` through `translation.override`. The text reads figures
only; it computes nothing but wording.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from spor.common import formats


def _words() -> list[str]:
    return [
        pgettext("tal i løbende tekst", "ingen"),
        pgettext("tal i løbende tekst", "én"),
        pgettext("tal i løbende tekst", "to"),
        pgettext("tal i løbende tekst", "tre"),
        pgettext("tal i løbende tekst", "fire"),
        pgettext("tal i løbende tekst", "fem"),
        pgettext("tal i løbende tekst", "seks"),
        pgettext("tal i løbende tekst", "syv"),
        pgettext("tal i løbende tekst", "otte"),
        pgettext("tal i løbende tekst", "ni"),
    ]


def _fractions() -> list[tuple[float, str]]:
    return [
        (1 / 2, pgettext("andel", "halvdelen")),
        (1 / 3, pgettext("andel", "en tredjedel")),
        (2 / 3, pgettext("andel", "to tredjedele")),
        (1 / 4, pgettext("andel", "en fjerdedel")),
        (3 / 4, pgettext("andel", "tre fjerdedele")),
        (1 / 5, pgettext("andel", "en femtedel")),
        (1 / 10, pgettext("andel", "en tiendedel")),
    ]


def noun(noun: str, n: int) -> str:
    """ "person"/"personer", "kvinde"/"kvinder", "mand"/"mænd" for n in the active language."""
    if noun == "woman":
        return ngettext("kvinde", "kvinder", n)
    if noun == "man":
        return ngettext("mand", "mænd", n)
    return ngettext("person", "personer", n)


def number(n: int, lang: str = "da", start: bool = False) -> str:
    """A count in running text: words under ten (CMM: "Otte af dem", "tre mænd"), digits above."""
    with translation.override(lang):
        text = _words()[n] if 0 <= n < 10 else formats.number(n, decimals=0)
    return cap(text) if start else text


def count(n: int, noun_key: str, lang: str = "da", start: bool = False) -> str:
    """ "tre mænd", "én kvinde", "101 personer"."""
    with translation.override(lang):
        return f"{number(n, lang, start)} {noun(noun_key, n)}"


def _approx(below: bool, words: str) -> str:
    if below:
        return pgettext("andel", "knap %(words)s") % {"words": words}
    return pgettext("andel", "godt %(words)s") % {"words": words}


def share(part: int, whole: int, lang: str = "da") -> str:
    """An approximate share as CMM writes it: "knap halvdelen", "godt en fjerdedel", "alle"."""
    with translation.override(lang):
        if whole == 0:
            return pgettext("andel", "ingen")
        ratio = part / whole
        if part == whole:
            return pgettext("andel", "alle")
        value, words = min(_fractions(), key=lambda f: abs(f[0] - ratio))
        if abs(value - ratio) > 0.04:
            return _("%(pct)s pct.") % {"pct": round(ratio * 100)}
        if abs(value - ratio) < 0.005:
            return words
        return _approx(ratio < value, words)


def about(value: float, lang: str = "da") -> str:
    """ "knap 33" for 32.8, "godt 30" for 30.2, "30" for 30.0."""
    whole = round(value)
    if abs(whole - value) < 0.05:
        return str(whole)
    with translation.override(lang):
        return _approx(value < whole, str(whole))


def change(pct: int | None, previous_year: int, lang: str = "da") -> str:
    """ "Det er en stigning på 29 pct. sammenholdt med 2024." (empty when there is no change figure)."""
    if pct is None:
        return ""
    values = {"pct": abs(pct), "year": previous_year}
    with translation.override(lang):
        if pct == 0:
            return _("Det er samme niveau som i %(year)s.") % values
        if pct > 0:
            return _("Det er en stigning på %(pct)s pct. sammenholdt med %(year)s.") % values
        return _("Det er et fald på %(pct)s pct. sammenholdt med %(year)s.") % values


def join(items: list[str], lang: str = "da") -> str:
    """ "Laos, Mexico, Moldova og Tjetjenien"."""
    if len(items) == 1:
        return items[0]
    with translation.override(lang):
        word = pgettext("opremsning", "og")
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text
