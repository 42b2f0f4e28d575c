"""Screening at scale (docs/screening-analysis.md#scale): the set-based store, order-free features,
the picture search at a fixed radius, incremental equals full, Dask equals one process."""

from __future__ import annotations

import io
import json
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings

from spor.screening import cluster, pipeline
from spor.screening.crawler.adfile import read_ads
from spor.screening.features.extract import ad_features
from spor.screening.features.images import near_duplicate_pairs, near_pairs, recall
from spor.screening.generator import generate_corpus
from spor.screening.models import Ad, AdVersion, AdVersionImage, Image
from spor.screening.store import AdIn, ads_frame, ads_save
from spor.screening.table import empty, read_jsonl


def corpus_file(seed: int, n_ads: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="spor-scale-"))
    generate_corpus(seed=seed, n_ads=n_ads, with_images=False).write(folder)
    return folder / "ads.jsonl"


def stored_state() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    ads = sorted(
        Ad.objects.values_list("site__slug", "ad_id", "url", "first_seen", "last_seen", "removed", "removed_at")
    )
    versions = sorted(
        AdVersion.objects.values_list("ad__site__slug", "ad__ad_id", "seen_at", "fingerprint", "title", "text")
    )
    images = sorted(
        AdVersionImage.objects.values_list("version__ad__ad_id", "version__seen_at", "position", "image__phash")
    )
    return ads, versions, images


class SetBasedSaveTests(TestCase):
    """Saving a file at once gives what saving it one observation at a time (the old way) gave."""

    def test_one_call_equals_one_record_at_a_time_in_any_order(self) -> None:
        records = read_ads(corpus_file(seed=5, n_ads=150))
        at_once = ads_save(records)
        state = stored_state()
        Ad.objects.all().delete()
        Image.objects.all().delete()
        one_by_one = {"new": 0, "changed": 0, "unchanged": 0}
        for record in sorted(records, key=lambda r: r.seen_at):
            counts = ads_save([record])
            for key in one_by_one:
                one_by_one[key] += getattr(counts, key)
        self.assertEqual(stored_state(), state)
        self.assertEqual((at_once.new, at_once.changed, at_once.unchanged), tuple(one_by_one.values()))
        self.assertGreater(at_once.changed, 0)  # the generator re-posts ads with changes

        Ad.objects.all().delete()
        Image.objects.all().delete()
        shuffled = list(records)
        random.Random(3).shuffle(shuffled)
        again = ads_save(shuffled)
        self.assertEqual(stored_state(), state)
        self.assertEqual((again.new, again.changed, again.unchanged), (at_once.new, at_once.changed, at_once.unchanged))

    def test_a_second_save_is_unchanged_and_a_later_change_is_a_version(self) -> None:
        moment = datetime(2026, 3, 1, 12, tzinfo=UTC)
        first = AdIn(site="natlys", ad_id="a1", url="https://x.example/a1", seen_at=moment, text="Ring 20 40 60 80")
        ads_save([first])
        self.assertEqual(ads_save([first]).unchanged, 1)
        later = AdIn(**{**first.__dict__, "seen_at": moment + timedelta(days=1), "text": "Ring 20 40 60 81"})
        earlier = AdIn(**{**first.__dict__, "seen_at": moment - timedelta(days=1)})
        counts = ads_save([later, earlier])
        self.assertEqual((counts.new, counts.changed, counts.unchanged), (0, 2, 0))
        ad = Ad.objects.get()
        self.assertEqual((ad.first_seen, ad.last_seen), (moment - timedelta(days=1), moment + timedelta(days=1)))
        self.assertEqual(AdVersion.objects.count(), 3)

    def test_the_retention_purge_takes_the_ads_out_of_the_feature_table(self) -> None:
        now = datetime.now(tz=UTC)
        with override_settings(VAR_DIR=Path(tempfile.mkdtemp(prefix="spor-var-"))):
            ads_save(
                [
                    AdIn(site="natlys", ad_id=ad_id, url="", seen_at=now - timedelta(days=days), text=f"Ring {phone}")
                    for ad_id, days, phone in (("old", 400, "20406080"), ("recent", 3, "20406081"))
                ]
            )
            call_command("screening", "analyse", stdout=io.StringIO())
            self.assertEqual(sorted(pl.read_parquet(pipeline.features_cache())["ad_id"]), ["old", "recent"])
            with self.captureOnCommitCallbacks(execute=True):
                call_command("purge", "screening", stdout=io.StringIO())
            self.assertEqual(pl.read_parquet(pipeline.features_cache())["ad_id"].to_list(), ["recent"])

    def test_the_store_reads_back_the_file_s_ad_table(self) -> None:
        path = corpus_file(seed=6, n_ads=80)
        call_command("screening", "ingest", str(path), stdout=io.StringIO())
        from_file = read_jsonl(path).drop("seen_at").sort("site", "ad_id")
        from_store = ads_frame().drop("seen_at").sort("site", "ad_id")
        self.assertEqual(from_store.drop("phones", "emails").to_dicts(), from_file.drop("phones", "emails").to_dicts())


class OrderFreeTests(SimpleTestCase):
    """Shuffled input, partitions, Dask workers: the same features and the same networks."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.ads = read_jsonl(corpus_file(seed=8, n_ads=400))

    def test_features_do_not_depend_on_order_or_partition(self) -> None:
        whole = pipeline.features(self.ads)
        shuffled = pipeline.features(self.ads.sample(fraction=1.0, shuffle=True, seed=4))
        self.assertTrue(whole.equals(shuffled))
        parts = pl.concat(
            [ad_features(part).drop("row") for part in cluster.partitions(pipeline.canonical(self.ads), 37)]
        )
        self.assertTrue(whole.drop("row").equals(parts))

    def test_an_empty_store_gives_empty_tables(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="spor-empty-"))
        self.assertEqual(pipeline.features(empty(), cache=folder / "features.parquet").height, 0)
        self.assertEqual(pipeline.run(empty()).summaries.height, 0)

    def test_shuffled_input_gives_the_same_networks(self) -> None:
        one = pipeline.run(self.ads)
        other = pipeline.run(self.ads.sample(fraction=1.0, shuffle=True, seed=9))
        self.assertTrue(pipeline.ads_table(one).equals(pipeline.ads_table(other)))
        self.assertTrue(one.summaries.equals(other.summaries))

    def test_dask_on_a_local_cluster_equals_one_process(self) -> None:
        local = pipeline.features(self.ads)
        ads = pipeline.canonical(self.ads)
        distributed = cluster.features(ads, partition_ads=90, workers=2)
        self.assertTrue(local.equals(distributed))
        one = pipeline.run_features(local)
        two = pipeline.run_features(distributed)
        self.assertTrue(pipeline.ads_table(one).equals(pipeline.ads_table(two)))

    def test_the_command_on_a_scheduler_s_address_equals_one_process(self) -> None:
        from dask.distributed import LocalCluster

        path = corpus_file(seed=8, n_ads=400)
        out = Path(tempfile.mkdtemp(prefix="spor-dask-"))
        with self.assertRaisesRegex(CommandError, "--engine dask"):
            call_command("screening", "analyse", "--ads", str(path), "--scheduler", "tcp://127.0.0.1:1")
        call_command("screening", "analyse", "--ads", str(path), "--out", str(out / "local"), stdout=io.StringIO())
        with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as local:
            call_command(
                "screening",
                "analyse",
                *("--ads", str(path), "--out", str(out / "dask")),
                *("--engine", "dask", "--scheduler", local.scheduler_address),
                stdout=io.StringIO(),
            )
        for name in ("ads", "networks", "links", "cut"):
            one, two = (pl.read_parquet(out / run / f"{name}.parquet") for run in ("local", "dask"))
            self.assertTrue(one.equals(two), name)


class IncrementalTests(TestCase):
    """A batch on top of a previous run gives the networks of a full run over all the ads."""

    def test_library_batch_equals_full_run(self) -> None:
        ads = read_jsonl(corpus_file(seed=11, n_ads=500))
        cutoff = ads["last_seen"].sort()[int(ads.height * 0.8)]
        old, batch = ads.filter(pl.col("last_seen") < cutoff), ads.filter(pl.col("last_seen") >= cutoff)
        folder = Path(tempfile.mkdtemp(prefix="spor-batch-"))
        cache = folder / "features.parquet"
        pipeline.analyse(old, folder / "first", cache=cache)
        incremental = pipeline.analyse_batch(batch, folder / "batch", cache=cache)
        full = pipeline.analyse(ads, folder / "full")
        self.assertTrue(pipeline.ads_table(incremental).equals(pipeline.ads_table(full)))
        self.assertTrue(incremental.summaries.equals(full.summaries))
        self.assertGreater(full.summaries.height, 5)
        self.assertEqual(pl.read_parquet(cache).height, ads.height)

    def test_analyse_since_equals_full_analyse(self) -> None:
        path = corpus_file(seed=12, n_ads=300)
        lines = path.read_text(encoding="utf-8").splitlines()
        times = sorted(json.loads(line)["seen_at"] for line in lines)
        since = times[int(len(times) * 0.85)]
        first, second = path.with_name("first.jsonl"), path.with_name("second.jsonl")
        first.write_text("\n".join(li for li in lines if json.loads(li)["seen_at"] < since) + "\n", encoding="utf-8")
        second.write_text("\n".join(li for li in lines if json.loads(li)["seen_at"] >= since) + "\n", encoding="utf-8")
        out = Path(tempfile.mkdtemp(prefix="spor-since-"))
        call_command("screening", "ingest", str(first), stdout=io.StringIO())
        call_command("screening", "analyse", "--out", str(out / "before"), stdout=io.StringIO())
        call_command("screening", "ingest", str(second), stdout=io.StringIO())
        printed = io.StringIO()
        call_command("screening", "analyse", "--since", since, "--out", str(out / "since"), stdout=printed)
        self.assertIn("nye eller ændrede/new or changed", printed.getvalue())
        # The full run reads the same store (every ad) and computes every feature again: no cache.
        from spor.screening.pipeline import features_cache

        features_cache().unlink()
        call_command("screening", "analyse", "--out", str(out / "full"), stdout=io.StringIO())
        columns = ["site", "ad_id", "network_id", "ad_score"]
        since_ads = pl.read_parquet(out / "since" / "ads.parquet").select(columns).sort("site", "ad_id")
        full_ads = pl.read_parquet(out / "full" / "ads.parquet").select(columns).sort("site", "ad_id")
        self.assertTrue(since_ads.equals(full_ads))
        since_networks = pl.read_parquet(out / "since" / "networks.parquet")
        full_networks = pl.read_parquet(out / "full" / "networks.parquet")
        self.assertTrue(
            since_networks.drop("first_seen", "last_seen").equals(full_networks.drop("first_seen", "last_seen"))
        )

    def test_since_without_an_earlier_run_says_what_to_do(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="spor-since-"))
        batch = read_jsonl(corpus_file(seed=13, n_ads=40))
        with self.assertRaisesRegex(ValueError, "run the full analysis"):
            pipeline.analyse_batch(batch, folder / "out", cache=folder / "none.parquet")
        with self.assertRaises(CommandError):
            call_command("screening", "analyse", "--since", "not a time", stdout=io.StringIO())


class PictureSearchTests(SimpleTestCase):
    """The near-duplicate search finds a pair or not whatever else is searched with it."""

    def test_recall_is_fixed_by_the_distance_not_the_size(self) -> None:
        rng = np.random.default_rng(1)
        base = rng.integers(0, 2**63, size=300, dtype=np.uint64)
        planted = []
        for k, value in enumerate(base):
            distance = 4 + k % 7  # 4..10 bits apart
            flip = rng.choice(64, size=distance, replace=False)
            planted.append(value ^ np.uint64(sum(1 << int(b) for b in flip)))
        pairs = np.concatenate([base, np.array(planted, dtype=np.uint64)])
        noise = rng.integers(0, 2**63, size=200_000, dtype=np.uint64)
        small = near_pairs(pairs)
        large = near_pairs(np.concatenate([pairs, noise]))
        wanted = {(k, 300 + k) for k in range(300)}
        found_small = {p for p in small.iter_rows() if p in wanted}
        found_large = {p for p in large.iter_rows() if p in wanted}
        self.assertEqual(found_small, found_large)
        within_seven = {(k, 300 + k) for k in range(300) if 4 + k % 7 <= 7}
        self.assertLessEqual(within_seven, found_small)
        self.assertEqual(recall(7), 1.0)
        self.assertGreater(recall(10), 0.9)

    def test_rows_pair_whatever_the_order(self) -> None:
        hashes = ["ffffffffffffffff", "fffffffffffffff0", "0000000000000000", "ffffffffffffffff", "00000000000000ff"]
        self.assertEqual(near_duplicate_pairs(pl.Series(hashes)).rows(), [(0, 1), (0, 3), (1, 3), (2, 4)])
