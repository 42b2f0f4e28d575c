"""The synthetic corpus: deterministic, two sites, planted networks and hard negatives."""

from __future__ import annotations

import csv
import json
import tempfile
import unittest
from collections import Counter
from pathlib import Path

import pytest

from spor.screening.features.images import hamming, phash_hex
from spor.screening.generator import generate_corpus

pytestmark = pytest.mark.nodb


class GeneratorTests(unittest.TestCase):
    def test_it_is_deterministic_for_a_seed(self) -> None:
        first = generate_corpus(seed=11, n_ads=60, with_images=False)
        second = generate_corpus(seed=11, n_ads=60, with_images=False)
        assert first.ads == second.ads and first.truth == second.truth
        assert generate_corpus(seed=12, n_ads=60, with_images=False).ads != first.ads

    def test_it_plants_networks_and_independents_on_both_sites(self) -> None:
        corpus = generate_corpus(seed=3, n_ads=200, with_images=False)
        assert len(corpus.truth) == 200
        assert {ad["site"] for ad in corpus.ads} == {"natlys", "rodlygte"}
        sizes = Counter(network for _, _, network in corpus.truth if network)
        assert len(sizes) >= 3 and min(sizes.values()) >= 2
        assert sum(1 for *_, network in corpus.truth if network is None) > 100
        assert len(corpus.ads) > 200  # some ads have later versions

    def test_it_writes_ads_truth_and_pictures(self) -> None:
        tmp_path = Path(tempfile.mkdtemp())
        corpus = generate_corpus(seed=5, n_ads=20)
        corpus.write(tmp_path)
        lines = (tmp_path / "ads.jsonl").read_text(encoding="utf-8").splitlines()
        first = json.loads(lines[0])
        assert (tmp_path / first["images"][0]).read_bytes()[:2] == b"\xff\xd8"  # JPEG
        with (tmp_path / "truth.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == 20 and set(rows[0]) == {"site", "ad_id", "network_id"}

    def test_it_keeps_reused_pictures_near_duplicates_near_duplicates(self) -> None:
        corpus = generate_corpus(seed=8, n_ads=200)
        by_network: dict[str, list[str]] = {}
        keys = {(site, ad_id): network for site, ad_id, network in corpus.truth}
        for ad in corpus.ads:
            network = keys[(ad["site"], ad["ad_id"])]
            if network:
                by_network.setdefault(network, []).extend(phash_hex(corpus.images[p]) for p in ad["images"])
        # networks of at least 6 ads re-post a persona's pictures (text-only networks, 8 %, do not)
        big = [hashes for hashes in by_network.values() if len(hashes) >= 6]
        close = 0
        for hashes in big:
            close += any(hamming(a, b) <= 12 for i, a in enumerate(hashes) for b in hashes[i + 1 :])
        assert big and close >= len(big) - 1
