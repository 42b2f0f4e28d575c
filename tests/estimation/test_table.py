"""Capture-history CSV input: strict validation naming file:line: column."""

from __future__ import annotations

import pytest

from spor.estimation.table import CaptureTable, TableError, parse_csv, to_csv

pytestmark = pytest.mark.nodb


def test_it_reads_a_table_and_fills_missing_histories_with_zero():
    table = parse_csv("A,B,count\n1,0,5\n1,1,2\n", name="t.csv")
    assert table.lists == ("A", "B")
    assert table.as_mapping() == {(0, 1): 0, (1, 0): 5, (1, 1): 2}
    assert table.observed == 7


def test_it_names_every_bad_cell():
    with pytest.raises(TableError) as caught:
        parse_csv("A,B,count\n1,2,5\n0,0,3\n1,0,x\n1,0,1\n1,0,2\n", name="t.csv")
    message = str(caught.value)
    assert "t.csv:2: B: expected 0 or 1" in message
    assert "t.csv:3: A: the all-zero history" in message
    assert "t.csv:4: count: expected a whole number" in message
    assert "t.csv:6: A: history repeats line 5" in message


def test_it_requires_a_count_column_and_two_lists():
    with pytest.raises(TableError, match=r"t\.csv:1: count"):
        parse_csv("A,B,n\n", name="t.csv")
    with pytest.raises(TableError, match="at least two lists"):
        parse_csv("A,count\n1,3\n", name="t.csv")


def test_it_round_trips_through_csv():
    table = CaptureTable.from_mapping(["x", "y", "z"], {(1, 0, 0): 4, (0, 1, 1): 2})
    assert parse_csv(to_csv(table)).as_mapping() == table.as_mapping()
