"""The running text of the publication, generated from report.json in CMM's register.

Danish follows the 2025 edition ("Statistik 2025 - Menneskehandel i Danmark"): numbers under ten
as words ("Otte af dem", "tre mænd"), singular and plural, approximate shares with "knap" (just
under) and "godt" (just over) the nearest simple fraction ("knap halvdelen", "knap en
fjerdedel"), and "en stigning/et fald på N pct. sammenholdt med" the previous year. English
(`lang="en"`) says the same. The text reads figures only; it computes nothing but wording.
"""

from __future__ import annotations

WORDS = {
    "da": ["ingen", "én", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"],
    "en": ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
}
NOUNS = {
    "da": {"person": ("person", "personer"), "woman": ("kvinde", "kvinder"), "man": ("mand", "mænd")},
    "en": {"person": ("person", "persons"), "woman": ("woman", "women"), "man": ("man", "men")},
}
FRACTIONS = {
    "da": [(1 / 2, "halvdelen"), (1 / 3, "en tredjedel"), (2 / 3, "to tredjedele"), (1 / 4, "en fjerdedel"),
           (3 / 4, "tre fjerdedele"), (1 / 5, "en femtedel"), (1 / 10, "en tiendedel")],
    "en": [(1 / 2, "half"), (1 / 3, "a third"), (2 / 3, "two thirds"), (1 / 4, "a quarter"),
           (3 / 4, "three quarters"), (1 / 5, "a fifth"), (1 / 10, "a tenth")],
}  # fmt: skip
APPROX = {"da": ("knap ", "godt "), "en": ("just under ", "just over ")}


def number(n: int, lang: str = "da", start: bool = False) -> str:
    """A count in running text: words under ten (CMM: "Otte af dem", "tre mænd"), digits above."""
    text = WORDS[lang][n] if 0 <= n < 10 else f"{n:,}".replace(",", "." if lang == "da" else ",")
    return text[0].upper() + text[1:] if start else text


def count(n: int, noun: str, lang: str = "da", start: bool = False) -> str:
    """ "tre mænd", "én kvinde", "101 personer"."""
    singular, plural = NOUNS[lang][noun]
    return f"{number(n, lang, start)} {singular if n == 1 else plural}"


def share(part: int, whole: int, lang: str = "da") -> str:
    """An approximate share as CMM writes it: "knap halvdelen", "godt en fjerdedel", "alle"."""
    if whole == 0:
        return "ingen" if lang == "da" else "none"
    ratio = part / whole
    if part == whole:
        return "alle" if lang == "da" else "all"
    value, words = min(FRACTIONS[lang], key=lambda f: abs(f[0] - ratio))
    if abs(value - ratio) > 0.04:
        return f"{round(ratio * 100)} pct." if lang == "da" else f"{round(ratio * 100)} per cent"
    if abs(value - ratio) < 0.005:
        return words
    under, over = APPROX[lang]
    return (under if ratio < value else over) + words


def about(value: float, lang: str = "da") -> str:
    """ "knap 33" for 32.8, "godt 30" for 30.2, "30" for 30.0."""
    whole = round(value)
    if abs(whole - value) < 0.05:
        return str(whole)
    under, over = APPROX[lang]
    return (under if value < whole else over) + str(whole)


def change(pct: int | None, previous_year: int, lang: str = "da") -> str:
    """ "Det er en stigning på 29 pct. sammenholdt med 2024." (empty when there is no change figure)."""
    if pct is None:
        return ""
    if lang == "en":
        if pct == 0:
            return f"That is the same as in {previous_year}."
        kind = "an increase" if pct > 0 else "a decrease"
        return f"That is {kind} of {abs(pct)} per cent compared with {previous_year}."
    if pct == 0:
        return f"Det er samme niveau som i {previous_year}."
    kind = "en stigning" if pct > 0 else "et fald"
    return f"Det er {kind} på {abs(pct)} pct. sammenholdt med {previous_year}."


def join(items: list[str], lang: str = "da") -> str:
    """ "Laos, Mexico, Moldova og Tjetjenien"."""
    word = " og " if lang == "da" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


def cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text
