"""`spor report`: every format from a folder, a clear refusal without one, errors listed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase
from openpyxl import load_workbook

from spor.stats.extract import tables_from_folder
from spor.stats.generate import generate
from spor.stats.report import build_report
from tests.stats.folders import definitions_folder

pytestmark = pytest.mark.nodb


class ReportCommandTests(SimpleTestCase):
    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.root = Path(self._tmp.name)
        self.folder = definitions_folder(self.root / "in")
        self.out = self.root / "out"

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def run_report(self, *args: str) -> str:
        stdout, stderr = io.StringIO(), io.StringIO()
        call_command("report", "--year", "2025", "--out", str(self.out), *args, stdout=stdout, stderr=stderr)
        return stdout.getvalue()

    def test_it_writes_all_five_formats_from_a_folder(self) -> None:
        self.run_report("--from", str(self.folder), "--report-date", "2026-04-01")
        report = json.loads((self.out / "report.json").read_text(encoding="utf-8"))
        expected = build_report(tables_from_folder(self.folder), 2025, report_date=dt.date(2026, 4, 1))
        self.assertEqual(report, json.loads(json.dumps(expected)))
        self.assertEqual(report["spec"], "spor-report/1")
        html = (self.out / "report.html").read_text(encoding="utf-8")
        self.assertIn("<svg", html)
        self.assertIn("Tal bag figuren", html)
        self.assertNotIn("src=", html)  # self-contained: no external images, scripts or styles
        self.assertNotIn("<link", html)
        pdf = (self.out / "report.pdf").read_bytes()
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreater(pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page"), 0)
        book = load_workbook(self.out / "report.xlsx")
        self.assertEqual(book.sheetnames[0], "Indhold")
        self.assertTrue(any(name.endswith("Oversigt over personer") for name in book.sheetnames))
        self.assertEqual(len(book.sheetnames), len(list((self.out / "csv").glob("*.csv"))) + 1)
        with (self.out / "csv" / "nationality.csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        self.assertEqual(rows[0], ["Nationalitet", "Antal", "Kode"])
        self.assertIn(["Nigeria", "2", "NG"], rows)

    def test_it_writes_english_and_open_data(self) -> None:
        self.run_report("--from", str(self.folder), "--format", "html", "--lang", "en", "--open-data")
        self.assertIn("<html lang='en'>", (self.out / "report.html").read_text(encoding="utf-8"))
        with (self.out / "open_data" / "identified_by_gender.csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        # female 2, male 1, unknown 1 are all below 3: hidden; the total 4 is shown.
        self.assertEqual(rows, [["", "antal"], ["female", "x"], ["male", "x"], ["trans", "0"], ["unknown", "x"],
                                ["I alt", "4"]])  # fmt: skip

    def test_it_lists_the_errors_of_a_bad_folder_and_writes_nothing(self) -> None:
        (self.folder / "persons.csv").write_text("person_id,gender,birth_year\nP1,fmale,1990\n", encoding="utf-8")
        stderr = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("report", "--year", "2025", "--from", str(self.folder), "--out", str(self.out), stderr=stderr)
        self.assertIn("persons.csv:2: gender: unknown code 'fmale'", stderr.getvalue())
        self.assertFalse(self.out.exists())

    def test_it_reports_progress_step_by_step(self) -> None:
        steps: list[tuple[str, int, int]] = []
        result = generate(2025, out=self.out, source=self.folder, formats=["json", "csv"], open_data=True,
                          progress=lambda step, done, total: steps.append((step, done, total)))  # fmt: skip
        self.assertEqual(steps, [("read", 1, 6), ("figures", 2, 6), ("json", 3, 6), ("csv", 4, 6), ("open_data", 5, 6),
                                 ("internal", 6, 6)])  # fmt: skip
        self.assertEqual([p.name for p in result.paths], ["report.json", "csv", "open_data"])
        self.assertEqual(result.internal, self.out / "report-internal.html")

    def test_it_rejects_an_unknown_format(self) -> None:
        with self.assertRaisesMessage(CommandError, "docx"):
            self.run_report("--from", str(self.folder), "--format", "json,docx")
