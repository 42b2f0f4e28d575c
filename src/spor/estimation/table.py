"""Capture-history tables: the one input every estimation method takes.

A table has t lists and one count for each of the 2^t - 1 observable histories (the all-zero
history, the people on no list, is what we estimate and never a row). The CSV form is one 0/1
column per list, then `count` (docs/estimation.md#input). Histories missing from a CSV count zero;
a history given twice is an error, never summed silently. The registry adapter
(`spor.estimation.registry`) only has to build a mapping history -> count and call `CaptureTable.from_mapping`.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spor.common.cells import neutralise

MAX_LISTS = 12


class TableError(ValueError):
    """Bad capture-history input; the message names the place as `file:line: column: message`."""


def all_histories(t: int) -> np.ndarray:
    """The 2^t - 1 observable histories as an (m, t) 0/1 array, in a fixed order.

    Row k is the binary expansion of k + 1 with the first list as the most significant bit,
    so for three lists the rows are 001, 010, 011, ..., 111.
    """
    codes = np.arange(1, 2**t)
    shifts = np.arange(t - 1, -1, -1)
    return ((codes[:, None] >> shifts[None, :]) & 1).astype(np.int8)


@dataclass(frozen=True)
class CaptureTable:
    """Counts of the 2^t - 1 observable histories over named lists."""

    lists: tuple[str, ...]
    counts: np.ndarray  # float64, length 2^t - 1, in `all_histories` order

    @property
    def t(self) -> int:
        return len(self.lists)

    @property
    def histories(self) -> np.ndarray:
        return all_histories(self.t)

    @property
    def observed(self) -> int:
        return round(float(self.counts.sum()))

    def with_counts(self, counts: np.ndarray) -> CaptureTable:
        return CaptureTable(self.lists, np.asarray(counts, dtype=float))

    def as_mapping(self) -> dict[tuple[int, ...], int]:
        return {tuple(int(v) for v in h): int(c) for h, c in zip(self.histories, self.counts, strict=True)}

    def list_totals(self) -> dict[str, int]:
        totals = self.histories.T.astype(float) @ self.counts
        return {name: round(v) for name, v in zip(self.lists, totals, strict=True)}

    def drop_empty_lists(self) -> tuple[CaptureTable, list[str]]:
        """Remove lists nobody is on: they carry no information and make every model degenerate."""
        empty = [name for name, total in self.list_totals().items() if total == 0]
        if not empty:
            return self, []
        keep = [i for i, name in enumerate(self.lists) if name not in empty]
        return self.select_lists(keep), empty

    def select_lists(self, keep: list[int]) -> CaptureTable:
        """Collapse onto a subset of the lists (people on none of them drop out)."""
        sub: dict[tuple[int, ...], float] = {}
        for h, c in zip(self.histories, self.counts, strict=True):
            key = tuple(int(h[i]) for i in keep)
            sub[key] = sub.get(key, 0.0) + float(c)
        sub.pop(tuple(0 for _ in keep), None)
        return CaptureTable.from_mapping([self.lists[i] for i in keep], sub)

    @classmethod
    def from_mapping(cls, lists: Iterable[str], counts: Mapping[tuple[int, ...], float]) -> CaptureTable:
        """Build a table from {history tuple: count}; absent histories count zero."""
        names = tuple(lists)
        _check_names(names, where="lists")
        index = {tuple(int(v) for v in h): k for k, h in enumerate(all_histories(len(names)))}
        values = np.zeros(len(index))
        for history, count in counts.items():
            key = tuple(int(v) for v in history)
            if key not in index:
                raise TableError(f"history {key}: not an observable history over {len(names)} lists")
            if count < 0:
                raise TableError(f"history {key}: negative count {count}")
            values[index[key]] = count
        return cls(names, values)


def _check_names(names: tuple[str, ...], where: str) -> None:
    if len(names) < 2:
        raise TableError(f"{where}: at least two lists are needed, got {len(names)}")
    if len(names) > MAX_LISTS:
        raise TableError(f"{where}: at most {MAX_LISTS} lists are supported, got {len(names)}")
    if len(set(names)) != len(names) or any(not n.strip() for n in names):
        raise TableError(f"{where}: list names must be distinct and non-empty")


def read_csv(path: str | Path) -> CaptureTable:
    """Read a capture-history CSV strictly; every problem is reported, nothing is guessed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(f"{path}: cannot read: {exc}") from exc
    return parse_csv(text, name=str(path))


def parse_csv(text: str, name: str = "<table>") -> CaptureTable:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise TableError(f"{name}:1: header: the file is empty")
    header = [h.strip() for h in rows[0]]
    if not header or header[-1] != "count":
        raise TableError(f"{name}:1: count: the last column must be `count`")
    lists = tuple(header[:-1])
    try:
        _check_names(lists, where="header")
    except TableError as exc:
        raise TableError(f"{name}:1: {exc}") from None
    errors: list[str] = []
    counts: dict[tuple[int, ...], float] = {}
    seen_on: dict[tuple[int, ...], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            errors.append(f"{name}:{line}: row: expected {len(header)} cells, got {len(row)}")
            continue
        history = _parse_history(row[:-1], lists, name, line, errors)
        count = _parse_count(row[-1], name, line, errors)
        if history is None or count is None:
            continue
        if not any(history):
            errors.append(f"{name}:{line}: {lists[0]}: the all-zero history is the unknown; it cannot be a row")
        elif history in seen_on:
            errors.append(f"{name}:{line}: {lists[0]}: history repeats line {seen_on[history]}")
        else:
            seen_on[history] = line
            counts[history] = count
    if errors:
        raise TableError("\n".join(errors))
    return CaptureTable.from_mapping(lists, counts)


def _parse_history(
    cells: list[str], lists: tuple[str, ...], name: str, line: int, errors: list[str]
) -> tuple[int, ...] | None:
    values = []
    for column, cell in zip(lists, cells, strict=True):
        value = cell.strip()
        if value not in ("0", "1"):
            errors.append(f"{name}:{line}: {column}: expected 0 or 1, got {value!r}")
            return None
        values.append(int(value))
    return tuple(values)


def _parse_count(cell: str, name: str, line: int, errors: list[str]) -> float | None:
    value = cell.strip()
    if not value.isdigit():
        errors.append(f"{name}:{line}: count: expected a whole number >= 0, got {value!r}")
        return None
    return float(int(value))


def to_csv(table: CaptureTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*(neutralise(name) for name in table.lists), "count"])
    for h, c in zip(table.histories, table.counts, strict=True):
        writer.writerow([*(int(v) for v in h), round(float(c))])
    return out.getvalue()


def pairs(t: int) -> list[tuple[int, int]]:
    return list(itertools.combinations(range(t), 2))
