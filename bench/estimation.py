"""Benchmark of the dark-figure estimator (docs/estimation.md): figures for the note, never assertions.

Targets: stepwise on UK 6 lists (< 1 s); BIC over all 32,768 two-list models of 6 lists (< 2 min on
2 cores); 1,000-resample BCa with selection for New Orleans 8 lists (< 5 min); linking two lists of
100,000 encodings (< 60 s). Plus the 200-replicate coverage study and linkage quality.
Run: .venv/bin/python bench/estimation.py [--quick] [--only STEPS] [--coverage [--scenarios modelled,latent]]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spor.settings")

from spor.estimation import linkage, synthetic
from spor.estimation.estimate import estimate_total, selection_for
from spor.estimation.lcmcr import LcmcrOptions
from spor.estimation.loglinear import fitted_means
from spor.estimation.selection import best_bic, hierarchical_models, select
from spor.estimation.table import CaptureTable, read_csv

MSE = Path(os.environ.get("SPOR_MSE_DATA", Path(__file__).resolve().parents[1] / "tests" / "data" / "mse"))
SECRET = b"benchmark-secret-not-for-real-use"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(name: str, seconds: float, extra: str = "") -> None:
    print(f"{name:<48} {seconds:8.2f} s  peak {peak_mb():7.0f} MB  {extra}", flush=True)


def bench_stepwise() -> None:
    table = read_csv(MSE / "uk_2013_6lists.csv")
    start = time.perf_counter()
    chosen = select(table, "stepwise").fit
    report("stepwise, UK 6 lists", time.perf_counter() - start, f"total {chosen.total:.0f}")


def _bic_chunk(args: tuple[str, int, int]) -> tuple[float, str, int]:
    path, part, parts = args
    table = read_csv(path)
    models = [m for k, m in enumerate(hierarchical_models(table.t, 2)) if k % parts == part]
    chosen = best_bic(table, max_order=2, models=models)
    return chosen.fit.bic(), f"{chosen.fit.model.bracket(table.t)} {chosen.fit.total:.0f}", len(models)


def bench_bic(quick: bool) -> None:
    parts = 2 if not quick else 16  # quick: one sixteenth of the models, on 2 cores
    jobs = [(str(MSE / "uk_2013_6lists.csv"), k, parts) for k in range(parts if not quick else 2)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_bic_chunk, jobs))
    best = min(results)
    report(
        f"BIC over two-list models, 6 lists ({sum(r[2] for r in results)} models)", time.perf_counter() - start, best[1]
    )


def bench_bca(quick: bool) -> None:
    resamples = 100 if quick else 1000
    for name, method, published in [
        ("new_orleans_8lists_n185.csv", "stepwise", (1184, 717, 1657)),
        ("western_us_5lists.csv", "stepwise", (2483, 1293, 3670)),
        ("uk_2013_5lists.csv", "downhill", (12262, 9330, 32115)),
    ]:
        if quick and name != "new_orleans_8lists_n185.csv":
            continue
        table = read_csv(MSE / name)
        start = time.perf_counter()
        result = estimate_total(table, method=method, resamples=resamples, seed=1234)
        got = f"{result.estimate:.0f} [{result.ci_low:.0f}; {result.ci_high:.0f}]"
        got += f" published {published[0]} [{published[1]}; {published[2]}]"
        report(f"BCa {resamples} resamples, {method}, {name}", time.perf_counter() - start, got)


def bench_replay() -> None:
    """The New Orleans BCa on R's own 1,000 resamples: wall and CPU seconds (parent and workers)."""
    from spor.estimation.intervals import read_resamples

    table = read_csv(MSE / "new_orleans_8lists_n185.csv")
    draws = read_resamples(MSE / "new_orleans_8lists_n185_resamples_r1234.csv", table)
    start, cpu = time.perf_counter(), _cpu()
    result = estimate_total(table, method="stepwise", replay=draws)
    boot = result.diagnostics["bootstrap"]
    report(
        "BCa replay of R's 1,000 resamples, New Orleans",
        time.perf_counter() - start,
        f"(CPU {_cpu() - cpu:.1f} s, load {os.getloadavg()[0]:.1f}) {result.estimate:.1f} "
        f"[{result.ci_low:.1f}; {result.ci_high:.1f}] a {boot['acceleration']} z0 {boot['z0']}; "
        "R: 1183.7 [717.2; 1657.6] a -0.0293 z0 -1.126",
    )


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the bootstrap workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench_linkage(quick: bool) -> None:
    size = 10_000 if quick else 100_000
    people = synthetic.population(int(size * 1.5), seed=21)
    rng = np.random.default_rng(22)
    matrix = np.zeros((len(people), 2), dtype=np.int8)
    matrix[rng.choice(len(people), size, replace=False), 0] = 1
    matrix[rng.choice(len(people), size, replace=False), 1] = 1
    lists = synthetic.partner_lists(people, matrix, seed=23)
    start = time.perf_counter()
    encodings = [linkage.encode_all([r.person for r in records], SECRET) for records in lists]
    report(f"encode 2 x {size:,} records", time.perf_counter() - start)
    start, cpu = time.perf_counter(), time.process_time()
    clusters = linkage.link(encodings, threshold=0.8)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    precision, recall = synthetic.linkage_quality(lists, clusters)
    load = os.getloadavg()[0]
    report(
        f"link 2 x {size:,} encodings",
        seconds,
        f"(CPU {cpu:.1f} s, load {load:.1f}) precision {precision:.3f} recall {recall:.3f}",
    )


def bench_linkage_bias(quick: bool) -> None:
    size = 3_000 if quick else 20_000
    scenario = dataclasses.replace(synthetic.SCENARIOS["modelled"], size=size)
    t = scenario.t
    people = synthetic.population(size, seed=31)
    matrix = synthetic.draw_matrix(scenario, seed=32)
    lists = synthetic.partner_lists(people, matrix, seed=33)
    names = [f"L{i}" for i in range(t)]
    encodings = [linkage.encode_all([r.person for r in records], SECRET) for records in lists]
    start = time.perf_counter()
    for threshold in (0.6, 0.7, 0.8, 0.9, 0.95):
        clusters = linkage.link(encodings, threshold=threshold)
        precision, recall = synthetic.linkage_quality(lists, clusters)
        true_total = select(synthetic.table_from_matrix(matrix, names), "stepwise").fit.total
        linked_total = select(linkage.capture_table(names, clusters), "stepwise").fit.total
        bias = 100 * (linked_total / true_total - 1)
        print(
            f"  linkage threshold {threshold}: precision {precision:.3f} recall {recall:.3f}; stepwise total "
            f"{linked_total:.0f} vs {true_total:.0f} with perfect linkage ({bias:+.1f} %); true N {size}"
        )
    report(f"linkage bias study, {size} people, {t} lists", time.perf_counter() - start)


def _coverage_one(args: tuple[str, int, int]) -> tuple[bool, float, float, float]:
    name, seed, resamples = args
    scenario = synthetic.SCENARIOS[name]
    table = synthetic.draw_table(scenario, seed)
    result = estimate_total(table, method="stepwise", resamples=resamples, seed=seed, workers=1)  # BCa, selection
    if result.ci_low is None or result.ci_high is None or result.estimate is None:
        return False, float("nan"), float("nan"), float("nan")
    covered = result.ci_low <= scenario.size <= result.ci_high
    return covered, result.estimate, result.ci_low, result.ci_high


def bench_coverage(quick: bool, scenarios: list[str], replicates: int | None = None) -> None:
    """95 % BCa (stepwise, selection repeated) over seeded populations of known size (synthetic.SCENARIOS)."""
    default, resamples = (10, 100) if quick else (200, 200)
    replicates = replicates or default
    for name in scenarios:
        scenario = synthetic.SCENARIOS[name]
        start = time.perf_counter()
        jobs = [(name, seed, resamples) for seed in range(1000, 1000 + replicates)]
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(_coverage_one, jobs))
        covered = sum(r[0] for r in results)
        estimates = np.array([r[1] for r in results])
        low = sum(r[2] > scenario.size for r in results)
        high = sum(r[3] < scenario.size for r in results)
        bias = 100 * (np.nanmean(estimates) / scenario.size - 1)
        report(
            f"coverage {name}, {replicates} x {resamples} resamples (N={scenario.size}, {scenario.t} lists)",
            time.perf_counter() - start,
            f"covers N in {covered}/{replicates} = {covered / replicates:.1%} (interval above N {low}, below N "
            f"{high}); mean estimate {np.nanmean(estimates):.0f} ({bias:+.1f} %), sd {np.nanstd(estimates):.0f}",
        )


# Realistic scenarios (docs/estimation.md#coverage-on-realistic-scenarios): populations drawn from
# the stepwise model fitted to a real table, so they have its size, its share observed (14-25 %),
# its sparse overlaps and its never-overlapping pairs (cells of a term at minus infinity stay empty).
REALISTIC = ("new_orleans_8lists_n185.csv", "western_us_5lists.csv", "uk_2013_5lists.csv")
REALISTIC_LCMCR = LcmcrOptions(chains=8, burn_in=1500, samples=250, thin=10)


def realistic_model(name: str) -> tuple[CaptureTable, np.ndarray, float]:
    """The real table, the probabilities of all 2^t histories (no list first) under its stepwise fit, N."""
    table = read_csv(MSE / name)
    reduced, selection = selection_for(table, "stepwise")
    mu = fitted_means(reduced, selection.fit)
    total = selection.fit.total
    probs = np.concatenate([[total - mu.sum()], mu])
    return table, probs / probs.sum(), total


def _realistic_one(args: tuple[str, int, int]) -> dict[str, tuple[float, float, float]]:
    name, seed, resamples = args
    table, probs, total = realistic_model(name)
    size = round(total)
    counts = np.random.default_rng(seed).multinomial(size, probs)
    drawn = table.with_counts(counts[1:].astype(float))
    out: dict[str, tuple[float, float, float]] = {"observed": (float(drawn.observed), size, 0.0)}
    lcmcr = dataclasses.replace(REALISTIC_LCMCR, seed=seed)
    runs = {
        "stepwise BCa": ("stepwise", resamples),
        "stepwise profile": ("stepwise", 0),
        "homeoffice BCa": ("homeoffice", resamples),
        "lcmcr": ("lcmcr", 0),
    }
    for label, (method, count) in runs.items():
        result = estimate_total(drawn, method=method, resamples=count, seed=seed, workers=1, lcmcr_options=lcmcr)
        values = (result.estimate, result.ci_low, result.ci_high)
        out[label] = tuple(float("nan") if v is None else float(v) for v in values)  # type: ignore[assignment]
        if label == "stepwise BCa" and result.lower_bound is not None:
            bound = result.lower_bound
            out["Chao lower bound"] = (bound["estimate"], bound["ci_low"], bound["ci_high"])
    return out


def bench_realistic(quick: bool, replicates: int | None = None, tables: list[str] | None = None) -> None:
    """Coverage and width of each method's 95 % interval on populations drawn from fitted real tables."""
    replicates = replicates or (6 if quick else 60)
    resamples = 50 if quick else 200
    for name in tables or REALISTIC:
        start, cpu = time.perf_counter(), _cpu()
        jobs = [(name, seed, resamples) for seed in range(2000, 2000 + replicates)]
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(_realistic_one, jobs))
        size = results[0]["observed"][1]
        observed = np.mean([r["observed"][0] for r in results])
        report(
            f"realistic {name}: N {size:.0f}, observed {observed:.0f} ({observed / size:.0%})",
            time.perf_counter() - start,
            f"(CPU {_cpu() - cpu:.0f} s) {replicates} replicates, {resamples} resamples",
        )
        for label in ("stepwise BCa", "stepwise profile", "homeoffice BCa", "lcmcr", "Chao lower bound"):
            rows = np.array([r[label] for r in results if label in r])
            ok = np.isfinite(rows).all(axis=1)
            est, low, high = rows[ok, 0], rows[ok, 1], rows[ok, 2]
            covered = int(np.sum((low <= size) & (size <= high)))
            below = int(np.sum(high < size))
            width = np.median((high - low) / size)
            print(
                f"  {label:<17} covers {covered}/{len(rows)} = {covered / len(rows):.0%} (interval below N {below}, "
                f"above N {int(np.sum(low > size))}, no estimate {int(np.sum(~ok))}); median estimate "
                f"{np.median(est):.0f} ({100 * (np.median(est) / size - 1):+.0f} %), median width {width:.0%} of N",
                flush=True,
            )
            if label == "Chao lower bound":
                print(f"  {'':<17} a floor in {int(np.sum(est <= size))}/{len(rows)} (point at or below N)")


def bench_lcmcr() -> None:
    """LCMCR's default run on the real tables: time, estimate and the convergence checks."""
    for name in ("korea_palembang_3lists.csv", "new_orleans_8lists_n185.csv", "western_us_5lists.csv",
                 "kosovo_1999_4lists.csv"):  # fmt: skip
        table = read_csv(MSE / name)
        start, cpu = time.perf_counter(), _cpu()
        result = estimate_total(table, method="lcmcr")
        chains = result.diagnostics["lcmcr"]
        report(
            f"LCMCR (16 chains x 500 draws), {name}",
            time.perf_counter() - start,
            f"(CPU {_cpu() - cpu:.1f} s) {result.estimate:.0f} [{result.ci_low:.0f}; {result.ci_high:.0f}] "
            f"R-hat {chains['split_rhat']} ESS {chains['ess']} classes {chains['occupied_classes']}",
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run, under a minute")
    parser.add_argument("--only", help="comma-separated: stepwise,bic,bca,replay,lcmcr,linkage,bias,coverage,realistic")
    parser.add_argument("--coverage", action="store_true", help="only the coverage study (same as --only coverage)")
    parser.add_argument("--scenarios", default=",".join(synthetic.SCENARIOS), help="coverage scenarios")
    parser.add_argument("--replicates", type=int, help="coverage replicates per scenario (default 200)")
    parser.add_argument("--tables", help="realistic: comma-separated table files (default: the three of REALISTIC)")
    args = parser.parse_args(argv)
    everything = "stepwise,bic,bca,replay,lcmcr,linkage,bias,coverage,realistic"
    chosen = set((args.only or ("coverage" if args.coverage else everything)).split(","))
    steps = {
        "stepwise": bench_stepwise,
        "bic": lambda: bench_bic(args.quick),
        "bca": lambda: bench_bca(args.quick),
        "replay": bench_replay,
        "linkage": lambda: bench_linkage(args.quick),
        "bias": lambda: bench_linkage_bias(args.quick),
        "coverage": lambda: bench_coverage(args.quick, args.scenarios.split(","), args.replicates),
        "lcmcr": bench_lcmcr,
        "realistic": lambda: bench_realistic(args.quick, args.replicates, args.tables and args.tables.split(",")),
    }
    for name, step in steps.items():
        if name in chosen:
            step()


if __name__ == "__main__":
    main(sys.argv[1:])
