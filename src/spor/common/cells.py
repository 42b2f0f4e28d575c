"""Spreadsheet-safe cells: free text that a spreadsheet would run as a formula is never written so.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel and
LibreOffice as a formula (`=HYPERLINK(...)` in an organisation's name would become a live link).
Every CSV Spor writes prefixes such a cell with an apostrophe, the spreadsheets' own sign for "this
is text", and every XLSX stores it as a text cell with the quote-prefix style. The value stays
readable, and readers of Spor's own files (`spor import`) take the apostrophe off again, so an
export read back is the same data (docs/interchange.md#spreadsheet-safe-cells).

A value that already begins with an apostrophe followed by a trigger or another apostrophe gets one
more, so that taking one off on reading always gives back what was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

TRIGGERS = frozenset("=+-@\t\r")
#: A cell that must be (or was) neutralised: a trigger first, or an apostrophe before one.
PATTERN = r"^([=+\-@\t\r]|'[=+\-@\t\r'])"
#: A cell written by `neutralise`: an apostrophe before a trigger or another apostrophe.
ESCAPED = r"^'[=+\-@\t\r']"


def neutralise(value: Any) -> Any:
    """The cell as it may be written to a spreadsheet file; non-text values pass unchanged."""
    if isinstance(value, str) and value and (value[0] in TRIGGERS or (value[0] == "'" and _escaped(value))):
        return "'" + value
    return value


def restore(value: str) -> str:
    """The value a neutralised cell stands for (the inverse of `neutralise` on text)."""
    return value[1:] if value[:1] == "'" and _escaped(value) else value


def _escaped(value: str) -> bool:
    return len(value) > 1 and (value[1] in TRIGGERS or value[1] == "'")


def safe_rows(rows: Iterable[Sequence[Any]]) -> Iterable[list[Any]]:
    """Rows for `csv.writer.writerows`, every text cell neutralised."""
    for row in rows:
        yield [neutralise(cell) for cell in row]


def neutralise_expr(expr: pl.Expr) -> pl.Expr:
    """`neutralise` for a text column in polars (the interchange export writes millions of cells)."""
    return pl.when(expr.str.contains(PATTERN)).then(pl.lit("'") + expr).otherwise(expr)


def restore_expr(expr: pl.Expr) -> pl.Expr:
    """`restore` for a text column in polars."""
    return pl.when(expr.str.contains(ESCAPED)).then(expr.str.slice(1)).otherwise(expr)
