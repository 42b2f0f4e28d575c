"""Nationality codes and their names in Danish and English (docs/definitions.md#nationality).

A nationality is an ISO 3166-1 alpha-2 code, `XK` (Kosovo), `XX` (stateless), `ZZ` (unknown), or
an ISO 3166-2 subdivision code where the person's origin is recorded by region (`RU-CE`,
Chechnya). Country names come from the CLDR data shipped with Babel, so "RO" is "Rumænien" in
Danish and "Romania" in English without a hand-kept list.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from spor.vocabulary import SPECIAL_NATIONALITIES

#: Subdivisions we know by name; others of the right form are valid but shown by code.
SUBDIVISIONS: dict[str, tuple[str, str]] = {
    "RU-CE": ("Tjetjenien", "Chechnya"),
    "RU-DA": ("Dagestan", "Dagestan"),
    "RU-IN": ("Ingusjetien", "Ingushetia"),
}

_SUBDIVISION = re.compile(r"^([A-Z]{2})-[A-Z0-9]{1,3}$")


@cache
def _countries() -> frozenset[str]:
    territories = Locale("en").territories
    # CLDR also lists regions ("150" Europe), groupings (EU, UN) and private-use codes.
    not_countries = {"ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"}
    return frozenset(str(c) for c in territories if len(str(c)) == 2 and str(c).isalpha() and c not in not_countries)


def is_valid(code: str) -> bool:
    """True for a code of the nationality vocabulary."""
    if code in SPECIAL_NATIONALITIES or code in SUBDIVISIONS:
        return True
    match = _SUBDIVISION.match(code)
    if match:
        return match.group(1) in _countries()
    return code in _countries()


def name(code: str, lang: str = "da") -> str:
    """The nationality's name in `lang` ("da" or "en"); the code itself if it has no name."""
    if code in SPECIAL_NATIONALITIES:
        return _pick(SPECIAL_NATIONALITIES[code], lang)
    if code in SUBDIVISIONS:
        return _pick(SUBDIVISIONS[code], lang)
    names = Locale(lang).territories
    return str(names.get(code, code))


def _pick(names: tuple[str, str], lang: str) -> str:
    """The name in `lang` from a (Danish, English) pair; English for any other language."""
    return dict(zip(("da", "en"), names, strict=True)).get(lang, names[1])


def all_codes() -> list[str]:
    """Every country code plus the special codes, sorted: for choice lists."""
    return sorted(_countries() | set(SPECIAL_NATIONALITIES) | set(SUBDIVISIONS))
