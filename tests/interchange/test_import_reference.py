"""The 2022 cohort as CMM published it: a folder built from the published per-person table imports
and the registry yields 73 identified persons with the published breakdown."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from spor.cases.models import Decision
from spor.interchange.registry import registry_folder
from spor.stats import figures
from spor.stats.extract import tables_from_folder
from tests.interchange.test_import import ImportTestCase

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference" / "cmm_2022_identified_overview.csv"
PRIMARY = {"sexual": "sexual_prostitution"}  # the table gives the group; its detailed code for the folder


def published() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def reference_folder() -> dict[str, list[str]]:
    """One person and one positive decision per published person; adults born 1990, minors 2006.

    Of the 73, DIS decided 54 and CMM 19 (published figures, 2022).
    """
    persons, decisions = [], []
    n = 0
    for row in published():
        for _ in range(int(row["count"])):
            n += 1
            born = 2006 if row["age_group"] == "minor" else 1990
            residence, authority = ("unlawful", "dis") if n <= 54 else ("lawful", "cmm")
            persons.append(f"R-{n:03d},{row['gender']},{born}-01-15,,{row['nationality']},{residence}")
            primary = PRIMARY.get(row["exploitation"], row["exploitation"])
            decisions.append(f"RD-{n:03d},R-{n:03d},2022-06-01,{authority},yes,police,,{primary},,,,denmark")
    return {"persons": persons, "decisions": decisions}


class ReferenceCohortTests(ImportTestCase):
    def test_the_published_2022_cohort_imports_with_its_breakdown(self) -> None:
        self.run_import(self.folder(reference_folder()))
        identified = Decision.objects.filter(identified=True, decided_on__year=2022)
        self.assertEqual(identified.values("case__person").distinct().count(), 73)
        by_gender = Counter(identified.values_list("case__person__gender", flat=True))
        self.assertEqual(by_gender, {"female": 48, "male": 24, "trans": 1})

        tables = tables_from_folder(registry_folder())
        cohort = figures.cohort(tables, 2022)
        result = figures.identified(tables, 2022, cohort, None)
        self.assertEqual(result["total"], 73)
        self.assertEqual(result["by_authority"], {"cmm": 19, "dis": 54, "court": 0})
        groups = Counter()
        nationalities = Counter()
        for row in published():
            groups[row["exploitation"]] += int(row["count"])
            nationalities[row["nationality"]] += int(row["count"])
        self.assertEqual({k: v for k, v in result["by_exploitation"].items() if v}, dict(groups))
        self.assertEqual(result["nationalities"]["by_code"], dict(nationalities))
        self.assertEqual(result["nationalities"]["count"], 28)
        self.assertEqual(
            [nationalities[c] for c in ("NG", "TH", "MA", "RO", "UA")], [13, 9, 7, 6, 4]
        )  # the published top five
        overview = {
            (r["nationality"], r["gender"], r["age_group"], r["exploitation"]): r["count"] for r in result["overview"]
        }
        expected = {
            (r["nationality"], r["gender"], r["age_group"], r["exploitation"]): int(r["count"]) for r in published()
        }
        self.assertEqual(overview, expected)
