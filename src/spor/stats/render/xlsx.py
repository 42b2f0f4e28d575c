"""report.xlsx: a contents sheet, then one sheet per table of the publication (openpyxl).

Each sheet: the numbered title, the header, the rows (numbers as numbers, years as whole numbers,
shares as per cent, "–" where there is no figure), the codes beside the labels where the table
has them, and a notes row with the unit and the source. Sheet names are the table's number and
title, cut to Excel's 31 characters.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from spor.common.cells import neutralise
from spor.stats.publication import Edition, Share, Table, revision_line, sections
from spor.stats.render import all_tables, caption

NO_FIGURE = "–"


def render_xlsx(report: dict[str, Any], out: Path, lang: str = "da", edition: Edition | None = None) -> Path:
    book = Workbook()
    contents = book.active
    assert contents is not None
    with translation.override(lang):
        contents.title = _("Indhold")
        _append(contents, [_("Statistik %(year)s - Menneskehandel i Danmark") % {"year": report["year"]}])
        contents["A1"].font = Font(bold=True)
        if revision_line(edition, lang):
            contents["C1"] = revision_line(edition, lang)
            contents["C1"].font = Font(bold=True, color="9C2B2B")
        _append(contents, [_("Ark"), _("Tabel")])
        used: set[str] = {contents.title}
        for table in all_tables(sections(report, lang, edition)):
            name = _sheet_name(table, used)
            _write_table(book.create_sheet(name), table)
            _append(contents, [name, caption(table)])
            contents.cell(contents.max_row, 1).hyperlink = f"#'{name}'!A1"
        contents.column_dimensions["A"].width = 34
        contents.column_dimensions["B"].width = 90
    path = out / "report.xlsx"
    book.save(path)
    return path


def _write_table(sheet: Any, table: Table) -> None:
    _append(sheet, [caption(table)])
    sheet["A1"].font = Font(bold=True)
    codes = table.codes
    _append(sheet, [*table.header, *([_("Kode")] if codes else [])])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, row in enumerate(table.rows):
        values = [_value(v, first=i == 0) for i, v in enumerate(row)]
        _append(sheet, [*values, *([codes[n] if n < len(codes) else None] if codes else [])])
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, Share):
                cell.number_format = "0.0 %"
    _append(sheet, [])
    _append(sheet, [" ".join(part for part in (table.unit, table.source) if part)])
    sheet.cell(sheet.max_row, 1).font = Font(italic=True)
    sheet.column_dimensions["A"].width = max(12, min(45, max((len(str(r[0])) for r in table.rows), default=10) + 2))


def _value(value: Any, *, first: bool) -> Any:
    """A cell's value: no figure as "–", a year label as a whole number."""
    if value is None:
        return NO_FIGURE
    if first and isinstance(value, str) and value.isdigit() and len(value) == 4:
        return int(value)
    if isinstance(value, Share):
        return float(value)
    return value


def _append(sheet: Any, row: list[Any]) -> None:
    """Append a row; text that a spreadsheet would take as a formula stays text (spor.common.cells).

    openpyxl writes a string beginning with "=" as a formula: such cells are stored as text with
    Excel's quote prefix, which shows the value as typed and never evaluates it.
    """
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and neutralise(cell.value) != cell.value:
            cell.value = str(cell.value)
            cell.data_type = "s"
            cell.quotePrefix = True


def _sheet_name(table: Table, used: set[str]) -> str:
    """The table's number and title, without the characters Excel forbids, 31 characters, unique."""
    base = re.sub(r"[\[\]:*?/\\']", "", f"{table.number} {table.title}".strip())[:31].strip()
    name, n = base, 2
    while name in used:
        name = f"{base[:27]} ({n})"
        n += 1
    used.add(name)
    return name
