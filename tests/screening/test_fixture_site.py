"""The fixture site: two layouts, pagination, robots.txt, test hooks, mutation from Python."""

from __future__ import annotations

import csv
import tempfile
import unittest
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from spor.screening.fixture_site import sample_corpus, serve_fixture_site, write_truth

pytestmark = pytest.mark.nodb


def fetch(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


class FixtureSiteTests(unittest.TestCase):
    def setUp(self) -> None:
        self.corpus = sample_corpus(30)
        self.server, self.base = serve_fixture_site(self.corpus, hooks=True, slow_seconds=0.2)
        self.addCleanup(self.server.shutdown)

    def test_it_serves_both_layouts_with_pagination(self) -> None:
        status, page1 = fetch(f"{self.base}/natlys/")
        self.assertEqual(status, 200)
        self.assertIn('rel="next"', page1)
        self.assertIn("/natlys/annonce/na0000", page1)
        _, page2 = fetch(f"{self.base}/natlys/?side=2")
        self.assertNotIn('rel="next"', page2)  # 15 natlys ads: two pages
        _, table = fetch(f"{self.base}/rodlygte/liste/1.html")
        self.assertIn('class="ad-row"', table)
        self.assertIn("vis.php?id=ro0001", table)
        _, ad = fetch(f"{self.base}/rodlygte/vis.php?id=ro0001")
        self.assertIn('<td id="alias">Pige1</td>', ad)

    def test_it_disallows_a_path_that_the_listings_link_to(self) -> None:
        _, robots = fetch(f"{self.base}/robots.txt")
        self.assertIn("Disallow: /natlys/privat/", robots)
        _, page1 = fetch(f"{self.base}/natlys/")
        self.assertIn("/natlys/privat/", page1)

    def test_it_answers_500_and_slowly_on_the_hook_pages(self) -> None:
        self.assertEqual(fetch(f"{self.base}/natlys/annonce/fejl-500")[0], 500)
        with self.assertRaises(OSError):
            fetch(f"{self.base}/natlys/annonce/langsom", timeout=0.05)

    def test_it_changes_and_removes_ads_from_python(self) -> None:
        self.server.fixture.ad_change("natlys", "na0000", price="9999 kr")  # type: ignore[attr-defined]
        self.assertIn("9999 kr", fetch(f"{self.base}/natlys/annonce/na0000")[1])
        self.server.fixture.ad_remove("natlys", "na0000")  # type: ignore[attr-defined]
        self.assertEqual(fetch(f"{self.base}/natlys/annonce/na0000")[0], 404)
        self.assertNotIn("na0000", fetch(f"{self.base}/natlys/")[1])

    def test_it_writes_the_ground_truth(self) -> None:
        path = Path(tempfile.mkdtemp()) / "truth.csv"
        write_truth(self.corpus, path)
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        self.assertEqual(len(rows), 30)
        self.assertEqual(rows[0], {"site": "natlys", "ad_id": "na0000", "network_id": "n0"})
        self.assertEqual(rows[1]["network_id"], "")
