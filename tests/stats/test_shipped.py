"""The published figures Spor ships: each number with a known source, and the series rule on them."""

from __future__ import annotations

import csv

import pytest
from django.test import SimpleTestCase

from spor.releases.published import shipped_court, shipped_historical
from spor.stats.extract import DATA

pytestmark = pytest.mark.nodb


class ShippedFiguresTests(SimpleTestCase):
    def test_every_number_names_a_listed_source(self) -> None:
        with (DATA / "sources.csv").open(encoding="utf-8") as handle:
            known = {row["id"] for row in csv.DictReader(handle)}
        for name in ("historical_identified.csv", "court_statistics.csv"):
            with (DATA / name).open(encoding="utf-8") as handle:
                for line, row in enumerate(csv.DictReader(handle), start=2):
                    sources = set(row["source"].split(";"))
                    self.assertTrue(sources and sources <= known, f"{name}:{line}: {row['source']}")

    def test_it_ships_the_published_totals_only(self) -> None:
        totals = dict(shipped_historical().select("year", "total").iter_rows())
        self.assertEqual((totals[2013], totals[2022], totals[2025]), (76, 73, 101))
        # 2009, 2010 and 2024 are not printed in any source found (2024 = 78 only by subtraction).
        self.assertFalse({2009, 2010, 2024} & set(totals))

    def test_it_keeps_both_units_of_court_statistics(self) -> None:
        court = shipped_court()
        self.assertEqual(court.filter(court["year"] == 2022).sort("unit").drop("sources").rows(),
                         [(2022, "counts", 14, 3, 2), (2022, "persons", 13, 5, 2)])  # fmt: skip

    def test_each_year_names_its_sources(self) -> None:
        sources = dict(shipped_historical().select("year", "sources").iter_rows())
        self.assertEqual(sources[2022], "K01;S01")
