"""Benchmark of the screening analysis (docs/screening-analysis.md#scale): ads through features, networks, scores.

    .venv/bin/python bench/screening.py            # 1,000,000 ads + an incremental batch of 10,000
    .venv/bin/python bench/screening.py --quick    # 20,000 ads + 1,000
    .venv/bin/python bench/screening.py --full [--ads N] [--batch M] [--engine dask]
        # end to end through the store: ingest JSONL, ad table, features, networks, results,
        # then a batch ingested and analysed with --since; wall and CPU time per stage

Pictures come as precomputed hashes (the generator's ``with_images=False`` path). Generation runs
in ``--workers`` spawned processes (polars' thread pool does not survive a fork), 50,000 ads per
chunk (ad ids prefixed by the chunk), and is timed apart from the analysis. Features are computed
in ``--workers`` processes as well (the one stage that is Python per ad); linking, networks and
scores run in one process over polars tables.
Targets: at most 10 minutes and 8 GiB peak for 1,000,000 ads; at most 10 s for the batch.
Prints time and throughput per stage, and the peak memory (``ru_maxrss`` of this process and of
the worker processes).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import polars as pl

CHUNK = 50_000


def _generate(args: tuple[int, int, int]) -> pl.DataFrame:
    from spor.screening.generator import generate_corpus
    from spor.screening.table import collapse_versions

    seed, chunk, n_ads = args
    corpus = generate_corpus(seed=seed * 1000 + chunk, n_ads=n_ads, with_images=False)
    rows = []
    for ad in corpus.ads:
        rows.append({
            "site": ad["site"], "ad_id": f"{chunk}-{ad['ad_id']}", "url": ad["url"],
            "seen_at": ad["seen_at"], "title": ad["title"], "text": ad["text"], "city": ad["city"],
            "age": ad["age"], "name": ad["name"], "nationality": ad["nationality"], "price": ad["price"],
            "image_hashes": [image["phash"] for image in ad["images"]], "phones": None, "emails": None,
        })  # fmt: skip
    frame = pl.DataFrame(rows).with_columns(pl.col("seen_at").str.to_datetime(time_zone="UTC"))
    return collapse_versions(frame.to_dicts())


def _features(frame: pl.DataFrame) -> pl.DataFrame:
    from spor.screening.features.extract import ad_features

    return ad_features(frame)


def generate(n_ads: int, seed: int, workers: int) -> pl.DataFrame:
    jobs = [(seed, k, min(CHUNK, n_ads - k * CHUNK)) for k in range((n_ads + CHUNK - 1) // CHUNK)]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        return pl.concat(list(pool.map(_generate, jobs)))


def features(ads: pl.DataFrame, workers: int, offset: int = 0) -> pl.DataFrame:
    size = max(1, -(-ads.height // (workers * 4)))
    parts = [ads.slice(i, size) for i in range(0, ads.height, size)]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        done = list(pool.map(_features, parts))
    starts = [offset + i for i in range(0, ads.height, size)]
    return pl.concat([part.with_columns(pl.col("row") + start) for part, start in zip(done, starts, strict=True)])


def peak_gib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    return own, children


def stage(name: str, started: float, count: int) -> float:
    elapsed = time.perf_counter() - started
    own, children = peak_gib()
    print(
        f"{name:<28} {elapsed:8.1f} s  {count / elapsed:>10,.0f} ads/s"
        f"  peak {own:.2f} GiB (workers {children:.2f} GiB)",
        flush=True,
    )
    return elapsed


REPORT_SEEDS = (2001, 2002, 2003, 2004, 2005)  # never used for tuning (tuning used 100-107)
NOISE_LEVELS = (0.0, 0.05, 0.1, 0.15, 0.2)


def _evaluate_one(args: tuple[int, float]) -> dict[str, object]:
    import tempfile

    from spor.screening.evaluate import evaluate, read_truth
    from spor.screening.generator import generate_corpus
    from spor.screening.table import read_jsonl

    seed, noise = args
    folder = Path(tempfile.mkdtemp(prefix="spor-eval-"))
    generate_corpus(seed=seed, noise=noise).write(folder)
    result = evaluate(read_jsonl(folder / "ads.jsonl"), read_truth(folder / "truth.csv"))
    return {"seed": seed, "noise": noise, **result}


def evaluation(workers: int) -> None:
    """The evaluation study: default generator settings (400 ads, pictures), 5 report seeds, 5 noise levels."""
    jobs = [(seed, noise) for noise in NOISE_LEVELS for seed in REPORT_SEEDS]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_evaluate_one, jobs))
    keys = (
        "pairwise_precision",
        "pairwise_recall",
        "pairwise_f1",
        "bcubed_precision",
        "bcubed_recall",
        "ari",
        "precision_at_10",
    )
    print("| noise | " + " | ".join(keys) + " | min F1 | min ARI | MinHash-LSH F1 | phone-only F1 |")
    print("|---" * (len(keys) + 5) + "|")
    for noise in NOISE_LEVELS:
        rows = [r for r in results if r["noise"] == noise]
        mean = {k: sum(float(r[k]) for r in rows) / len(rows) for k in keys}  # type: ignore[arg-type]
        base = {
            b: sum(float(r["baselines"][b]["pairwise_f1"]) for r in rows) / len(rows)
            for b in ("minhash_lsh_text", "phone_only")
        }  # type: ignore[index]
        cells = " | ".join(f"{mean[k]:.3f}" for k in keys)
        low_f1 = min(float(r["pairwise_f1"]) for r in rows)  # type: ignore[arg-type]
        low_ari = min(float(r["ari"]) for r in rows)  # type: ignore[arg-type]
        print(
            f"| {noise:.2f} | {cells} | {low_f1:.3f} | {low_ari:.3f}"
            f" | {base['minhash_lsh_text']:.3f} | {base['phone_only']:.3f} |"
        )
    for r in results:
        if r["noise"] == 0.1:
            recall = r["per_network_recall"]
            print(f"seed {r['seed']}: per-network recall min {min(recall.values()):.2f} over {len(recall)} networks")  # type: ignore[union-attr]


def _jsonl_chunk(args: tuple[int, int, int, str, str]) -> int:
    """Generate one chunk of the corpus and write it as ad-format JSON Lines; return its lines.

    A batch (``prefix`` "b") is dated a year later: ads seen after everything already analysed.
    """
    import json
    from datetime import datetime, timedelta

    from spor.screening.generator import generate_corpus

    seed, chunk, n_ads, prefix, path = args
    shift_days = 365 if prefix == "b" else 0
    corpus = generate_corpus(seed=seed * 1000 + chunk, n_ads=n_ads, with_images=False)
    with open(path, "w", encoding="utf-8") as handle:
        for ad in corpus.ads:
            seen = datetime.fromisoformat(ad["seen_at"]) + timedelta(days=shift_days)
            line = {**ad, "ad_id": f"{prefix}{chunk}-{ad['ad_id']}", "seen_at": seen.isoformat()}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return len(corpus.ads)


def jsonl(n_ads: int, seed: int, workers: int, prefix: str, out: Path) -> int:
    """The generator's corpus of ``n_ads`` ads as one JSON Lines file (chunks made in parallel)."""
    jobs = [
        (seed, k, min(CHUNK, n_ads - k * CHUNK), prefix, str(out.with_suffix(f".{k}")))
        for k in range((n_ads + CHUNK - 1) // CHUNK)
    ]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        lines = sum(pool.map(_jsonl_chunk, jobs))
    with out.open("wb") as handle:
        for job in jobs:
            part = Path(job[4])
            handle.write(part.read_bytes())
            part.unlink()
    return lines


class Clock:
    """Wall and CPU time (this process and its finished children) of each stage, and the peak memory."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    @staticmethod
    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def stage(self, name: str, count: int, work: Any, *args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), self.cpu()
        result = work(*args, **kwargs)
        wall, cpu = time.perf_counter() - wall, self.cpu() - cpu
        own, children = peak_gib()
        self.rows.append((name, wall, cpu))
        print(
            f"{name:<34} {wall:8.1f} s wall {cpu:8.1f} s CPU {count / wall:>10,.0f} ads/s"
            f"  peak {own:.2f} GiB (children {children:.2f} GiB)",
            flush=True,
        )
        return result


def full(n_ads: int, n_batch: int, seed: int, workers: int, engine: str) -> None:
    """End to end through the store: ingest JSONL, read the ad table, every stage, the results the
    pages read; then a batch ingested and analysed with ``--since`` (docs/screening-analysis.md#scale)."""
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="spor-bench-screening-"))
    os.environ.update({"SPOR_VAR_DIR": str(work / "var"), "DJANGO_SETTINGS_MODULE": "spor.settings"})
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from spor.screening import pipeline
    from spor.screening.crawler.adfile import read_ads
    from spor.screening.store import ad_keys, ads_frame, ads_save

    call_command("migrate", verbosity=0)
    print(f"screening bench --full: {n_ads:,} ads + batch {n_batch:,}, engine {engine}, "
          f"{workers} workers, {os.cpu_count()} cores, {connection.vendor}")  # fmt: skip
    started = time.perf_counter()
    corpus, extra = work / "ads.jsonl", work / "batch.jsonl"
    lines = jsonl(n_ads, seed, workers, "", corpus) + jsonl(n_batch, seed + 1, workers, "b", extra)
    print(f"generate (not counted): {lines:,} lines in {time.perf_counter() - started:.0f} s", flush=True)

    clock = Clock()
    total = time.perf_counter()
    counts = clock.stage("ingest: read + validate JSONL", n_ads, read_ads, corpus)
    saved = clock.stage("ingest: store (set-based)", n_ads, ads_save, counts)
    del counts
    ads = clock.stage("ad table from the store", n_ads, ads_frame)
    feats = clock.stage(
        f"features ({engine})",
        ads.height,
        pipeline.features,
        ads,
        cache=pipeline.features_cache(),
        engine=engine,
    )
    del ads
    analysis = clock.stage("link + networks + scores", feats.height, pipeline.run_features, feats)
    clock.stage("results for the pages (Parquet)", feats.height, pipeline.write, analysis)
    elapsed = time.perf_counter() - total
    found = analysis.networks
    print(f"TOTAL {elapsed:.1f} s wall = {elapsed / 60:.1f} min, {n_ads / elapsed:,.0f} ads/s; {saved}; "
          f"networks {analysis.summaries.height:,}, ads in networks "
          f"{found.assignments['network_id'].drop_nulls().len():,}, identifiers cut {found.cut.height:,}")  # fmt: skip
    del feats, analysis, found

    since = time.perf_counter()
    records = clock.stage("batch: read + validate", n_batch, read_ads, extra)
    moment = min(record.seen_at for record in records)  # generated ads carry the generator's dates
    clock.stage("batch: store", n_batch, ads_save, records)
    batch = clock.stage("batch: ad table since", n_batch, ads_frame, since=moment)
    after = clock.stage(
        "batch: analyse --since",
        n_batch,
        lambda: pipeline.analyse_batch(batch, stored=ad_keys(), engine=engine),
    )
    batch_time = time.perf_counter() - since
    print(f"batch {batch_time:.1f} s wall; networks after {after.summaries.height:,}")
    own, children = peak_gib()
    print(
        f"targets: total {elapsed / 60:.1f} min (<= 10), peak {max(own, children):.2f} GiB (<= 8),"
        f" batch {batch_time:.1f} s (<= 10)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="end to end through the store (ingest JSONL .. results)")
    parser.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="--full: the feature stage's engine"
    )
    parser.add_argument("--quick", action="store_true", help="20,000 ads and a batch of 1,000")
    parser.add_argument("--ads", type=int, help="number of ads (default 1,000,000; 20,000 with --quick)")
    parser.add_argument("--batch", type=int, help="incremental batch (default 10,000; 1,000 with --quick)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=9001)
    parser.add_argument("--evaluate", action="store_true", help="the evaluation table (5 seeds x 5 noise levels)")
    args = parser.parse_args()
    if args.evaluate:
        evaluation(args.workers)
        return
    n_ads = args.ads or (20_000 if args.quick else 1_000_000)
    n_batch = args.batch or (1_000 if args.quick else 10_000)
    if args.full:
        full(n_ads, n_batch, args.seed, args.workers, args.engine)
        return

    from spor.screening import networks, score

    print(f"screening bench: {n_ads:,} ads + batch {n_batch:,}, {args.workers} workers, {os.cpu_count()} cores")
    started = time.perf_counter()
    ads = generate(n_ads, args.seed, args.workers)
    batch_ads = generate(n_batch, args.seed + 1, args.workers).with_columns(
        pl.lit("b-").add(pl.col("ad_id")).alias("ad_id")
    )
    stage("generate (not counted)", started, ads.height + batch_ads.height)

    total = time.perf_counter()
    started = time.perf_counter()
    feats = features(ads, args.workers)
    stage("features", started, ads.height)
    started = time.perf_counter()
    found = networks.find_networks(feats)
    stage("link + networks", started, ads.height)
    started = time.perf_counter()
    ad_scores = score.ad_scores(feats)
    summaries = networks.summaries(feats, found, ad_scores)
    stage("scores + summaries", started, ads.height)
    elapsed = stage("TOTAL features..scores", total, ads.height)
    print(f"networks {summaries.height:,}, ads in networks {found.assignments['network_id'].drop_nulls().len():,}, "
          f"generic identifiers cut {found.cut.height:,}")  # fmt: skip

    started = time.perf_counter()
    batch = (
        features(batch_ads, 1, offset=ads.height)
        if n_batch < 20_000
        else features(batch_ads, args.workers, offset=ads.height)
    )
    after = networks.add_batch(found, batch)
    batch_time = stage(f"incremental batch {n_batch:,}", started, batch_ads.height)
    joined = after.assignments.slice(ads.height)["network_id"].drop_nulls().len()
    print(f"batch ads joining a network: {joined:,}")
    own, children = peak_gib()
    print(
        f"targets: total {elapsed / 60:.1f} min (<= 10), peak {max(own, children):.2f} GiB (<= 8),"
        f" batch {batch_time:.1f} s (<= 10)"
    )


if __name__ == "__main__":
    main()
