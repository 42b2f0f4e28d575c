"""report.html: one self-contained file (inline CSS and SVG charts, no external resources).

The page is the Django template stats/report.html, rendered with autoescaping under the report's
language. Each chart is followed by its data as a table inside <details>, so screen-reader users
and anyone who wants the numbers get them without reading the picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from spor.common import formats
from spor.stats.charts import svg
from spor.stats.publication import Chart, Edition, Section, Share, Table, internal_appendix, revision_line, sections
from spor.stats.render import caption


def render_html(report: dict[str, Any], out: Path, lang: str = "da", edition: Edition | None = None) -> Path:
    path = out / "report.html"
    path.write_text(html_document(report, lang, edition), encoding="utf-8")
    return path


def html_document(report: dict[str, Any], lang: str = "da", edition: Edition | None = None) -> str:
    """The public publication: every section but the data-quality warnings (the internal appendix);
    the back page ("colophon") as the page's footer."""
    with translation.override(lang):
        parts = [_section(s, lang) for s in sections(report, lang, edition)]
        context = {
            "lang": lang,
            "title": _("Statistik %(year)s - Menneskehandel i Danmark") % {"year": report["year"]},
            "revision": revision_line(edition, lang),
            "sections": [p for p in parts if p["key"] != "colophon"],
            "colophon": next((p for p in parts if p["key"] == "colophon"), None),
        }
        return render_to_string("stats/report.html", context)


def internal_document(report: dict[str, Any], lang: str = "da") -> str:
    """The internal appendix: the year's data-quality warnings, marked as not for publication."""
    with translation.override(lang):
        appendix = internal_appendix(report, lang)
        context = {
            "lang": lang,
            "title": appendix.title,
            "warnings": appendix.paragraphs,
            "codes": [w["code"] for w in report.get("warnings") or []],
        }
        return render_to_string("stats/internal.html", context)


def _section(section: Section, lang: str) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "paragraphs": section.paragraphs,
        "figures": [_figure(c, lang) for c in section.charts],
        "tables": [_table(t, lang) for t in section.tables],
    }


def _figure(chart: Chart, lang: str) -> dict[str, Any]:
    names = [name or _("Antal") for name in chart.series]
    rows = [[label, *(values[i] for values in chart.series.values())] for i, label in enumerate(chart.labels)]
    return {
        "title": caption(chart),
        "source": chart.source,
        # matplotlib's SVG, its text escaped by matplotlib and the title by spor.common.charts.
        "svg": mark_safe(svg(chart, lang)),  # noqa: S308
        "data": _table(Table("", "", ["", *names], rows), lang),
    }


def _table(table: Table, lang: str) -> dict[str, Any]:
    return {
        "title": caption(table) if table.title else "",
        "source": table.source,
        "header": table.header,
        "rows": [[_cell(v, lang) for v in row] for row in table.rows],
    }


def percent(value: float, lang: str) -> str:
    """0.333 -> "33,3 %" (da), "33.3 %" (en); 0 -> "0 %", never "0.0"."""
    return f"{formats.number(round(value * 100, 1), lang, decimals=1)} %"


def _cell(value: Any, lang: str) -> dict[str, Any]:
    if value is None:  # no figure, which is not zero (docs/definitions.md#absent-is-never-zero)
        return {"text": "–", "numeric": True}
    if isinstance(value, bool):
        return {"text": str(value), "numeric": False}
    if isinstance(value, Share):
        return {"text": percent(value, lang), "numeric": True}
    if isinstance(value, float) and not value.is_integer():
        return {"text": formats.fixed(value, 3, lang), "numeric": True}
    if isinstance(value, int | float):
        return {"text": formats.number(value, lang), "numeric": True}
    return {"text": str(value), "numeric": False}
