"""The registry and the same data exported to a folder give the same publication.

See docs/architecture.md#import-contracts.
"""

import tempfile
from datetime import date
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from spor.cases.demo import Generator, demo_users
from spor.interchange.exporter import folder_write
from spor.interchange.registry import registry_folder
from spor.stats.extract import tables_from_folder, tables_from_registry
from spor.stats.report import build_report
from tests.base import SporTestCase


class RegistryReportTests(SporTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        generator = Generator(seed=7, scale=0.15, users=demo_users())
        for year in (2025, 2026):
            generator.year(year, lambda *args: None)
        cls.identified = generator.counts.identified

    def test_it_gives_the_same_figures_as_the_exported_folder(self):
        folder = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), folder)
        for year in (2025, 2026):
            with self.subTest(year=year):
                from_registry = build_report(tables_from_registry(), year, report_date=date(2026, 11, 1))
                from_folder = build_report(tables_from_folder(folder), year, report_date=date(2026, 11, 1))
                self.assertEqual(from_registry, from_folder)
                self.assertIsNotNone(from_registry["identified"]["age"]["mean"])  # ages included
        self.assertGreater(build_report(tables_from_registry(), 2025)["identified"]["total"], 0)

    def test_the_year_end_status_agrees_with_the_departures(self):
        folder = Path(tempfile.mkdtemp())
        folder_write(registry_folder(), folder)
        departed = 0
        for year in (2025, 2026):
            for source, tables in (("registry", tables_from_registry()), ("export", tables_from_folder(folder))):
                with self.subTest(year=year, source=source):
                    report = build_report(tables, year)
                    status = report["status_end_of_year"]
                    self.assertEqual(status["prepared_return"], report["returns"]["cohort"], status)
                    self.assertGreater(status["receiving_support"], 0)
                    departed += report["returns"]["cohort"]
        self.assertGreater(departed, 0)

    def test_the_identified_count_matches_the_positive_decisions_made(self):
        report_years = [build_report(tables_from_registry(), y)["identified"]["total"] for y in (2025, 2026)]
        # Every generated identification is a first positive decision of a person in its year, except
        # repeat victims identified twice in one year, which the cohort counts once.
        self.assertLessEqual(sum(report_years), self.identified)
        self.assertGreaterEqual(sum(report_years), self.identified - 3)

    def test_spor_report_reads_the_registry_without_from(self):
        out_dir = Path(tempfile.mkdtemp())
        out = StringIO()
        call_command("report", "--year", "2025", "--format", "json", "--out", str(out_dir), stdout=out)
        self.assertTrue((out_dir / "report.json").exists())
