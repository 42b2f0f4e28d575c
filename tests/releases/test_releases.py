"""The release workflow of the yearly statistics (docs/statistics.md#releases)."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from spor.audit.models import AuditEvent
from spor.releases import selectors, services
from spor.releases.models import Release, ReleaseFile, ReleaseState
from spor.releases.published import historical_update, published_load
from spor.stats.extract import digest, tables_from_registry
from tests.base import SporTestCase
from tests.make import make_generated_release, make_identified_case, make_published_release


class ReleaseWorkflowTests(SporTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_identified_case(cls.caseworker, on=date(2025, 3, 2))
        published_load(actor=None)
        cls.draft = make_generated_release(cls.analyst, 2025)

    def test_a_generated_draft_has_every_format_with_checksums(self) -> None:
        names = set(self.draft.files.values_list("name", flat=True))
        for name in ("report.json", "report.html", "report.pdf", "report.xlsx", "open_data/README.md"):
            self.assertIn(name, names)
        self.assertTrue(any(n.startswith("csv/") for n in names) and any(n.startswith("csv_excel/") for n in names))
        for f in self.draft.files.all():
            self.assertEqual(f.sha256, hashlib.sha256(bytes(f.content)).hexdigest())
        self.assertEqual(self.draft.digest, digest(tables_from_registry()))
        self.assertEqual(self.draft.report["identified"]["total"], 1)

    def test_freezing_records_who_when_and_the_extract(self) -> None:
        frozen = services.release_freeze(actor=self.analyst, release=self.draft)
        self.assertEqual(frozen.frozen_by, self.analyst)
        self.assertIsNotNone(frozen.frozen_at)
        event = AuditEvent.objects.filter(event="release.frozen").get()
        self.assertEqual(event.extra["digest"], frozen.digest)
        self.assertEqual(event.extra["files"]["report.pdf"], frozen.files.get(name="report.pdf").sha256)

    def test_a_frozen_release_never_changes(self) -> None:
        frozen = services.release_freeze(actor=self.analyst, release=self.draft)
        with self.assertRaises(ValidationError):
            services.release_generate(actor=self.analyst, release=frozen, background=False)
        with self.assertRaises(ValidationError):
            services.release_text_set(actor=self.analyst, release=frozen, overrides={"x": "y"})
        with self.assertRaises(ValidationError):
            services.release_start(actor=self.analyst, year=2025)
        stored = frozen.files.get(name="report.json")
        stored.content = b"{}"
        with self.assertRaises(ValueError):
            stored.save()
        self.assertNotEqual(bytes(ReleaseFile.objects.get(pk=stored.pk).content), b"{}")

    def test_it_refuses_to_freeze_when_the_registry_changed(self) -> None:
        historical_update(actor=self.analyst, year=2022, values={"total": 74, "sources": "S01"})
        with self.assertRaisesMessage(ValidationError, "Registret er ændret"):
            services.release_freeze(actor=self.analyst, release=self.draft)

    def test_the_freezer_cannot_approve_their_own_release(self) -> None:
        frozen = services.release_freeze(actor=self.analyst, release=self.draft)
        review = services.release_submit(actor=self.analyst, release=frozen)
        with self.assertRaises(PermissionDenied):
            services.release_approve(actor=self.analyst, release=review)
        with self.assertRaises(PermissionDenied):
            services.release_approve(actor=self.caseworker, release=review)
        with self.assertRaisesMessage(ValidationError, "godkendes"):
            services.release_publish(actor=self.manager, release=review)
        services.release_approve(actor=self.manager, release=review)
        published = services.release_publish(actor=self.manager, release=review)
        self.assertEqual(published.state, ReleaseState.PUBLISHED)
        self.assertEqual(selectors.release_published(2025), published)

    def test_a_caseworker_cannot_prepare_a_release(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.release_start(actor=self.caseworker, year=2024)
        with self.assertRaises(PermissionDenied):
            services.release_start(actor=self.manager, year=2024)

    def test_only_a_published_release_is_the_statistics_of_the_year(self) -> None:
        self.assertIsNone(selectors.release_published(2025))
        services.release_freeze(actor=self.analyst, release=self.draft)
        self.assertIsNone(selectors.release_published(2025))


class RevisionTests(SporTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_identified_case(cls.caseworker, on=date(2025, 3, 2))
        cls.first = make_published_release(cls.analyst, cls.manager, 2025)

    def test_a_correction_is_a_revised_release_with_its_note(self) -> None:
        with self.assertRaises(ValidationError):
            services.release_revise(actor=self.analyst, release=self.first, note=" ")
        make_identified_case(self.caseworker, on=date(2025, 6, 2))  # a decision recorded late
        revised = services.release_revise(actor=self.analyst, release=self.first, note="Én afgørelse var ikke med.")
        self.assertEqual((revised.revision, revised.state), (2, ReleaseState.DRAFT))
        services.release_generate(actor=self.analyst, release=revised, background=False)
        revised.refresh_from_db()
        report = json.loads(bytes(revised.files.get(name="report.json").content))
        self.assertEqual(report["release"]["revision_note"], "Én afgørelse var ikke med.")
        self.assertEqual(report["release"]["revision"], 2)
        self.assertEqual(report["identified"]["total"], 2)
        self.assertIn("Én afgørelse var ikke med.", bytes(revised.files.get(name="report.html").content).decode())
        # The published first release stays "the" statistics until the revision is published, unchanged.
        self.assertEqual(selectors.release_published(2025), self.first)
        self.assertEqual(json.loads(bytes(self.first.files.get(name="report.json").content))["identified"]["total"], 1)
        services.release_freeze(actor=self.analyst, release=revised)
        services.release_submit(actor=self.analyst, release=revised)
        services.release_approve(actor=self.manager, release=revised)
        services.release_publish(actor=self.manager, release=revised)
        self.assertEqual(selectors.release_published(2025).revision, 2)

    def test_overrides_are_stored_with_the_release_and_passed_to_the_report(self) -> None:
        revised = services.release_revise(actor=self.analyst, release=self.first, note="Ny formulering.")
        services.release_text_set(actor=self.analyst, release=revised, overrides={"identified.text": "Én person."})
        services.release_generate(actor=self.analyst, release=revised, background=False)
        revised.refresh_from_db()
        self.assertEqual(revised.overrides, {"identified.text": "Én person."})
        self.assertEqual(revised.report["release"]["overrides"], {"identified.text": "Én person."})


class JobTests(SporTestCase):
    def test_a_running_job_is_not_started_twice_unless_it_died(self) -> None:
        release = services.release_start(actor=self.analyst, year=2025)
        Release.objects.filter(pk=release.pk).update(job_state="running", updated_at=timezone.now())
        with self.assertRaisesMessage(ValidationError, "dannes allerede"):
            services.release_generate(actor=self.analyst, release=release, background=False)
        stale = timezone.now() - services.STALE_JOB - timedelta(minutes=1)
        Release.objects.filter(pk=release.pk).update(updated_at=stale)
        services.release_generate(actor=self.analyst, release=release, background=False)
        self.assertEqual(Release.objects.get(pk=release.pk).job_state, "done")
