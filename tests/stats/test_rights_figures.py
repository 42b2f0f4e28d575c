"""The police-report figures of format 1.2: how far reports went, and why the others were not
filed (docs/definitions.md#police-reports), on the hand-made folder of tests/stats/folders.py."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.test import SimpleTestCase

from spor.stats.extract import tables_from_folder
from spor.stats.figures import court_categories
from spor.stats.publication import sections
from spor.stats.report import build_report
from tests.stats.folders import definitions_folder, write_folder

pytestmark = pytest.mark.nodb


def rights_report() -> dict[str, Any]:
    """The definitions folder (cohort 2025: A, B, C, D) with outcomes and reasons.

    Reports by the year end: A (charged in 2025) and D (one report dropped in 2025, the other
    convicted only in 2026). B's report comes in 2026 and C has none: B "not yet" (2025), C
    "abroad" (2025), then "the person's wish" in 2026, after the year end.
    """
    with tempfile.TemporaryDirectory() as tmp:
        root = definitions_folder(Path(tmp))
        write_folder(
            root,
            {
                "police_reports": [
                    {"person_id": "A", "filed_on": "2025-03-01", "filed_by": "cmm", "legal_basis": "262a",
                     "assists_investigation": "yes", "outcome": "charged", "outcome_on": "2025-05-01"},
                    {"person_id": "D", "filed_on": "2025-08-01", "filed_by": "person_assisted", "legal_basis": "262b",
                     "outcome": "dropped", "outcome_on": "2025-10-01"},
                    {"person_id": "D", "filed_on": "2025-08-02", "filed_by": "person_assisted", "legal_basis": "262a",
                     "outcome": "convicted", "outcome_on": "2026-03-01"},
                    {"person_id": "B", "filed_on": "2026-01-10", "filed_by": "cmm", "legal_basis": "262a"},
                ],
                "no_police_report": [
                    {"person_id": "B", "recorded_on": "2025-12-31", "reason": "not_yet"},
                    {"person_id": "C", "recorded_on": "2025-06-01", "reason": "abroad"},
                    {"person_id": "C", "recorded_on": "2026-02-01", "reason": "persons_wish"},
                ],
            },
        )  # fmt: skip
        tables = tables_from_folder(root)
    return build_report(tables, 2025, report_date=dt.date(2026, 3, 12))


class RightsFigureTests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = rights_report()

    def test_it_counts_the_furthest_step_known_by_the_year_end(self) -> None:
        outcomes = self.report["police_reports"]["by_outcome"]
        self.assertEqual(outcomes, {"charged": 1, "indicted": 0, "convicted": 0, "dropped": 1, "unknown": 0})
        # In the court statistics' columns: A was charged; D's dropped report counts nowhere.
        courts = self.report["police_reports"]["by_court_category"]
        self.assertEqual(courts, {"charges": 1, "indictments": 0, "convictions": 0})

    def test_a_conviction_counts_as_a_charge_and_an_indictment_too(self) -> None:
        outcomes = {"charged": 2, "indicted": 1, "convicted": 3, "dropped": 4, "unknown": 5}
        self.assertEqual(court_categories(outcomes), {"charges": 6, "indictments": 4, "convictions": 3})

    def test_it_counts_why_no_report_was_filed_with_the_reason_in_force_at_the_year_end(self) -> None:
        not_filed = self.report["police_reports"]["not_filed"]
        self.assertEqual(not_filed["persons"], 2)  # B (filed only in 2026) and C
        expected = dict.fromkeys(
            ["investigation_running", "long_ago", "abroad", "not_yet", "persons_wish", "other", "unknown"], 0
        )
        self.assertEqual(not_filed["by_reason"], expected | {"abroad": 1, "not_yet": 1})
        self.assertEqual(sum(not_filed["by_reason"].values()) + self.report["police_reports"]["persons"], 4)

    def test_it_prints_both_tables_in_the_publication_and_workbook(self) -> None:
        police = next(s for s in sections(self.report, "da") if s.key == "police")
        keys = [t.key for t in police.tables]
        self.assertEqual(keys, ["police_reports", "police_report_outcomes", "police_reports_not_filed"])
        reasons = police.tables[2]
        self.assertIn(["udnyttelsen er foregået i udlandet", 1], reasons.rows)
        self.assertEqual(reasons.rows[-1][1], 2)
        english = next(s for s in sections(self.report, "en") if s.key == "police")
        self.assertEqual(len(english.tables), 3)

    def test_it_no_longer_warns_that_the_reasons_are_absent(self) -> None:
        absent = [w for w in self.report["warnings"] if w["code"] == "absent"]
        self.assertFalse(any("no_police_report" in w["en"] for w in absent))
