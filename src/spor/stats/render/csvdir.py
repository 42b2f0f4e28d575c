"""The publication's tables as CSV, one file per table, in two dialects.

- `csv/`: for machines. UTF-8 without BOM, comma, decimal point, shares as fractions (0.333),
  empty where there is no figure.
- `csv_excel/`: for Danish Excel, which opens it with a double click. UTF-8 with BOM (so Excel
  reads the letters right), semicolon (Danish Excel's list separator), decimal comma, shares as
  per cent, "–" where there is no figure.

Both carry the codes beside the labels where the table has them, and keep spreadsheet-safe
cells (spor.common.cells).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from spor.common.cells import safe_rows
from spor.stats.publication import Edition, Share, Table, sections
from spor.stats.render import all_tables


def render_csv(report: dict[str, Any], out: Path, lang: str = "da", edition: Edition | None = None) -> Path:
    folder, excel = out / "csv", out / "csv_excel"
    folder.mkdir(parents=True, exist_ok=True)
    excel.mkdir(parents=True, exist_ok=True)
    with translation.override(lang):
        for table in all_tables(sections(report, lang, edition)):
            rows = _rows(table)
            with (folder / f"{table.key}.csv").open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(safe_rows([[_plain(v) for v in row] for row in rows]))
            with (excel / f"{table.key}.csv").open("w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle, delimiter=";")
                writer.writerows(safe_rows([[_danish(v, lang) for v in row] for row in rows]))
    return folder


def _rows(table: Table) -> list[list[Any]]:
    codes = table.codes
    if not codes:
        return [table.header, *table.rows]
    return [
        [*table.header, _("Kode")],
        *([*row, codes[n] if n < len(codes) else None] for n, row in enumerate(table.rows)),
    ]


def _plain(value: Any) -> Any:
    return "" if value is None else float(value) if isinstance(value, Share) else value


def _danish(value: Any, lang: str) -> Any:
    from spor.stats.render.html import percent

    if value is None:
        return "–"
    if isinstance(value, Share):
        return percent(value, lang)
    if isinstance(value, float):
        return str(value).replace(".", ",") if lang == "da" else value
    return value
