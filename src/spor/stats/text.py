"""The running text of the publication, generated from report.json in CMM's register.

Danish follows the 2025 edition ("Statistik 2025 - Menneskehandel i Danmark"): numbers under ten
as words ("Otte af dem", "tre mænd"), singular and plural, approximate shares named by the
nearest simple fraction with "knap" (just under) and "godt" (just over) as the seeds use them
(the rule is in docs/statistics.md#knap-godt-and-cirka), and "en stigning/et fald på N pct.
sammenholdt med" the previous year. Every word is
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


#: A share this close to a simple fraction (in percentage points) is named by the fraction alone;
#: up to `APPROX` points off it is "knap" (under) or "godt" (over); further off it is a per cent.
EXACT, APPROX = 1.5, 4.0


def _nearest(ratio: float) -> tuple[float, str, float]:
    """The nearest simple fraction: its value, its words and the distance in percentage points
    (positive: the share is above the fraction)."""
    value, words = min(_fractions(), key=lambda f: abs(f[0] - ratio))
    return value, words, (ratio - value) * 100


def share(part: int, whole: int, lang: str = "da") -> str:
    """A share in running text as CMM writes it (docs/statistics.md#knap-godt-and-cirka):
    "en fjerdedel" (23.8 %), "knap halvdelen" (47.5 %), "godt tre fjerdedele" (77.2 %), "40 pct.",
    "alle", "ingen"."""
    with translation.override(lang):
        if whole == 0 or part == 0:
            return pgettext("andel", "ingen")
        if part == whole:
            return pgettext("andel", "alle")
        ratio = part / whole
        _value, words, off = _nearest(ratio)
        if abs(off) > APPROX:
            return _("%(pct)s pct.") % {"pct": round(ratio * 100)}
        if abs(off) <= EXACT:
            return words
        return _approx(off < 0, words)


def _unit_fractions() -> dict[float, tuple[str, str, str]]:
    """The fractions a headline names as "every n-th": exact, just under, just over."""
    return {
        1 / 3: (_("Hver tredje"), _("Næsten hver tredje"), _("Mere end hver tredje")),
        1 / 4: (_("Hver fjerde"), _("Næsten hver fjerde"), _("Mere end hver fjerde")),
        1 / 5: (_("Hver femte"), _("Næsten hver femte"), _("Mere end hver femte")),
        1 / 10: (_("Hver tiende"), _("Næsten hver tiende"), _("Mere end hver tiende")),
    }


def headline_share(part: int, whole: int, lang: str = "da", every: bool = True) -> str:
    """A share at the start of a headline, as CMM's headlines put it: "Næsten hver fjerde" (22.8 %),
    "Mere end hver tredje" (37.0 %), "Mere end halvdelen" (54.5 %), "Knap tre fjerdedele",
    "Cirka 40 pct." (a share far from any simple fraction, to the nearest 5 per cent). With
    `every=False` (the object of a verb: "Kvinder udgør ...") a unit fraction is named as a
    fraction: "knap en fjerdedel"."""
    with translation.override(lang):
        if whole == 0 or part == 0:
            return cap(pgettext("andel", "ingen"))
        if part == whole:
            return cap(pgettext("andel", "alle"))
        ratio = part / whole
        value, words, off = _nearest(ratio)
        if value == 1 / 2 and off > EXACT:
            return _("Mere end halvdelen")
        if abs(off) > APPROX:
            return _("Cirka %(pct)s pct.") % {"pct": 5 * round(ratio * 20)}
        unit = _unit_fractions().get(value) if every else None
        if unit:
            exact, under, over = unit
            return exact if abs(off) <= EXACT else under if off < 0 else over
        return cap(words if abs(off) <= EXACT else _approx(off < 0, words))


def about(value: float, lang: str = "da") -> str:
    """A mean in running text: "knap 33" for 32.8, "godt 30" for 30.2, "30" for 30.0 (within 0.05)."""
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
