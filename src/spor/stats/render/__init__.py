"""Renderers: each writes a report dict (spor.stats.report) in one format; none computes a figure.

`render(report, out, formats, lang)` writes the requested formats into `out`: report.json,
report.html, report.pdf, report.xlsx and the CSV tables: `csv/` for machines (UTF-8, comma,
decimal point) and `csv_excel/` for Danish Excel (UTF-8 with BOM, semicolon, decimal comma).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from spor.stats.publication import Chart, Edition, Section, Table

FORMATS = ("json", "html", "pdf", "xlsx", "csv")


def render_json(report: dict[str, Any], out: Path) -> Path:
    """report.json, UTF-8, keys in the order of docs/definitions.md#report-json (the figures only:
    an edition's overrides and revision note are text, kept with the release)."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def all_tables(sections: list[Section]) -> list[Table]:
    """Every table of the publication, plus each chart's data as a table (for XLSX and CSV)."""
    tables: list[Table] = []
    for section in sections:
        for n, chart in enumerate(section.charts, start=1):
            names = [name or _("Antal") for name in chart.series]
            rows = [[lab, *(values[i] for values in chart.series.values())] for i, lab in enumerate(chart.labels)]
            tables.append(
                Table(
                    f"{section.key}_figur{n}",
                    chart.title,
                    ["", *names],
                    rows,
                    codes=list(chart.codes) if chart.codes else None,
                    number=chart.number,
                    source=chart.source,
                    unit=_("Enhed: personer"),
                )
            )
        tables.extend(section.tables)
        if section.key == "about":
            # The explanatory text, one paragraph a row, so the workbook and the CSV carry it too.
            tables.append(Table("about", section.title, [_("Tekst")], [[p] for p in section.paragraphs]))
    return tables


def caption(table: Table | Chart) -> str:
    """ "Figur 3. Title" / "Tabel 2. Title"."""
    return f"{table.number}. {table.title}" if table.number else table.title


def render(
    report: dict[str, Any],
    out: Path,
    formats: Iterable[str] = FORMATS,
    lang: str = "da",
    edition: Edition | None = None,
) -> list[Path]:
    """Write each format of `formats` into `out`; returns the paths written. `edition` carries the
    overrides, the revision note and the back page's facts (spor.stats.publication.Edition)."""
    from spor.stats.render import csvdir, html, pdf, xlsx

    writers: dict[str, Callable[[dict[str, Any], Path, str, Edition | None], Path]] = {
        "json": lambda r, o, _lang, _edition: render_json(r, o),
        "html": html.render_html,
        "pdf": pdf.render_pdf,
        "xlsx": xlsx.render_xlsx,
        "csv": csvdir.render_csv,
    }
    out.mkdir(parents=True, exist_ok=True)
    return [writers[f](report, out, lang, edition) for f in formats]


INTERNAL = "report-internal.html"


def render_internal(report: dict[str, Any], out: Path, lang: str = "da") -> Path:
    """The internal appendix: the data-quality warnings, in a file of its own that no public
    format includes (docs/statistics.md#the-internal-appendix)."""
    from spor.stats.render.html import internal_document

    out.mkdir(parents=True, exist_ok=True)
    path = out / INTERNAL
    path.write_text(internal_document(report, lang), encoding="utf-8")
    return path
