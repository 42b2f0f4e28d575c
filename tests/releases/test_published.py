"""The published history as registry data (docs/statistics.md#published-history)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError

from spor.audit.models import AuditEvent
from spor.interchange.exporter import folder_write
from spor.interchange.models import CourtStatistic, HistoricalIdentified
from spor.interchange.registry import registry_folder
from spor.releases import published
from spor.releases.published import historical_update, published_load
from spor.stats.extract import DATA, tables_from_folder, tables_from_registry
from spor.stats.report import build_report
from tests.base import SporTestCase
from tests.make import make_identified_case

REPORT_DATE = date(2026, 4, 1)


class PublishedHistoryTests(SporTestCase):
    def test_it_loads_the_shipped_history_with_its_sources_once(self) -> None:
        counts = published_load(actor=None)
        self.assertGreater(counts["historical_identified"], 10)
        row = HistoricalIdentified.objects.get(year=2022)
        self.assertEqual((row.total, row.female, row.children, row.sources), (73, 48, 6, "K01;S01"))
        self.assertEqual(CourtStatistic.objects.get(year=2022, unit="persons").sources, "K01")
        self.assertEqual(published_load(actor=None), {"historical_identified": 0, "court_statistics": 0})

    def test_it_never_overwrites_a_year_in_the_registry(self) -> None:
        historical_update(actor=self.analyst, year=2022, values={"total": 74, "sources": "S01"})
        published_load(actor=None)
        self.assertEqual(HistoricalIdentified.objects.get(year=2022).total, 74)

    def test_a_correction_is_audited_with_before_and_after(self) -> None:
        published_load(actor=None)
        historical_update(actor=self.analyst, year=2022, values={"total": 74, "female": 49, "sources": "S01"})
        event = AuditEvent.objects.get(event="published.historical_changed")
        self.assertEqual(event.actor, self.analyst)
        self.assertEqual((event.extra["before"]["total"], event.extra["after"]["total"]), (73, 74))
        self.assertEqual(event.extra["after"]["male"], None)  # an empty field is no figure, not kept

    def test_it_refuses_bad_figures_and_other_roles(self) -> None:
        with self.assertRaises(PermissionDenied):
            historical_update(actor=self.caseworker, year=2022, values={"total": 1})
        with self.assertRaises(PermissionDenied):
            historical_update(actor=self.manager, year=2022, values={"total": 1})
        with self.assertRaises(ValidationError) as caught:
            historical_update(actor=self.analyst, year=2022, values={"total": None})
        self.assertIn("total", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            historical_update(actor=self.analyst, year=2022, values={"total": 3, "sources": "X99"})
        self.assertIn("sources", caught.exception.message_dict)


class RegistryAndExportTests(SporTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_identified_case(cls.caseworker, on=date(2025, 3, 2))
        published_load(actor=None)

    def test_the_registry_and_its_export_give_the_same_report_with_the_history(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder_write(registry_folder(), Path(tmp))
            from_folder = build_report(tables_from_folder(tmp), 2025, report_date=REPORT_DATE)
        from_registry = build_report(tables_from_registry(), 2025, report_date=REPORT_DATE)
        self.assertEqual(from_registry, from_folder)
        self.assertEqual(from_registry["series"]["identified"]["2022"], 73)
        self.assertEqual(next(iter(from_registry["series"]["identified"])), "2007")

    def test_a_report_from_a_folder_does_not_change_when_the_shipped_history_changes(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "folder"
            folder_write(registry_folder(), folder)
            before = build_report(tables_from_folder(folder), 2025, report_date=REPORT_DATE)
            # Spor ships another history (2022 corrected to 80, a new 2024): the folder is what it is.
            data = Path(tmp) / "data"
            shutil.copytree(DATA, data)
            lines = (data / "historical_identified.csv").read_text(encoding="utf-8").splitlines()
            lines = [line.replace("2022,total,73,", "2022,total,80,") for line in lines] + ["2024,total,78,S01"]
            (data / "historical_identified.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
            with mock.patch.object(published, "DATA", data):
                self.assertEqual(published.shipped_historical().filter(year=2024).height, 1)
                after = build_report(tables_from_folder(folder), 2025, report_date=REPORT_DATE)
                HistoricalIdentified.objects.all().delete()
                published_load(actor=None)
        self.assertEqual(before, after)
        # The registry, reloaded from the new shipped history, does change: it is registry data.
        changed = build_report(tables_from_registry(), 2025, report_date=REPORT_DATE)
        self.assertEqual((changed["series"]["identified"]["2022"], changed["series"]["identified"]["2024"]), (80, 78))
