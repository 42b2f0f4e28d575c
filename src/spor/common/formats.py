"""Numbers and dates for people to read, through Babel: one formatter for every output of Spor.

Danish conventions in Danish (1.412; 0,17; 6. december 2026), British ones in English (1,412;
0.17; 6 December 2026). The language is the active Django language unless one is given, so text
rendered under `translation.override(lang)` formats its numbers to match (docs/statistics.md).
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils import translation

#: The Babel locale of each language Spor writes.
LOCALES = {"da": "da_DK", "en": "en_GB"}

DASH = "—"


def locale(lang: str | None = None) -> str:
    """The Babel locale of `lang`, or of the active language; Danish when it is neither."""
    code = (lang or translation.get_language() or "da").split("-")[0]
    return LOCALES.get(code, LOCALES["da"])


def number(value: float, lang: str | None = None, decimals: int = 1) -> str:
    """1412 -> "1.412"; 32.8 -> "32,8"; whole numbers without decimals, others with up to `decimals`."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale(lang))


def fixed(value: float, decimals: int, lang: str | None = None) -> str:
    """Exactly `decimals` decimals: 0.17 -> "0,170" with 3."""
    return format_decimal(value, format="#,##0." + "0" * decimals, locale=locale(lang))


def rounded(value: float | None, lang: str | None = None) -> str:
    """A whole number, or a dash for a missing or infinite value (estimates)."""
    if value is None or not math.isfinite(value):
        return DASH
    return number(round(value), lang, decimals=0)


def date(value: dt.date, lang: str | None = None) -> str:
    """6 December 2026 as "6. december 2026" (da) or "6 December 2026" (en)."""
    return format_date(value, format="long", locale=locale(lang))
