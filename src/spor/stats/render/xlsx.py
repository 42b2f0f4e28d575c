"""report.xlsx: one sheet per table of the publication (openpyxl), the title in the first row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from spor.common.cells import neutralise
from spor.stats.publication import sections
from spor.stats.render import all_tables


def render_xlsx(report: dict[str, Any], out: Path, lang: str = "da") -> Path:
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    used: set[str] = set()
    for table in all_tables(sections(report, lang)):
        name = _sheet_name(table.key, used)
        sheet = book.create_sheet(name)
        _append(sheet, [table.title])
        sheet["A1"].font = Font(bold=True)
        _append(sheet, table.header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            _append(sheet, row)
        sheet.column_dimensions["A"].width = max(12, min(45, max((len(str(r[0])) for r in table.rows), default=10) + 2))
    path = out / "report.xlsx"
    book.save(path)
    return path


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


def _sheet_name(key: str, used: set[str]) -> str:
    """Excel allows 31 characters and unique names."""
    name, n = key[:31], 2
    while name in used:
        name = f"{key[:28]}_{n}"
        n += 1
    used.add(name)
    return name
