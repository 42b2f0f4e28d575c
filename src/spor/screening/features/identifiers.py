"""Phone numbers, e-mail addresses, messenger handles and URLs in ad text (docs/screening-analysis.md#pipeline).

Posters hide their numbers from filters: ``to to fire fem ...``, ``2O 4five``, ``9I555647``,
keycap and styled digits, dots and slashes. Obfuscation is undone only inside *digit-dense spans*:
runs of tokens that are each a digit group, a spelled digit, a look-alike letter next to real
digits, or a mix of these, separated by nothing but separators. A span must add up to a whole
phone number before anything is read from it, so ordinary words (``fire dage``, ``to timer``,
``one night``) never become numbers. Numbers are parsed and checked with ``phonenumbers`` (default
region DK) and returned in E.164.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers

DEFAULT_REGION = "DK"

SPELLED = {
    # Danish
    "nul": "0", "en": "1", "et": "1", "to": "2", "tre": "3", "fire": "4", "fem": "5", "seks": "6",
    "syv": "7", "otte": "8", "ni": "9",
    # English
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
LOOKALIKE = {"O": "0", "I": "1", "l": "1", "|": "1"}
_SPELLED_RE = "|".join(sorted((re.escape(w) for w in SPELLED), key=len, reverse=True))
#: Look-alikes count only in their deceptive case: "O" and "I"/"l", not the "o" of "too".
_PART = re.compile("(?i:" + _SPELLED_RE + r")|\d|[OIl|]")
_DIGITISH = r"(?:(?i:" + _SPELLED_RE + r")|\d|[OIl|])+"
#: A run of digit-like tokens separated only by separators: the only place numbers are read from.
_SPAN = re.compile(rf"(?<![\w+])\+?{_DIGITISH}(?:[\s\-./()\[\],:]+{_DIGITISH})*(?!\w)")
_TOKEN = re.compile(r"\+?[0-9A-Za-z|]+")
#: Zero-width joiners, variation selectors and the keycap mark that emoji digits are built from.
_INVISIBLE = dict.fromkeys(map(ord, "\ufe0f\ufe0e\u20e3\u200b\u200c\u200d\u2060"), None)
_FANCY_DIGITS = re.compile("[\u20e3\uff10-\uff19\U0001d7ce-\U0001d7ff\u2460-\u2468\u24ea]")


def normalise_digits(text: str) -> str:
    """Fold fullwidth, mathematical, circled and keycap digits into ASCII digits (NFKC and keycaps)."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    return folded.replace("⓪", "0")


def _token_digits(token: str) -> str | None:
    """The digits a token stands for, or None if it is an ordinary word."""
    plain = token.lstrip("+")
    if plain.isdigit():
        return plain
    parts = _PART.findall(plain)
    if "".join(parts) != plain:
        return None
    real = sum(p.isdigit() for p in parts)
    spelled = sum(p.lower() in SPELLED for p in parts)
    if len(parts) - real - spelled and not (real or spelled):  # a lone "I", "l" or "O" is a letter
        return None
    return "".join(p if p.isdigit() else SPELLED.get(p.lower()) or LOOKALIKE[p] for p in parts)


def digit_spans(text: str) -> list[tuple[str, list[str], bool]]:
    """Digit-dense spans: (prefix '+' or '', digits of each token, whether any token was disguised)."""
    text = normalise_digits(text)
    spans = []
    for match in _SPAN.finditer(text):
        if match.end() - match.start() < 8:  # too short to hold 8 digits in any writing
            continue
        tokens = _TOKEN.findall(match.group())
        groups = [_token_digits(token) for token in tokens]
        run: list[str] = []
        disguised = False
        for token, digits in zip(tokens, groups, strict=True):
            if digits is None:  # a lone look-alike letter splits the span
                if run:
                    spans.append(("+" if tokens[0].startswith("+") else "", run, disguised))
                run, disguised = [], False
                continue
            run.append(digits)
            disguised = disguised or not token.lstrip("+").isdigit()
        if run:
            spans.append(("+" if match.group().startswith("+") else "", run, disguised))
    return spans


def _numbers_in_span(prefix: str, groups: list[str], region: str) -> list[str]:
    compact = "".join(groups)
    if len(compact) < 8:
        return []
    if prefix == "+" or compact.startswith("00"):
        candidate = "+" + compact.removeprefix("00")
        return _valid([candidate], region) or _matcher(prefix + " ".join(groups), region)
    if len(compact) == 8 or (len(compact) == 10 and compact.startswith("45")):
        found = _valid([compact if len(compact) == 8 else "+" + compact], region)
        if found:
            return found
    return _windows(groups, region)


def _windows(groups: list[str], region: str) -> list[str]:
    """Several numbers, or a number next to other figures ('22 45 67 89 24/7'): runs of whole
    groups that make a valid number, taken left to right without overlap."""
    found: list[str] = []
    start = 0
    while start < len(groups):
        for end in range(start + 1, len(groups) + 1):
            compact = "".join(groups[start:end])
            if len(compact) > 12:
                break
            if len(compact) >= 8:
                number = _valid([compact], region) if len(compact) == 8 else _valid(["+" + compact], region)
                if number:
                    found += number
                    start = end - 1
                    break
        start += 1
    return found


def _valid(candidates: list[str], region: str) -> list[str]:
    return [number for number in (_e164(candidate, region) for candidate in candidates) if number]


@lru_cache(maxsize=1 << 18)
def _e164(candidate: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _matcher(text: str, region: str) -> list[str]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        found.append(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
    return found


def phones(text: str, region: str = DEFAULT_REGION) -> list[str]:
    """Phone numbers in ``text`` (E.164, in order, without repeats), obfuscations undone."""
    return [number for number, _ in phones_with_disguise(text, region)]


def phones_with_disguise(text: str, region: str = DEFAULT_REGION) -> list[tuple[str, bool]]:
    """(number, obscured) pairs: obscured when spelled, look-alike or fancy digits hid the number."""
    fancy = bool(_FANCY_DIGITS.search(text)) if not text.isascii() else False
    found: dict[str, bool] = {}
    for prefix, groups, disguised in digit_spans(text):
        compact_len = sum(len(g) for g in groups)
        if compact_len < 8:
            continue
        for number in _numbers_in_span(prefix, groups, region):
            found[number] = found.get(number, False) or disguised or fancy
    return list(found.items())


def is_obscured(text: str, region: str = DEFAULT_REGION) -> bool:
    """Whether a phone number is written so that a plain-digit search would miss it."""
    return any(obscured for _, obscured in phones_with_disguise(text, region))


_AT = r"(?:@|\s*\(at\)\s*|\s*\[at\]\s*|\s+snabel-a\s+)"
_DOT = r"(?:\.|\s*\(dot\)\s*|\s*\[dot\]\s*|\s+punktum\s+)"
_EMAIL = re.compile(rf"\b([a-z0-9][a-z0-9._+-]*){_AT}([a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_DOT}[a-z]{{2,}})\b", re.I)
_APPS = {"telegram": "telegram", "tg": "telegram", "snapchat": "snapchat", "snap": "snapchat",
         "line": "line", "signal": "signal", "whatsapp": "whatsapp", "wa": "whatsapp", "viber": "viber"}  # fmt: skip
_APP = "|".join(_APPS)
_APP_HINTS = ("telegram", "tg", "snap", "line", "signal", "whatsapp", "wa", "viber")
_HANDLE = re.compile(
    rf"\b({_APP})\b(?:\s*id)?(?:\s*[:=]\s*@?|\s*@|\s+(?=[a-z0-9_.]*[\d_]))([a-z][a-z0-9_.]{{2,31}})", re.IGNORECASE
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def emails(text: str) -> list[str]:
    """E-mail addresses, also written with (at)/[at]/'snabel-a' and (dot)."""
    lowered = text.lower()
    if "@" not in text and "at)" not in lowered and "at]" not in lowered and "snabel" not in lowered:
        return []
    out = []
    for user, domain in _EMAIL.findall(unicodedata.normalize("NFKC", text)):
        address = f"{user}@{re.sub(_DOT, '.', domain)}".lower()
        if address not in out:
            out.append(address)
    return out


def handles(text: str) -> list[str]:
    """Messenger handles as ``app:user`` (WhatsApp, Telegram, Line, Signal, Snapchat, Viber)."""
    lowered = text.lower()
    if not any(app in lowered for app in _APP_HINTS):
        return []
    out = []
    for app, user in _HANDLE.findall(unicodedata.normalize("NFKC", text)):
        handle = f"{_APPS[app.lower()]}:{user.lower().rstrip('.')}"
        if handle not in out:
            out.append(handle)
    return out


def urls(text: str) -> list[str]:
    if "http" not in text and "www." not in text:
        return []
    return list(dict.fromkeys(u.rstrip(".,);") for u in _URL.findall(text)))
