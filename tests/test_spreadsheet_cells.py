"""Free text never becomes a live formula in a CSV or XLSX that Spor writes (docs/interchange.md)."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from django.test import SimpleTestCase
from openpyxl import load_workbook

from spor.common.cells import neutralise, restore
from spor.stats.generate import generate
from tests.stats.folders import definitions_folder

HOSTILE = '=HYPERLINK("http://127.0.0.1/x","klik")'


class CellTests(SimpleTestCase):
    def test_it_prefixes_every_trigger_and_gives_the_value_back(self) -> None:
        for value in [HOSTILE, "+45", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "plain", "'quoted", ""]:
            with self.subTest(value=value):
                written = neutralise(value)
                self.assertNotIn(written[:1], {"=", "+", "-", "@", "\t", "\r"})
                self.assertEqual(restore(written), value)

    def test_it_leaves_numbers_alone(self) -> None:
        self.assertEqual(neutralise(-3), -3)


@pytest.mark.nodb
class ReportCellTests(SimpleTestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.root = Path(self._tmp.name)
        folder = definitions_folder(self.root / "in")
        path = folder / "assessments.csv"
        quoted = '"' + HOSTILE.replace('"', '""') + '"'
        path.write_text(path.read_text(encoding="utf-8").replace("Fyns Politi", quoted), "utf-8")
        self.folder = folder

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def test_the_workbook_and_csv_tables_hold_the_name_as_text(self) -> None:
        out = self.root / "out"
        out.mkdir()
        generate(2025, out=out, source=self.folder, formats=["xlsx", "csv"])
        book = load_workbook(out / "report.xlsx")
        found = [c for sheet in book for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value or "")]
        self.assertTrue(found)
        for cell in found:
            self.assertEqual(cell.data_type, "s")
            self.assertEqual(cell.value, HOSTILE)
        texts = [p.read_text(encoding="utf-8") for p in (out / "csv").glob("*.csv")]
        cells = [c for text in texts for row in csv.reader(io.StringIO(text)) for c in row if "HYPERLINK" in c]
        self.assertTrue(cells)
        self.assertTrue(all(c == "'" + HOSTILE for c in cells))
