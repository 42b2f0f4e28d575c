"""Quality without size cuts: the method scores the same at 2,000 ads on both generators.

Spor's own generator (seed 779) and the independent one in bench/ (seed 4901), neither used for
tuning. No threshold of the linking depends on the corpus size, so a small corpus must meet the
same targets as a large one (docs/screening-analysis.md#evaluation has the figures at size).
"""

from __future__ import annotations

import sys
import unittest
from pathlib import Path

import pytest

from spor.screening import evaluate, link
from spor.screening.features.extract import ad_features
from spor.screening.networks import find_networks

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from screening_quality import corpus

pytestmark = pytest.mark.nodb


class QualityTests(unittest.TestCase):
    def score(self, generator: str, seed: int) -> evaluate.Scores:
        ads, truth = corpus(generator, seed, 2000)
        features = ad_features(ads)
        found = find_networks(features)
        actual = [truth.get(key) for key in zip(features["site"], features["ad_id"], strict=True)]
        return evaluate.clustering_scores(found.assignments.sort("row")["network_id"].to_list(), actual)

    def test_it_meets_the_targets_on_spors_generator(self) -> None:
        scores = self.score("spor", 779)
        self.assertGreaterEqual(scores.pairwise_f1, 0.95)
        self.assertGreaterEqual(scores.ari, 0.95)

    def test_it_meets_the_targets_on_the_independent_generator(self) -> None:
        scores = self.score("independent", 4901)
        self.assertGreaterEqual(scores.pairwise_f1, 0.9)
        self.assertGreaterEqual(scores.ari, 0.9)

    def test_no_linking_threshold_is_a_share_of_the_corpus(self) -> None:
        self.assertFalse(hasattr(link, "COMMON_SHARE"))
        self.assertFalse(any("share" in name.lower() and "hub" not in name.lower() for name in dir(link.LinkSettings)))
