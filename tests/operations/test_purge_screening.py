"""`spor purge screening`: ads, versions, raw pages and images past retention go; the rest stays."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from spor.audit.models import AuditEvent
from spor.screening.models import Ad, AdVersion, Image, RawPage
from spor.screening.store import AdIn, ImageIn, ads_save


def observe(ad_id: str, days_ago: int, *, price: str = "1000 kr", phash: str = "0123456789abcdef") -> AdIn:
    return AdIn(
        site="natlys",
        ad_id=ad_id,
        url=f"https://natlys.example/annonce/{ad_id}",
        seen_at=timezone.now() - timedelta(days=days_ago),
        title="Annonce",
        text="Tekst",
        price=price,
        images=[ImageIn(phash=phash, data=phash.encode(), content_type="image/jpeg")],
        raw_html=b"<html>side</html>",
    )


class PurgeTests(TestCase):
    def setUp(self) -> None:
        ads_save(
            [
                observe("old", 400),
                observe("old", 200, price="900 kr"),  # a second version, still past 180 days
                observe("shared-old", 300, phash="fedcba9876543210"),
                observe("recent", 10, phash="fedcba9876543210"),  # keeps the shared image alive
                observe("edge", 179, phash="00000000000000ff"),
            ]
        )

    def purge(self, *args: str) -> str:
        out = io.StringIO()
        call_command("purge", "screening", *args, stdout=out)
        return out.getvalue()

    def test_it_counts_without_deleting_on_a_dry_run(self) -> None:
        out = self.purge("--dry-run")
        self.assertIn("annoncer/ads 2, versioner/versions 3, rå sider/raw pages 3, billeder/images 1", out)
        self.assertEqual(Ad.objects.count(), 4)

    def test_it_deletes_ads_last_seen_before_the_retention_period_with_their_versions_and_images(self) -> None:
        out = self.purge()
        self.assertIn("Slettet / deleted", out)
        self.assertEqual(set(Ad.objects.values_list("ad_id", flat=True)), {"recent", "edge"})
        self.assertEqual(AdVersion.objects.count(), 2)
        self.assertEqual(RawPage.objects.count(), 2)
        # The old ad's own image went; the one it shared with a recent ad stayed.
        self.assertEqual(set(Image.objects.values_list("phash", flat=True)), {"fedcba9876543210", "00000000000000ff"})
        event = AuditEvent.objects.get(event="screening.purged")
        self.assertEqual(event.extra["ads"], 2)
        self.assertIn("annoncer/ads 0, versioner/versions 0, rå sider/raw pages 0, billeder/images 0", self.purge())

    @override_settings(SCREENING_RETENTION_DAYS=5)
    def test_it_follows_the_configured_retention(self) -> None:
        self.purge()
        self.assertEqual(Ad.objects.count(), 0)
