"""CMM's charts and the tables as an analyst opens them: workbook, Danish CSV, open data."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.test import SimpleTestCase
from openpyxl import load_workbook

from spor.stats.publication import sections
from spor.stats.render import render
from spor.stats.render.html import html_document
from spor.stats.render.opendata import render_open_data
from tests.stats.folders import definitions_report

pytestmark = pytest.mark.nodb


def numbers(value: Any) -> list[int | float]:
    """Every number in a report.json value (booleans and the warnings' counts aside)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return [value]
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers(v)]
    return []


class WorkbookTests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = definitions_report(report_date=dt.date(2026, 4, 1))
        cls._tmp = tempfile.TemporaryDirectory()
        cls.out = Path(cls._tmp.name)
        render(cls.report, cls.out, ["xlsx", "csv"])

    @classmethod
    def tearDownClass(cls) -> None:
        cls._tmp.cleanup()
        super().tearDownClass()

    def test_every_number_of_report_json_is_in_the_workbook(self) -> None:
        book = load_workbook(self.out / "report.xlsx")
        cells = {c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None}
        for key in ("inquiries", "assessed", "identified", "returns", "status_end_of_year", "police_reports",
                    "series", "court"):  # fmt: skip
            for n in numbers(self.report[key]):
                with self.subTest(key=key, n=n):
                    self.assertIn(n, cells)
        age = self.report["identified"]["age"]
        self.assertIn(age["mean"], cells)

    def test_the_workbook_has_contents_readable_names_notes_and_year_numbers(self) -> None:
        book = load_workbook(self.out / "report.xlsx")
        self.assertEqual(book.sheetnames[0], "Indhold")
        contents = [row[0] for row in book["Indhold"].iter_rows(min_row=3, values_only=True)]
        self.assertEqual(contents, book.sheetnames[1:])
        series = next(book[name] for name in book.sheetnames if name.endswith("Tidsserier"))
        years = [row[0] for row in series.iter_rows(min_row=3, values_only=True) if isinstance(row[0], int)]
        self.assertEqual(years, [2023, 2024, 2025])
        last = [row for row in series.iter_rows(values_only=True) if row[0]][-1][0]
        self.assertIn("Kilde:", last)
        nationality = next(book[name] for name in book.sheetnames if name.endswith("Nationalitet"))
        self.assertIn(("Nigeria", 2, "NG"), list(nationality.iter_rows(values_only=True)))
        self.assertIn(("I alt", 4, None), list(nationality.iter_rows(values_only=True)))

    def test_the_danish_csv_opens_in_danish_excel_and_the_plain_csv_stays_plain(self) -> None:
        excel = (self.out / "csv_excel" / "assessed_referrer.csv").read_bytes()
        self.assertTrue(excel.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(excel.decode("utf-8-sig").splitlines(), delimiter=";"))
        self.assertEqual(rows[0], ["Henviser", "Udredt", "Andel vurderet udsat", "Kode"])
        self.assertIn(["politi", "2", "50 %", "police"], rows)
        self.assertIn(["NGO", "1", "100 %", "ngo"], rows)
        plain = (self.out / "csv" / "assessed_referrer.csv").read_text(encoding="utf-8")
        self.assertFalse(plain.startswith("\ufeff"))
        self.assertIn("politi,2,0.5,police", plain)


class ChartsAndTablesTests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = definitions_report(report_date=dt.date(2026, 4, 1))

    def test_the_returns_chart_counts_the_cohort_by_country_of_origin(self) -> None:
        returns = next(s for s in sections(self.report) if s.key == "returns")
        chart = returns.charts[0]
        self.assertEqual((chart.codes, chart.series[""]), (["TH"], [1]))  # A, identified 2025; not F
        destinations = next(t for t in returns.tables if t.key == "returns_by_destination")
        self.assertEqual(destinations.rows[-1], ["I alt", 2])

    def test_charts_are_numbered_sorted_by_size_and_carry_a_source(self) -> None:
        charts = [c for s in sections(self.report) for c in s.charts]
        self.assertEqual([c.number for c in charts[:3]], ["Figur 1", "Figur 2", "Figur 3"])
        for chart in charts:
            with self.subTest(chart=chart.title):
                self.assertTrue(chart.source.startswith("Kilde:"))
                if chart.kind == "bar" and chart.codes:
                    values = chart.series[""]
                    self.assertEqual(values, sorted(values, reverse=True))

    def test_shares_are_per_cent_with_a_decimal_comma_never_0_0(self) -> None:
        report = dict(self.report)
        report["assessed"] = dict(report["assessed"], identified_share_by_referrer_type={"ngo": 0.0, "police": 0.333})
        page = html_document(report)
        self.assertIn("33,3 %", page)
        self.assertIn(">0 %<", page)
        self.assertNotIn(">0.0<", page)
        self.assertIn('<p class="source">Kilde:', page)

    def test_open_data_explains_the_suppression_marker(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = render_open_data(self.report, Path(tmp), k=5)
            readme = (folder / "README.md").read_text(encoding="utf-8")
        self.assertIn("`x` marks a hidden cell", readme)
        self.assertIn("k = 5", readme)
