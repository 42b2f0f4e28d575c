"""Open-data disclosure control: no suppressed cell can be recovered from what is published.

The check here is independent of spor.stats.disclosure: for each hidden cell it asks a linear
program for the smallest and largest value that agrees with every published cell and margin
(n >= 0). The tables are transportation polytopes, whose vertices are integral, so min < max
means at least two integer tables fit: the hidden value cannot be recovered.
"""

from __future__ import annotations

import numpy as np
import pytest
from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from spor.stats.disclosure import Grid, published

pytestmark = pytest.mark.nodb


def ranges(table: list[list[str]]) -> list[tuple[float, float]]:
    """(min, max) of each hidden body cell, from the published table with margins."""
    body = [row[1:] for row in table[1:]]
    r, c = len(body) - 1, len(body[0]) - 1
    if c == 0:  # one column: the margin column was left out, it repeats the column
        body = [[row[0], row[0]] for row in body]
        c = 1
    cells = [(i, j) for i in range(r + 1) for j in range(c + 1)]
    unknown = [cell for cell in cells if body[cell[0]][cell[1]] == "x"]
    if not unknown:
        return []
    index = {cell: n for n, cell in enumerate(unknown)}
    a_eq, b_eq = [], []

    def equation(members: list[tuple[int, int]], margin: tuple[int, int]) -> None:
        row, rhs = np.zeros(len(unknown)), 0.0
        for sign, cell in [(1, m) for m in members] + [(-1, margin)]:
            if cell in index:
                row[index[cell]] += sign
            else:
                rhs -= sign * float(body[cell[0]][cell[1]])
        a_eq.append(row)
        b_eq.append(rhs)

    for i in range(r + 1):
        equation([(i, j) for j in range(c)], (i, c))
    for j in range(c + 1):
        equation([(i, j) for i in range(r)], (r, j))
    out = []
    for cell in unknown:
        goal = np.zeros(len(unknown))
        goal[index[cell]] = 1
        low = linprog(goal, A_eq=np.array(a_eq), b_eq=np.array(b_eq), bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=np.array(a_eq), b_eq=np.array(b_eq), bounds=(0, None), method="highs")
        unbounded = high.status == 3  # nothing pins the cell down at all
        out.append((low.fun, float("inf") if unbounded else -high.fun))
    return out


class DisclosureTests(SimpleTestCase):
    def test_it_hides_a_small_cell_and_enough_others(self) -> None:
        grid = Grid("t", ["female", "male"], ["sexual", "forced_labour"], [[1, 5], [4, 6]])
        table = published(grid)
        # 1 is hidden; its row, its column and then the fourth cell follow; the margins stay.
        self.assertEqual(
            table,
            [["", "sexual", "forced_labour", "I alt"], ["female", "x", "x", "6"], ["male", "x", "x", "10"],
             ["I alt", "5", "11", "16"]],
        )  # fmt: skip
        self.assertTrue(all(low < high for low, high in ranges(table)))

    def test_it_hides_a_small_margin(self) -> None:
        grid = Grid("t", ["female", "trans"], ["sexual", "other"], [[10, 7], [1, 0]])
        table = published(grid)
        self.assertEqual(table[2][3], "x")  # the trans row total, 1
        self.assertTrue(all(low < high for low, high in ranges(table)))

    def test_it_shows_a_table_without_small_cells_as_it_is(self) -> None:
        table = published(Grid("t", ["a", "b"], ["antal"], [[10], [3]]))
        self.assertEqual(table, [["", "antal"], ["a", "10"], ["b", "3"], ["I alt", "13"]])

    @settings(max_examples=40, deadline=None)
    @given(
        st.integers(1, 4).flatmap(
            lambda r: st.integers(1, 4).flatmap(
                lambda c: st.lists(st.lists(st.integers(0, 9), min_size=c, max_size=c), min_size=r, max_size=r)
            )
        )
    )
    def test_no_suppressed_cell_can_be_recovered_from_the_margins(self, cells: list[list[int]]) -> None:
        grid = Grid("t", [f"r{i}" for i in range(len(cells))], [f"c{j}" for j in range(len(cells[0]))], cells)
        table = published(grid)
        # Every small cell of the body is hidden (the grand total is published whatever its size).
        body = [v for row in table[1:-1] for v in row[1 : 1 + len(cells[0])]]
        self.assertFalse([v for v in body if v not in ("x", "0") and int(v) < 3], table)
        for low, high in ranges(table):
            self.assertLess(low + 1e-6, high, table)
