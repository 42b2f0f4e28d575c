"""report.xlsx: one sheet per table of the publication (openpyxl), the title in the first row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

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
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = max(12, min(45, max((len(str(r[0])) for r in table.rows), default=10) + 2))
    path = out / "report.xlsx"
    book.save(path)
    return path


def _sheet_name(key: str, used: set[str]) -> str:
    """Excel allows 31 characters and unique names."""
    name, n = key[:31], 2
    while name in used:
        name = f"{key[:28]}_{n}"
        n += 1
    used.add(name)
    return name
