"""The crawler against the fixture site on 127.0.0.1: real HTTP, real Scrapy, a worker process each.

Delays and AutoThrottle are off and the timeout short, so that each crawl takes a few seconds.
"""

from __future__ import annotations

import gzip
import io
import json
from typing import Any

from django.core.management import call_command
from django.test import TestCase

from spor.screening.crawler.service import crawl_run
from spor.screening.fixture_site import FixtureSite, sample_corpus, serve_fixture_site
from spor.screening.generator import generate_corpus
from spor.screening.models import Ad, AdVersion, Crawl, CrawlFailure, Image

FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    # Long enough for a loaded 2-core CI machine, shorter than the fixture's slow page (3 s).
    "DOWNLOAD_TIMEOUT": 2,
    "RETRY_TIMES": 2,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


class CrawlTests(TestCase):
    def serve(self, corpus: Any = None, **options: Any) -> FixtureSite:
        server, self.base_url = serve_fixture_site(corpus or sample_corpus(30), **options)
        self.addCleanup(server.shutdown)
        fixture: FixtureSite = server.fixture  # type: ignore[attr-defined]
        return fixture

    def crawl(self, site: str = "natlys", **overrides: Any) -> Crawl:
        return crawl_run(site=site, base_url=self.base_url, scrapy_settings={**FAST, **overrides})

    def test_it_reads_both_layouts_and_keeps_the_raw_page_and_images(self) -> None:
        corpus = generate_corpus(seed=5, n_ads=30)
        self.serve(corpus)
        for site in ("natlys", "rodlygte"):
            crawl = self.crawl(site)
            expected = {ad["ad_id"] for ad in corpus.ads if ad["site"] == site}
            self.assertEqual(set(Ad.objects.filter(site__slug=site).values_list("ad_id", flat=True)), expected)
            self.assertEqual((crawl.status, crawl.ads_new), (Crawl.Status.FINISHED, len(expected)))
        latest = {ad["ad_id"]: ad for ad in sorted(corpus.ads, key=lambda ad: ad["seen_at"])}
        for version in AdVersion.objects.select_related("ad"):
            source = latest[version.ad.ad_id]
            parsed = (version.name or None, version.age, version.city or None)
            self.assertEqual(parsed, (source["name"], source["age"], source["city"]))
            self.assertEqual(version.text.split(), source["text"].split())
            self.assertEqual(version.images.count(), len(source["images"]))
            self.assertIn(version.ad.ad_id.encode(), gzip.decompress(version.raw_page.content_gzip))
        stored = Image.objects.exclude(data=None).first()
        assert stored is not None
        self.assertIn(bytes(stored.data), corpus.images.values())

    def test_it_obeys_robots_txt_and_records_a_500_and_a_timeout_without_stopping(self) -> None:
        fixture = self.serve(hooks=True, slow_seconds=4)
        crawl = self.crawl("natlys")
        self.assertEqual([p for p in fixture.requests if "/privat/" in p], [])
        failures = {f.url.rsplit("/", 1)[1]: (f.status, f.reason) for f in CrawlFailure.objects.filter(crawl=crawl)}
        self.assertEqual(failures["fejl-500"], (500, "HTTP 500"))
        self.assertIsNone(failures["langsom"][0])
        self.assertIn("took longer than 2.0 seconds", failures["langsom"][1])
        self.assertEqual(Ad.objects.count(), 15)  # every real ad despite the failures
        self.assertEqual(crawl.status, Crawl.Status.FINISHED)

    def test_it_keeps_a_new_version_of_a_changed_ad_and_the_last_seen_of_a_removed_one(self) -> None:
        fixture = self.serve()
        self.crawl()
        first_seen = {ad.ad_id: ad.last_seen for ad in Ad.objects.all()}
        fixture.ad_change("natlys", "na0000", price="1500 kr", text="Ny tekst")
        fixture.ad_remove("natlys", "na0002")
        second = self.crawl()
        self.assertEqual((second.ads_new, second.ads_changed, second.ads_unchanged, second.ads_removed), (0, 1, 13, 1))
        changed = Ad.objects.get(ad_id="na0000")
        self.assertEqual([v.price for v in changed.versions.all()], ["800 kr", "1500 kr"])
        removed = Ad.objects.get(ad_id="na0002")
        self.assertTrue(removed.removed)
        self.assertEqual(removed.last_seen, first_seen["na0002"])
        self.assertGreater(Ad.objects.get(ad_id="na0004").last_seen, first_seen["na0004"])
        self.assertEqual(AdVersion.objects.count(), 16)

    def test_it_resumes_an_interrupted_crawl_without_duplicates(self) -> None:
        fixture = self.serve()
        first = self.crawl(CONCURRENT_REQUESTS=1, CLOSESPIDER_ITEMCOUNT=4)
        self.assertEqual(first.status, Crawl.Status.INTERRUPTED)
        stored_first = set(Ad.objects.values_list("ad_id", flat=True))
        self.assertLess(len(stored_first), 15)
        second = self.crawl()
        self.assertEqual((second.pk, second.status), (first.pk, Crawl.Status.FINISHED))
        self.assertEqual(Ad.objects.count(), 15)
        self.assertEqual(AdVersion.objects.count(), 15)
        self.assertEqual(second.ads_removed, 0)
        # Resumed from the JOBDIR queue, not started over: the ads stored before the interruption
        # and the first listing page were fetched once only.
        fetches = [p.rsplit("/", 1)[1] for p in fixture.requests if p.startswith("/natlys/annonce/")]
        self.assertEqual({ad_id: fetches.count(ad_id) for ad_id in stored_first}, dict.fromkeys(stored_first, 1))
        self.assertEqual(fixture.requests.count("/natlys/"), 1)

    def test_the_command_reports_what_it_stored(self) -> None:
        self.serve()
        out = io.StringIO()
        overrides = [arg for name, value in FAST.items() for arg in ("--set", f"{name}={json.dumps(value)}")]
        call_command("screening", "crawl", "rodlygte", "--base-url", self.base_url, *overrides, stdout=out)
        self.assertIn("nye/new 15", out.getvalue())
