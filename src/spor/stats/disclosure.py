"""Disclosure control for open data: small-cell suppression with secondary suppression.

See docs/definitions.md#disclosure-control.

A table is published with its margins: an (r+1) x (c+1) grid whose last row and column are the
sums. Primary suppression hides every cell, margins included, with 0 < n < k. Secondary
suppression then hides more cells until no hidden cell can be worked out from what is shown:
1. every row and column equation (cells = margin) with exactly one hidden entry gets a second
   one: the smallest shown cell of that line (the grand total is never hidden);
2. then each hidden cell's feasible range under all equations and n >= 0 is computed by linear
   programming (scipy); a cell whose minimum equals its maximum is recoverable, and the smallest
   shown cell of its row is hidden too. Repeat until no cell is recoverable.
The grids are transportation polytopes (integral), so a real range min < max means at least two
integer tables fit what is published: the hidden value cannot be recovered.

The publication itself keeps CMM's practice and shows small numbers; only `--open-data` applies
this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog


@dataclass
class Grid:
    """Counts with row and column labels; `extended()` adds the margins."""

    name: str
    rows: list[str]
    cols: list[str]
    cells: list[list[int]]

    def extended(self) -> np.ndarray:
        body = np.array(self.cells, dtype=float).reshape(len(self.rows), len(self.cols))
        with_rows = np.hstack([body, body.sum(axis=1, keepdims=True)])
        return np.vstack([with_rows, with_rows.sum(axis=0, keepdims=True)])


def _lines(shape: tuple[int, int]) -> list[list[tuple[int, int]]]:
    """Each equation as its cells; the margin cell is the last of each line."""
    r, c = shape
    rows = [[(i, j) for j in range(c)] for i in range(r)]
    cols = [[(i, j) for i in range(r)] for j in range(c)]
    return rows + cols


def recoverable(values: np.ndarray, hidden: np.ndarray) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the shown cells, the equations and n >= 0."""
    unknown = [(int(ij[0]), int(ij[1])) for ij in np.argwhere(hidden)]
    if not unknown:
        return []
    index = {cell: n for n, cell in enumerate(unknown)}
    equations, targets = [], []
    for line in _lines(values.shape):
        *body, margin = line
        row = np.zeros(len(unknown))
        rhs = 0.0
        for cell in body:
            if cell in index:
                row[index[cell]] += 1
            else:
                rhs -= values[cell]
        if margin in index:
            row[index[margin]] -= 1
        else:
            rhs += values[margin]
        if row.any():
            equations.append(row)
            targets.append(rhs)
    a_eq, b_eq = np.array(equations), np.array(targets)
    found = []
    for cell, n in index.items():
        goal = np.zeros(len(unknown))
        goal[n] = 1
        low = linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if low.status == 0 and high.status == 0 and abs(low.fun + high.fun) < 1e-6:
            found.append(cell)
    return found


def protect(grid: Grid, k: int = 3) -> np.ndarray:
    """The suppression mask over the extended grid (True = hidden)."""
    values = grid.extended()
    hidden = (values > 0) & (values < k)
    r, c = values.shape[0] - 1, values.shape[1] - 1
    # The grand total is published; so is a margin that merely repeats it (a one-column table's
    # column total, a one-row table's row total).
    kept = {(r, c)} | ({(r, 0)} if c == 1 else set()) | ({(0, c)} if r == 1 else set())
    for cell in kept:
        hidden[cell] = False
    while True:
        changed = False
        for line in _lines(values.shape):
            if sum(hidden[x] for x in line) == 1:
                changed |= _hide_smallest(values, hidden, line, kept)
        if not changed:
            for cell in recoverable(values, hidden):
                changed |= _hide_smallest(values, hidden, [(cell[0], j) for j in range(c + 1)], kept)
                changed = changed or _hide_smallest(values, hidden, [(i, cell[1]) for i in range(r + 1)], kept)
                if changed:
                    break
        if not changed:
            break
    if recoverable(values, hidden):
        # Nothing left to hide but the total (a table with one category): hide the whole table.
        hidden[:] = True
    return hidden


def _hide_smallest(
    values: np.ndarray, hidden: np.ndarray, line: list[tuple[int, int]], kept: set[tuple[int, int]]
) -> bool:
    shown = [c for c in line if not hidden[c] and c not in kept]
    if not shown:
        return False
    cell = min(shown, key=lambda c: (values[c] == 0, values[c]))
    hidden[cell] = True
    return True


def published(grid: Grid, k: int = 3) -> list[list[str]]:
    """The grid with margins as published: counts as text, hidden cells as "x"."""
    values = grid.extended()
    hidden = protect(grid, k)
    width = values.shape[1] if len(grid.cols) > 1 else 1  # one column: its margin repeats it
    head = ["", *grid.cols, "I alt"][: width + 1]
    body = [
        [label, *("x" if hidden[i, j] else str(int(values[i, j])) for j in range(width))]
        for i, label in enumerate([*grid.rows, "I alt"])
    ]
    return [head, *body]
