"""The 2022 cohort, rebuilt as an interchange folder from CMM's overview table in its 2022 annual report.

Every figure the 2022 annual report prints that the overview table supports: 73 persons; 48
women, 24 men, one transgender person; 28 nationalities; six minors; the exploitation groups of
the table; the top nationalities (Nigeria 13, Thailand 9, Morocco 7, Romania 6, Ukraine 4). The
table is the one Spor ships (src/spor/stats/data/overview_2022.csv, the
report's table, row by row).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.test import SimpleTestCase

from spor.stats.extract import DATA, tables_from_folder
from spor.stats.report import build_report
from tests.stats.folders import decision, person, with_published, write_folder

pytestmark = pytest.mark.nodb

OVERVIEW = DATA / "overview_2022.csv"
# A code of the vocabulary for each exploitation group of the table.
PRIMARY = {"sexual": "sexual_prostitution", "forced_labour": "forced_labour", "criminal": "criminal",
           "slavery_like": "slavery_like", "other": "other", "undetermined": "undetermined"}  # fmt: skip


def folder_2022(root: Path) -> Path:
    persons, decisions = [], []
    with OVERVIEW.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for _ in range(int(row["count"])):
                pid = f"P{len(persons) + 1}"
                born = "2006-01-01" if row["age_group"] == "minor" else "1990-01-01"
                persons.append(person(pid, row["gender"], born, nat=row["nationality"], res="unlawful"))
                decisions.append(decision(f"D{pid}", pid, "2022-06-01", authority="dis",
                                          primary_exploitation=PRIMARY[row["exploitation"]]))  # fmt: skip
    # The published history in the folder's aggregate files, as `spor export` writes it.
    return write_folder(root, with_published({"persons": persons, "decisions": decisions}))


@functools.cache
def report_2022() -> dict[str, Any]:
    """report.json of the published 2022 cohort, built once for the module."""
    with tempfile.TemporaryDirectory() as tmp:
        tables = tables_from_folder(folder_2022(Path(tmp)))
    return build_report(tables, 2022, report_date=dt.date(2023, 4, 1))


class Cohort2022Tests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = report_2022()

    def test_it_counts_73_persons(self) -> None:
        self.assertEqual(self.report["identified"]["total"], 73)

    def test_it_counts_genders(self) -> None:
        self.assertEqual(self.report["identified"]["by_gender"], {"female": 48, "male": 24, "trans": 1, "unknown": 0})

    def test_it_counts_28_nationalities(self) -> None:
        self.assertEqual(self.report["identified"]["nationalities"]["count"], 28)

    def test_it_counts_six_minors(self) -> None:
        self.assertEqual(self.report["identified"]["age"]["under_18"], 6)

    def test_it_counts_exploitation_groups_of_the_table(self) -> None:
        # The table's groups (the report text says 12 criminal and 3 undetermined; see reference/README.md).
        self.assertEqual(
            self.report["identified"]["by_exploitation"],
            {"sexual": 38, "forced_labour": 12, "criminal": 11, "slavery_like": 4, "organ_removal": 0, "other": 7,
             "undetermined": 1},
        )  # fmt: skip

    def test_it_finds_the_top_nationalities(self) -> None:
        top = list(self.report["identified"]["nationalities"]["by_code"].items())[:5]
        self.assertEqual(top, [("NG", 13), ("TH", 9), ("MA", 7), ("RO", 6), ("UA", 4)])

    def test_it_reproduces_the_overview_table(self) -> None:
        with OVERVIEW.open(encoding="utf-8") as handle:
            expected = sorted(
                (r["nationality"], r["gender"], r["age_group"], r["exploitation"], int(r["count"]))
                for r in csv.DictReader(handle)
            )
        got = sorted(tuple(r.values()) for r in self.report["identified"]["overview"])
        self.assertEqual(got, expected)

    def test_it_agrees_with_the_published_series(self) -> None:
        # 2022 is a shipped published aggregate (73, sources S01 and K01): same number.
        self.assertEqual(self.report["series"]["identified"]["2022"], 73)
        self.assertEqual(self.report["series"]["identified"]["2021"], 80)
        self.assertEqual(self.report["identified"]["change_pct"], -9)  # 73 / 80

    def test_it_writes_the_danish_overview_section(self) -> None:
        from spor.stats.publication import sections

        nationality = next(s for s in sections(self.report) if s.key == "nationality")
        self.assertEqual(
            nationality.paragraphs[:2],
            [
                "De 73 personer udsat for menneskehandel i 2022 kommer fra 28 forskellige lande.",
                "Flest kommer fra Nigeria, Thailand, Marokko, Rumænien og Ukraine.",
            ],
        )


class AbsentFilesTests(SimpleTestCase):
    """The 2022 folder has persons and decisions only: no returns, police reports, inquiries..."""

    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = report_2022()

    def test_absent_files_are_absent_in_report_json(self) -> None:
        for key in ("inquiries", "assessed", "returns", "status_end_of_year", "police_reports"):
            with self.subTest(key=key):
                self.assertIsNone(self.report[key])

    def test_a_warning_names_each_absent_file(self) -> None:
        absent = " ".join(w["da"] for w in self.report["warnings"] if w["code"] == "absent")
        for name in ("returns.csv", "police_reports.csv", "inquiries.csv", "assessments.csv", "statuses.csv"):
            with self.subTest(name=name):
                self.assertIn(name, absent)

    def test_no_sentence_asserts_zero_returns_or_police_reports(self) -> None:
        from spor.stats.publication import sections
        from spor.stats.render.html import html_document, internal_document

        for lang in ("da", "en"):
            # The explanatory text names what is not compiled; no other sentence speaks of it.
            text = " ".join(p for s in sections(self.report, lang) for p in s.paragraphs if s.key != "about")
            with self.subTest(lang=lang):
                self.assertNotIn("hjemrejst", text)
                self.assertNotIn("anmeldelse", text)
                self.assertNotIn("returned", text)
        keys = {s.key for s in sections(self.report)}
        self.assertFalse(keys & {"returns", "status", "police", "inquiries", "assessed"})
        html = html_document(self.report)
        self.assertNotIn("ingen er hjemrejst", html)
        # The public text says what is not compiled; the internal appendix names the files.
        self.assertIn("ikke opgjort, fordi der ikke er data: henvendelser, udredninger, forberedte hjemsendelser", html)
        self.assertNotIn("returns.csv", html)
        self.assertIn("returns.csv", internal_document(self.report))
