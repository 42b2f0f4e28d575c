"""The EU data collection's tables (`spor report --eu`), from folders built by hand."""

from __future__ import annotations

import csv
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.core.management import call_command
from django.test import SimpleTestCase
from openpyxl import load_workbook

from spor import vocabulary as v
from spor.stats.eu import EXPLOITATION_FORMS, FORMS, eu_tables, write_eu
from spor.stats.extract import tables_from_folder
from tests.stats.folders import decision, person, write_folder
from tests.stats.test_cmm_2022 import folder_2022

pytestmark = pytest.mark.nodb


def by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in rows}


class Eu2022Tests(SimpleTestCase):
    """The published 2022 cohort (73 identified): a folder with persons and decisions only."""

    tables: ClassVar[Any]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        with tempfile.TemporaryDirectory() as tmp:
            cls.tables = eu_tables(tables_from_folder(folder_2022(Path(tmp))), 2022)

    def test_73_identified_by_sex(self) -> None:
        sex = by_code(self.tables.table("sex"))
        self.assertEqual({c: sex[c]["identified"] for c in ("female", "male", "trans", "unknown", "total")},
                         {"female": 48, "male": 24, "trans": 1, "unknown": 0, "total": 73})  # fmt: skip

    def test_by_exploitation(self) -> None:
        forms = by_code(self.tables.table("exploitation"))
        self.assertEqual(forms["sexual_exploitation"]["identified"], 38)
        self.assertEqual(forms["labour_exploitation"]["identified"], 12)
        self.assertEqual(forms["criminal_activities"]["identified"], 11)
        self.assertEqual(forms["other"]["identified"], 7 + 4)  # other and slavery-like conditions
        self.assertEqual(forms["unknown"]["identified"], 1)
        self.assertEqual(forms["forced_marriage"]["identified"], 0)

    def test_by_citizenship(self) -> None:
        countries = by_code(self.tables.table("citizenship"))
        self.assertEqual(countries["total"]["identified"], 73)
        self.assertEqual(len(countries) - 1, 28)
        groups = by_code(self.tables.table("citizenship_group"))
        eu_members_among_the_28 = {"RO", "PL", "LT", "ES"}
        eu = sum(r["identified"] for c, r in countries.items() if c in eu_members_among_the_28)
        self.assertEqual(groups["other_eu"]["identified"], eu)
        self.assertEqual(groups["reporting_country"]["identified"] + groups["other_eu"]["identified"]
                         + groups["non_eu"]["identified"] + groups["stateless"]["identified"]
                         + groups["unknown"]["identified"], 73)  # fmt: skip

    def test_six_minors_in_the_bands(self) -> None:
        ages = by_code(self.tables.table("age_group"))
        self.assertEqual(ages["0-11"]["identified"] + ages["12-17"]["identified"], 6)
        self.assertEqual(ages["18+"]["identified"], 67)

    def test_unknown_is_empty_not_zero(self) -> None:
        """No assessments file: presumed and registered victims are unknown, written as empty cells."""
        sex = by_code(self.tables.table("sex"))
        self.assertIsNone(sex["female"]["presumed"])
        self.assertIsNone(sex["total"]["registered"])
        with tempfile.TemporaryDirectory() as tmp:
            write_eu(self.tables, Path(tmp))
            rows = list(csv.DictReader((Path(tmp) / "registered_victims_by_sex.csv").open(encoding="utf-8")))
            readme = (Path(tmp) / "README.md").read_text(encoding="utf-8")
            book = load_workbook(Path(tmp) / "eu_2022.xlsx")
        female = next(r for r in rows if r["sex"] == "female")
        self.assertEqual((female["identified"], female["presumed"], female["registered"]), ("48", "", ""))
        unknown = next(r for r in rows if r["sex"] == "unknown")
        self.assertEqual(unknown["identified"], "0")  # counted, none: a zero
        self.assertIn("assessments.csv", readme)
        self.assertIn("empty cell means unknown", readme)
        self.assertIn("sex", book.sheetnames)

    def test_court_figures_come_from_the_court_statistics(self) -> None:
        """The folder carries Rigsadvokaten's 2022 figures: 13 / 5 / 2 persons, 14 / 3 / 2 counts."""
        self.assertEqual({r["measure"]: (r["persons"], r["counts"]) for r in self.tables.court},
                         {"suspects": (13, 14), "prosecuted": (5, 3), "convicted": (2, 2)})  # fmt: skip


class PresumedTests(SimpleTestCase):
    """Presumed victims: assessed in the year, no decision by the year end, not ended without signs."""

    def tables(self, outcome: str | None = "put_to_decision") -> Any:
        assessment = {"assessment_id": "A1", "person_id": "P2", "first_interview_on": "2025-10-01"}
        assessment["assessed_by"] = "cmm"
        if outcome is not None:
            assessment["outcome"] = outcome
        with tempfile.TemporaryDirectory() as tmp:
            root = write_folder(
                Path(tmp),
                {
                    "persons": [
                        person("P1", "female", "2010-03-01", nat="RO"),
                        person("P2", "male", "2014-01-01", nat="DK"),
                        person("P3", "female", "1990-01-01", nat="VN"),
                    ],
                    "assessments": [
                        assessment,
                        # assessed, then decided negatively before the year end: not presumed
                        {"assessment_id": "A2", "person_id": "P3", "first_interview_on": "2025-02-01"},
                        {"assessment_id": "A3", "person_id": "P1", "first_interview_on": "2025-01-10"},
                    ],
                    "decisions": [
                        decision("D1", "P1", "2025-05-01", authority="dis", primary_exploitation="forced_labour"),
                        decision("D3", "P3", "2025-06-01", identified="no"),
                    ],
                    "court_statistics": [
                        {"year": "2025", "unit": "persons", "charges": "0", "indictments": "4", "convictions": ""}
                    ],
                },
            )
            return eu_tables(tables_from_folder(root), 2025)

    def test_presumed_and_registered(self) -> None:
        t = self.tables()
        total = by_code(t.table("sex"))["total"]
        self.assertEqual((total["identified"], total["presumed"], total["registered"]), (1, 1, 2))
        self.assertEqual(by_code(t.table("age_group"))["0-11"]["presumed"], 1)  # 11 at the first interview
        self.assertEqual(by_code(t.table("age_group"))["12-17"]["identified"], 1)  # 15 at the decision
        self.assertEqual(by_code(t.table("citizenship_group"))["reporting_country"]["presumed"], 1)
        self.assertEqual(by_code(t.table("registering_organisation"))["dis"]["identified"], 1)
        self.assertEqual(by_code(t.table("registering_organisation"))["cmm"]["presumed"], 1)
        self.assertEqual(by_code(t.table("exploitation"))["unknown"]["presumed"], 1)

    def test_an_assessment_ended_without_signs_is_not_presumed(self) -> None:
        t = self.tables("closed_no_indicators")
        self.assertEqual(by_code(t.table("sex"))["total"]["presumed"], 0)

    def test_a_folder_without_outcomes_is_warned_about(self) -> None:
        t = self.tables(None)
        self.assertEqual(by_code(t.table("sex"))["total"]["presumed"], 1)
        self.assertIn("assessments.csv: outcome", " ".join(t.warnings))

    def test_court_zero_is_zero_and_missing_is_empty(self) -> None:
        court = {r["measure"]: r for r in self.tables().court}
        self.assertEqual(court["suspects"]["persons"], 0)
        self.assertEqual(court["prosecuted"]["persons"], 4)
        self.assertIsNone(court["convicted"]["persons"])
        self.assertIsNone(court["suspects"]["counts"])


class MappingTests(SimpleTestCase):
    def test_every_exploitation_code_has_an_eu_form(self) -> None:
        for code in v.Exploitation.values:
            self.assertIn(EXPLOITATION_FORMS.get(code), FORMS, code)


class CommandTests(SimpleTestCase):
    def test_spor_report_eu_writes_the_tables(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = folder_2022(Path(tmp) / "in")
            out = Path(tmp) / "eu"
            call_command("report", year=2022, source=str(root), eu=True, out=str(out), stdout=StringIO(),
                         stderr=StringIO())  # fmt: skip
            names = sorted(p.name for p in out.iterdir())
        self.assertIn("registered_victims_by_exploitation.csv", names)
        self.assertIn("offenders.csv", names)
        self.assertIn("eu_2022.xlsx", names)
        self.assertIn("README.md", names)
