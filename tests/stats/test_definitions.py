"""Each definition of docs/definitions.md#statistics on a small hand-made folder, answers worked out by hand.

The folder (tests/stats/folders.py) is identified-in-2025: A (twice in 2025, and in 2024), B, C, D.
E is assessed but not identified; F was identified in 2023 and returned in 2025.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.test import SimpleTestCase

from spor.stats.extract import tables_from_folder
from spor.stats.figures import change_pct
from spor.stats.publication import sections
from spor.stats.report import build_report
from tests.stats.folders import definitions_folder, definitions_report, with_published, write_folder

pytestmark = pytest.mark.nodb


class DefinitionTests(SimpleTestCase):
    report: ClassVar[dict[str, Any]]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.report = definitions_report(report_date=dt.date(2026, 1, 12))

    def test_it_counts_the_cohort_once_per_person(self) -> None:
        # A has two positive decisions in 2025: one person; A, B, C, D.
        self.assertEqual(self.report["identified"]["total"], 4)

    def test_it_counts_a_repeat_victim(self) -> None:
        # A was identified in 2024 too.
        self.assertEqual(self.report["identified"]["repeat"], 1)

    def test_it_takes_attributes_from_the_earliest_decision_in_the_year(self) -> None:
        # A's 2025-02-01 decision (sexual, police) wins over 2025-05-01 (forced labour, NGO).
        i = self.report["identified"]
        self.assertEqual(i["by_exploitation"]["sexual"], 1)
        self.assertEqual(i["by_exploitation"]["forced_labour"], 1)  # B only
        self.assertEqual(i["by_contact_actor_type"]["police"], 2)  # A, D
        self.assertEqual(i["by_contact_actor_type"]["ngo"], 1)  # B
        self.assertEqual(i["by_contact_actor_type"]["other"], 1)  # C: empty counts as other
        self.assertEqual(i["secondary_exploitation"]["criminal"], 1)
        self.assertEqual(i["forced_labour_by_sector"]["construction"], 1)
        self.assertEqual(i["forced_labour_by_sector"]["cleaning"], 0)
        self.assertEqual(i["criminal_by_crime_type"]["theft"], 1)

    def test_it_counts_empty_cells_as_design_says(self) -> None:
        i = self.report["identified"]
        self.assertEqual(i["by_gender"], {"female": 2, "male": 1, "trans": 0, "unknown": 1})
        self.assertEqual(i["by_exploitation"]["undetermined"], 1)  # C
        # C has no authority and lawful residence: CMM decides (docs/definitions.md#decision).
        self.assertEqual(i["by_authority"], {"cmm": 2, "dis": 1, "court": 1})

    def test_it_computes_ages_from_birth_date_and_from_birth_year(self) -> None:
        # A: 24 on 2025-02-01 (birthday in July); B: 2025 - 1990 = 35; D: 15; C unknown.
        age = self.report["identified"]["age"]
        self.assertEqual(age, {"min": 15, "max": 35, "mean": 24.7, "under_18": 1, "under_25": 2, "unknown": 1})
        self.assertEqual(self.report["identified"]["under_25_by_exploitation"]["sexual"], 1)
        self.assertEqual(self.report["identified"]["under_25_by_exploitation"]["criminal"], 1)

    def test_it_counts_the_assessed_by_nationality_and_the_ngo_referrals_by_organisation(self) -> None:
        # Assessed in 2025: A (TH; first referred by Reden International), E (PL, police), B (RU-CE, police).
        a = self.report["assessed"]
        self.assertEqual(a["by_nationality"], {"PL": 1, "RU-CE": 1, "TH": 1})
        self.assertEqual(a["ngo_by_org"], {"Reden International": 1})
        # Every funded NGO is listed (docs/definitions.md#maps-over-vocabularies), matched regardless of case.
        self.assertEqual(a["funded_ngos"], {"AmiAmi": 0, "HopeNow": 0, "Reden International": 1})
        with tempfile.TemporaryDirectory() as tmp:
            tables = tables_from_folder(definitions_folder(Path(tmp)))
        other = build_report(tables, 2025, funded_ngos=["reden international ", "Kirkens Korshær"])
        self.assertEqual(other["assessed"]["funded_ngos"], {"reden international ": 1, "Kirkens Korshær": 0})

    def test_it_crosses_exploitation_with_gender_and_age_and_sector_with_gender(self) -> None:
        # A: prostitution, woman, 24; B: forced labour (construction), man, 35; C: undetermined, no gender,
        # no age; D: criminal, girl of 15.
        i = self.report["identified"]
        gea = i["by_exploitation_gender_age"]
        self.assertEqual(list(gea), ["sexual_prostitution", "sexual_other", "forced_labour", "criminal",
                                     "slavery_like", "organ_removal", "forced_marriage", "illegal_adoption",
                                     "surrogacy", "other", "undetermined"])  # fmt: skip
        self.assertEqual(gea["sexual_prostitution"]["female"], {"adult": 1, "minor": 0, "unknown": 0})
        self.assertEqual(gea["forced_labour"]["male"], {"adult": 1, "minor": 0, "unknown": 0})
        self.assertEqual(gea["criminal"]["female"], {"adult": 0, "minor": 1, "unknown": 0})
        self.assertEqual(gea["undetermined"]["unknown"], {"adult": 0, "minor": 0, "unknown": 1})
        self.assertEqual(sum(n for f in gea.values() for g in f.values() for n in g.values()), 4)
        sectors = i["forced_labour_by_sector_gender"]
        self.assertEqual(sectors["construction"], {"female": 0, "male": 1, "trans": 0, "unknown": 0})
        self.assertEqual(sum(n for row in sectors.values() for n in row.values()), 1)

    def test_the_publication_prints_the_new_sections_with_totals(self) -> None:
        parts = {s.key: s for s in sections(self.report)}
        tables = {t.key: t for s in parts.values() for t in s.tables}
        nationality = tables["assessed_nationality"].rows
        self.assertEqual(nationality, [["Polen", 1, 0], ["Tjetjenien", 1, 1], ["Thailand", 1, 1], ["I alt", 3, 4]])
        self.assertEqual(tables["exploitation_gender_age"].header, ["Udnyttelsesform", "kvinde, 18 år og derover",
                         "kvinde, under 18 år", "mand, 18 år og derover", "ukendt, alder ukendt", "I alt"])  # fmt: skip
        self.assertEqual(tables["assessed_ngo"].rows, [["Reden International", 1, "ja"], ["I alt", 1, None]])
        self.assertEqual(tables["forced_labour_sector_gender"].rows, [["byggeri", 1, 1], ["I alt", 1, 1]])
        age = tables["exploitation_gender_age"]
        self.assertEqual(age.rows[-1][0], "I alt")
        self.assertEqual(age.rows[-1][-1], 4)
        gender_chart = parts["gender"].charts[1]
        self.assertEqual(gender_chart.title, "Fordeling efter køn, 2022-2025")
        # 2022 has no figure: a gap, not 0; 2023 is F; 2024 the published aggregate (30 women, 20 men).
        self.assertEqual(gender_chart.series["kvinde"], [None, 1, 30, 2])
        self.assertEqual(parts["about"].title, "Om statistikken")
        colophon = {row[0]: row[1] for row in parts["colophon"].tables[0].rows}
        self.assertIn("Der kan frit citeres", colophon["Citering"])
        self.assertIn("Statistik 2025 - Menneskehandel i Danmark", colophon["Kildeangivelse"])

    def test_it_counts_nationalities_and_first_time_codes(self) -> None:
        # TH was identified before (A in 2024); NG and RU-CE are new.
        n = self.report["identified"]["nationalities"]
        self.assertEqual(n["count"], 3)
        self.assertEqual(n["by_code"], {"NG": 2, "RU-CE": 1, "TH": 1})
        self.assertEqual(n["first_time"], ["NG", "RU-CE"])

    def test_it_builds_the_overview_table(self) -> None:
        rows = self.report["identified"]["overview"]
        self.assertIn({"nationality": "NG", "gender": "female", "age_group": "minor", "exploitation": "criminal",
                       "count": 1}, rows)  # fmt: skip
        self.assertIn({"nationality": "NG", "gender": "unknown", "age_group": "unknown",
                       "exploitation": "undetermined", "count": 1}, rows)  # fmt: skip
        self.assertEqual(sum(r["count"] for r in rows), 4)

    def test_it_counts_inquiries_and_self_referrals(self) -> None:
        q = self.report["inquiries"]
        self.assertEqual(q["total"], 4)
        self.assertEqual(q["by_channel"], {"hotline": 2, "email": 1, "screening": 0, "other": 1})  # I4 has no channel
        # I1 (A) and I2 (E); I3 has no person. Of them A is in the cohort.
        self.assertEqual((q["self_referred_persons"], q["self_referred_identified"]), (2, 1))
        self.assertEqual(q["change_pct"], 100)  # 4 against 2 in 2024

    def test_it_counts_assessed_persons_by_their_first_assessment(self) -> None:
        a = self.report["assessed"]
        self.assertEqual(a["total"], 3)  # A (twice), E, B
        self.assertEqual(a["by_referrer_type"]["ngo"], 1)  # A's earliest assessment
        self.assertEqual(a["by_referrer_type"]["police"], 2)
        self.assertEqual(a["police_by_district"], {"Fyns Politi": 1, "Københavns Politi": 1})
        # police: B identified after the interview, E not -> 0.5; NGO: A -> 1.0
        self.assertEqual(a["identified_share_by_referrer_type"], {"ngo": 1.0, "police": 0.5})

    def test_it_counts_returns_of_the_cohort_and_earlier_cohorts(self) -> None:
        r = self.report["returns"]
        self.assertEqual((r["total"], r["cohort"], r["earlier_cohorts"]), (2, 1, 1))
        self.assertEqual(r["by_destination"], {"RO": 1, "TH": 1})
        self.assertEqual(r["cohort_by_gender"]["female"], 1)

    def test_it_ignores_a_status_after_year_end(self) -> None:
        # B: receiving_support on 2025-12-31; left_on_own on 2026-01-15 does not count. C: none.
        s = self.report["status_end_of_year"]
        self.assertEqual(s["receiving_support"], 1)
        self.assertEqual(s["left_on_own"], 0)
        self.assertEqual(s["unknown"], 1)
        self.assertEqual(sum(s.values()), 4)

    def test_it_ignores_a_police_report_after_year_end(self) -> None:
        # A (262a), D (262b and 262a); B's report of 2026-01-10 is after year end.
        p = self.report["police_reports"]
        self.assertEqual(p["persons"], 2)
        self.assertEqual(p["by_legal_basis"], {"262a": 2, "262b": 1, "other": 0})
        # A folder without outcomes (before 1.2): both persons' reports have no known outcome; B
        # and C have no report by the year end, and without no_police_report.csv no reasons.
        self.assertEqual(p["by_outcome"], {"charged": 0, "indicted": 0, "convicted": 0, "dropped": 0, "unknown": 2})
        self.assertEqual(p["not_filed"], {"persons": 2, "by_reason": None})
        self.assertEqual(p["by_court_category"], {"charges": 0, "indictments": 0, "convictions": 0})

    def test_it_lets_a_published_aggregate_override_case_data(self) -> None:
        # Case data has one person (A) identified in 2024; the folder publishes 50 for 2024.
        s = self.report["series"]
        self.assertEqual(s["identified"], {"2023": 1, "2024": 50, "2025": 4})
        self.assertEqual(s["identified_cumulative"], 55)
        self.assertEqual(s["identified_by_gender"]["2024"], {"female": 30, "male": 20, "trans": 0, "unknown": 0})
        self.assertNotIn("2024", s["identified_by_exploitation"])  # the aggregate has no such breakdown
        self.assertEqual(self.report["identified"]["change_pct"], -92)  # 4 / 50

    def test_a_year_without_inquiries_is_absent_not_zero(self) -> None:
        # The folder has inquiries of 2024 and 2025 and a decision of 2023: 2023 has no inquiry figure.
        s = self.report["series"]
        self.assertEqual(s["inquiries"], {"2024": 2, "2025": 4})
        self.assertEqual(s["assessed"], {"2025": 3})

    def test_the_exploitation_series_has_the_report_year(self) -> None:
        s = self.report["series"]["identified_by_exploitation"]
        self.assertEqual(s["2025"]["forced_labour"], 1)
        self.assertEqual(sum(n for n in s["2025"].values() if n), 4)

    def test_it_keeps_the_unit_of_court_statistics(self) -> None:
        self.assertEqual(
            self.report["court"],
            [{"year": 2024, "unit": "persons", "charges": 7, "indictments": 3, "convictions": 1}],
        )

    def test_it_warns_about_data_quality(self) -> None:
        found = {w["code"]: w["count"] for w in self.report["warnings"]}
        self.assertEqual(found["gender_unknown"], 1)
        self.assertEqual(found["age_unknown"], 1)
        self.assertEqual(found["exploitation_missing"], 1)
        self.assertEqual(found["status_missing"], 1)
        self.assertEqual(found["dated_after_report"], 1)  # B's status of 2026-01-15

    def test_it_rounds_change_half_up(self) -> None:
        self.assertEqual(change_pct(101, 78), 29)
        self.assertEqual(change_pct(3, 8), -63)  # -62.5: half up as decimal.ROUND_HALF_UP, away from zero
        self.assertIsNone(change_pct(5, 0))
        self.assertIsNone(change_pct(5, None))

    def test_it_lists_every_code_of_a_vocabulary(self) -> None:
        i = self.report["identified"]
        self.assertEqual(list(i["by_exploitation_detail"]), [
            "sexual_prostitution", "sexual_other", "forced_labour", "criminal", "slavery_like", "organ_removal",
            "forced_marriage", "illegal_adoption", "surrogacy", "other", "undetermined"])  # fmt: skip
        self.assertEqual(len(self.report["inquiries"]["by_sender_type"]), 19)
        self.assertIn("unknown", i["criminal_by_crime_type"])


class ReportShapeTests(SimpleTestCase):
    """report.json has the keys of docs/definitions.md#report-json, in its order, plus `warnings`."""

    def test_it_has_the_keys_of_report_json(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            report = build_report(tables_from_folder(definitions_folder(Path(tmp), published=True)), 2025)
        self.assertEqual(
            list(report),
            ["spec", "year", "inquiries", "assessed", "identified", "returns", "children", "status_end_of_year",
             "police_reports", "series", "court", "warnings"],
        )  # fmt: skip
        self.assertEqual(list(report["children"]), ["identified", "by_gender", "by_exploitation", "unaccompanied",
                                                    "returned_with_parent", "returns_with_children"])  # fmt: skip
        self.assertEqual(
            list(report["identified"]),
            ["total", "repeat", "change_pct", "by_authority", "by_contact_actor_type", "by_exploitation",
             "by_exploitation_detail", "secondary_exploitation", "by_gender", "by_gender_exploitation",
             "by_exploitation_gender_age", "age", "under_25_by_exploitation", "nationalities",
             "forced_labour_by_sector", "forced_labour_by_sector_gender", "criminal_by_crime_type", "overview",
             "in_complex"],
        )  # fmt: skip
        self.assertEqual(list(report["inquiries"]), ["total", "by_channel", "by_sender_type", "self_referred_persons",
                                                     "self_referred_identified", "change_pct"])  # fmt: skip
        self.assertEqual(list(report["assessed"]), ["total", "by_referrer_type", "police_by_district",
                                                    "identified_share_by_referrer_type", "change_pct",
                                                    "by_nationality", "ngo_by_org", "funded_ngos"])  # fmt: skip
        self.assertEqual(list(report["returns"]), ["total", "cohort", "earlier_cohorts", "by_destination",
                                                   "cohort_by_gender", "cohort_by_origin"])  # fmt: skip
        self.assertEqual(list(report["series"]), ["identified", "identified_cumulative", "identified_by_exploitation",
                                                  "identified_by_gender", "inquiries", "assessed",
                                                  "identified_children"])  # fmt: skip
        # The shipped published figures start the series in 2007.
        self.assertEqual(next(iter(report["series"]["identified"])), "2007")


class PublishedSeriesTests(SimpleTestCase):
    """The definitions folder with the published figures Spor ships."""

    def report(self, historical: list[dict[str, str]] | None = None) -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as tmp:
            root = definitions_folder(Path(tmp), published=True)
            if historical is not None:
                write_folder(root, with_published({"historical_identified": historical}))
            return build_report(tables_from_folder(root), 2025, report_date=dt.date(2026, 4, 1))

    def test_the_exploitation_series_has_the_report_year(self) -> None:
        # Shipped 2025: 101 published, a breakdown without the five undetermined.
        report = self.report()
        groups = report["series"]["identified_by_exploitation"]
        self.assertEqual(groups["2025"]["sexual"], 55)
        self.assertIsNone(groups["2025"]["undetermined"])  # not published, and not zero
        exploitation = next(s for s in sections(report) if s.key == "exploitation")
        line = next(c for c in exploitation.charts if c.kind == "line")
        self.assertEqual(line.title, "Fordeling efter udnyttelsesformer, 2011-2025")
        self.assertEqual(line.labels[-1], "2025")
        self.assertIsNone(list(line.series.values())[1][line.labels.index("2012")])  # a gap, not 0

    def test_a_report_from_a_folder_depends_on_the_folder_alone(self) -> None:
        # Without the history in the folder the series is the case data's and the folder's own row.
        with tempfile.TemporaryDirectory() as tmp:
            alone = build_report(tables_from_folder(definitions_folder(Path(tmp))), 2025)
        self.assertEqual(alone["series"]["identified"], {"2023": 1, "2024": 50, "2025": 4})
        self.assertEqual(self.report()["series"]["identified"]["2022"], 73)
