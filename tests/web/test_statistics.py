"""The analyst's year in the web: pages, permissions, downloads (docs/web.md#statistics)."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from spor.audit.models import AuditEvent
from spor.interchange.models import HistoricalIdentified
from spor.releases import services
from spor.releases.models import Release, ReleaseState
from spor.releases.published import published_load
from tests.base import SporTestCase
from tests.make import make_generated_release, make_identified_case, make_person, make_published_release


class StatisticsPageTests(SporTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_identified_case(cls.caseworker, on=date(2024, 3, 2))
        make_identified_case(cls.caseworker, on=date(2025, 3, 2))
        published_load(actor=None)
        cls.last_year = make_published_release(cls.analyst, cls.manager, 2024)
        cls.draft = make_generated_release(cls.analyst, 2025)

    def test_only_analysts_and_managers_reach_the_pages(self) -> None:
        pages = [
            reverse("web:statistics"),
            reverse("web:published"),
            reverse("web:release-download", args=[self.draft.code, "report.pdf"]),
            reverse("web:release-preview", args=[self.draft.code]),
        ]
        for user in (self.caseworker, self.immigration_officer, self.police_referrer, self.admin, self.outreach_worker):
            self.client.force_login(user)
            for url in pages:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.post(reverse("web:release-freeze", args=[self.draft.code])).status_code, 404)
        self.assertIsNone(Release.objects.get(pk=self.draft.pk).frozen_at)

    def test_the_year_shows_every_table_against_last_years_release_and_the_warnings(self) -> None:
        self.client.force_login(self.analyst)
        page = self.client.get(reverse("web:statistics"), {"year": 2025}).content.decode()
        self.assertIn("Årsstatistik 2025", page)
        self.assertIn("Sammenlignet med den udgivne statistik for 2024, revision 1.", page)
        for table in ("identified / by_gender", "identified / by_exploitation", "inquiries / by_channel", "returns"):
            self.assertIn(f"<caption>{table}</caption>", page)
        self.assertIn("Datakvalitet", page)
        self.assertIn("report.pdf", page)

    def test_the_freezer_cannot_approve_in_the_web_and_a_manager_can(self) -> None:
        services.release_freeze(actor=self.analyst, release=self.draft)
        services.release_submit(actor=self.analyst, release=self.draft)
        self.client.force_login(self.analyst)
        page = self.client.get(reverse("web:statistics"), {"year": 2025}).content.decode()
        self.assertNotIn(reverse("web:release-approve", args=[self.draft.code]), page)
        self.client.post(reverse("web:release-approve", args=[self.draft.code]))
        self.assertIsNone(Release.objects.get(pk=self.draft.pk).approved_at)
        self.client.force_login(self.manager)
        self.client.post(reverse("web:release-approve", args=[self.draft.code]))
        self.client.post(reverse("web:release-publish", args=[self.draft.code]))
        release = Release.objects.get(pk=self.draft.pk)
        self.assertEqual((release.approved_by, release.state), (self.manager, ReleaseState.PUBLISHED))

    def test_a_file_downloads_as_an_attachment_and_the_preview_is_sandboxed(self) -> None:
        self.client.force_login(self.manager)
        response = self.client.get(reverse("web:release-download", args=[self.draft.code, "report.pdf"]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertIn("attachment", response["Content-Disposition"])
        preview = self.client.get(reverse("web:release-preview", args=[self.draft.code]))
        self.assertIn("sandbox", preview["Content-Security-Policy"])
        self.assertEqual(preview["X-Frame-Options"], "SAMEORIGIN")
        self.assertIn(b"<html", preview.content)

    def test_the_analyst_corrects_the_published_history_with_an_audit_record(self) -> None:
        self.client.force_login(self.analyst)
        page = self.client.get(reverse("web:published")).content.decode()
        self.assertIn("K01;S01", page)
        response = self.client.post(reverse("web:published-edit", args=[2022]), {"total": "74", "sources": "S01"})
        self.assertRedirects(response, reverse("web:published"))
        self.assertEqual(HistoricalIdentified.objects.get(year=2022).total, 74)
        self.assertTrue(AuditEvent.objects.filter(event="published.historical_changed").exists())
        bad = self.client.post(reverse("web:published-edit", args=[2022]), {"total": "", "sources": "S01"})
        self.assertContains(bad, "form-error")
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(reverse("web:published-edit", args=[2022])).status_code, 404)


class ComparisonLabelTests(SporTestCase):
    """The comparison names its rows in words, and compares with last year's registry figures
    when last year has no published release."""

    def test_rows_are_labelled_and_last_year_comes_from_the_registry(self):
        make_identified_case(self.caseworker, make_person(self.caseworker), on=date(2024, 5, 1))
        make_identified_case(self.caseworker, make_person(self.caseworker, given="Anna"), on=date(2025, 5, 1))
        make_identified_case(self.caseworker, make_person(self.caseworker, given="Berit"), on=date(2025, 6, 1))
        self.client.force_login(self.analyst)
        page = self.client.get("/analyse/statistik/?year=2025").content.decode()
        self.assertIn("tallene for sidste år er registrets", page)
        self.assertIn("kvinde <code>female</code>", page)  # the gender code in words
        row = page.split("I alt", 1)[1].split("</tr>", 1)[0]
        self.assertEqual(re.findall(r">(\d+)<", row)[:2], ["1", "2"])  # 2024 from the registry, 2025
