"""Template filters of the web application: names in the active language (Babel/CLDR)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import get_language

from spor import nationalities

register = template.Library()


@register.filter
def nationality_names(codes: Iterable[str] | None) -> str:
    """["RO", "RU-CE"] -> "Rumænien, Tjetjenien" in Danish, "Romania, Chechnya" in English."""
    lang = (get_language() or "da")[:2]
    return ", ".join(nationalities.name(code, lang) for code in codes or []) or "—"
