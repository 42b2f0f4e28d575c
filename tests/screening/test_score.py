"""Scores and their reasons: from the data files, in words, Danish first (docs/screening-analysis.md#pipeline)."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

import pytest

from spor.screening import pipeline, results
from spor.screening.features import indicators
from spor.screening.generator import generate_corpus
from spor.screening.score import ad_reasons, network_weights
from spor.screening.table import read_jsonl

pytestmark = pytest.mark.nodb

SEED = 779  # never used for tuning


class IndicatorFileTests(unittest.TestCase):
    def test_every_indicator_names_its_source_and_movement_counts_against(self) -> None:
        loaded = indicators.load()
        self.assertTrue(all(i.source and i.label_da and i.label_en for i in loaded))
        self.assertTrue({"da", "en"} <= {i.language for i in loaded})
        movement = [i for i in loaded if i.category == "movement"]
        self.assertTrue(movement and all(i.weight < 0 for i in movement))
        self.assertTrue(all(network_weights()[k]["weight"] > 0 for k in ("names", "shared_phone", "cities")))

    def test_reasons_come_one_per_category_in_both_languages(self) -> None:
        reasons = ad_reasons(["trustworthy", "trustworthy_en", "movement_da"])
        self.assertEqual([r.code for r in reasons], ["trustworthy", "movement_da"])
        self.assertIn("ny i byen", reasons[1].da)


class ResultsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        folder = Path(tempfile.mkdtemp())
        generate_corpus(seed=SEED, n_ads=250, with_images=False).write(folder)
        cls.out = folder / "analysis"
        pipeline.analyse(read_jsonl(folder / "ads.jsonl"), cls.out)

    def test_networks_are_ranked_with_reasons_in_words(self) -> None:
        ranked = results.networks_ranked(folder=self.out)
        self.assertGreater(len(ranked), 3)
        self.assertEqual([n.score for n in ranked], sorted((n.score for n in ranked), reverse=True))
        top = ranked[0]
        self.assertTrue(any(r.startswith("samme telefonnummer i") and "navne" in r for r in top.reasons))
        self.assertTrue(any(r.startswith("same phone in") for r in top.reasons_en))

    def test_a_network_shows_its_ads_identifiers_and_timeline(self) -> None:
        top = results.networks_ranked(folder=self.out)[0]
        detail = results.network_detail(top.network_id, folder=self.out)
        assert detail is not None
        self.assertEqual(len(detail.ads), top.n_ads)
        self.assertTrue(any(i.kind == "phone" for i in detail.identifiers))
        self.assertEqual(sum(step["ads"] for step in detail.timeline), top.n_ads)
        self.assertIsNone(results.network_detail("Nnothere", folder=self.out))

    def test_a_phone_number_is_found_in_any_writing(self) -> None:
        top = results.networks_ranked(folder=self.out)[0]
        number = top.phones[0]
        national = number.removeprefix("+45")
        spelled = " ".join(
            ["nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"][int(d)] for d in national
        )
        for query in (number, national, spelled):
            hits = results.find_by_identifier(query, folder=self.out)
            self.assertTrue(hits and all(h.network_id for h in hits), query)
        self.assertEqual(results.find_by_identifier("11 11 11 11", folder=self.out), [])

    def test_weekly_trends_count_every_ad_once_per_dimension(self) -> None:
        trends = results.weekly_trends(folder=self.out)
        by_dimension: dict[str, int] = {}
        for row in trends:
            by_dimension[row["dimension"]] = by_dimension.get(row["dimension"], 0) + row["ads"]
        self.assertEqual(set(by_dimension.values()), {250})

    def test_nothing_is_there_before_the_first_analysis(self) -> None:
        empty = Path(tempfile.mkdtemp())
        self.assertEqual(results.networks_ranked(folder=empty), [])
        self.assertEqual(results.find_by_identifier("22 45 67 89", folder=empty), [])
