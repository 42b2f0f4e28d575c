"""The draft figures of a year beside last year's release, table by table (docs/statistics.md#releases).

`compare(current, previous)` walks the sections of two report.json dicts and returns, for every
table of counts (every dict of numbers in a section, at any depth), its rows with last year's
figure, this year's and the change. A figure one of the two does not have is None ("–"), not 0.
The time series and the court statistics (a series by year) are history, not the year's tables, and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SECTIONS = ("inquiries", "assessed", "identified", "returns", "status_end_of_year", "police_reports")


@dataclass(frozen=True)
class Row:
    key: str
    previous: float | None
    current: float | None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous

    @property
    def change_pct(self) -> int | None:
        if self.change is None or not self.previous:
            return None
        return int(Decimal(str(self.change * 100 / self.previous)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Comparison:
    title: str  # the path of the table in report.json ("identified / by_gender")
    rows: list[Row]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _tables(path: str, value: Any, out: dict[str, dict[str, Any]]) -> None:
    """Every dict holding numbers, as path -> {key: number}; nested dicts are tables of their own."""
    if not isinstance(value, dict):
        return
    numbers = {str(k): v for k, v in value.items() if _number(v) is not None or v is None}
    if any(_number(v) is not None for v in numbers.values()):
        out[path] = numbers
    for key, inner in value.items():
        if isinstance(inner, dict):
            _tables(f"{path} / {key}", inner, out)


def compare(current: dict[str, Any], previous: dict[str, Any] | None) -> list[Comparison]:
    """The tables of `current` (a report.json) with the same tables of `previous`, row by row."""
    out: list[Comparison] = []
    for section in SECTIONS:
        mine: dict[str, dict[str, Any]] = {}
        theirs: dict[str, dict[str, Any]] = {}
        _tables(section, current.get(section), mine)
        if previous is not None:
            _tables(section, previous.get(section), theirs)
        for path in [*mine, *(p for p in theirs if p not in mine)]:
            now, then = mine.get(path, {}), theirs.get(path, {})
            keys = [*now, *(k for k in then if k not in now)]
            out.append(Comparison(path, [Row(k, _number(then.get(k)), _number(now.get(k))) for k in keys]))
    return out
