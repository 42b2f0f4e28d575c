"""Differentially private synthetic microdata of the identified persons (docs/reporting.md#synthetic-microdata).

`spor report --year Y --open-data --synthetic [--epsilon E] [--seed S]` writes
`open_data/synthetic_microdata.csv`: rows of year, sex, age group, citizenship group and
exploitation group whose counts follow noisy marginals of the true records, with a stated privacy
budget epsilon, and `synthetic_README.md` with the method and its utility (the error of the
headline figures on the synthetic rows against the true ones).

The method is "select, measure, generate" with a fixed selection, written plainly:

1. **Records.** One per person: the earliest positive decision of the person in the years
   released, so one person changes one cell of each marginal (person-level privacy; repeat
   identifications in the window are left out and counted in the README).
2. **Measure.** The marginals `MARGINALS` over fixed domains (the vocabularies, never the data),
   each cell plus Laplace noise of scale len(MARGINALS) / epsilon: the L1 sensitivity of all
   marginals together is len(MARGINALS), so the release is epsilon-differentially private (the
   Laplace mechanism, Dwork, McSherry, Nissim and Smith 2006).
3. **Generate.** Post-processing only (no privacy cost): each year's total is the inverse-variance
   weighted mean of the noisy marginals' sums; negative cells are set to 0 and each marginal rescaled to that total;
   iterative proportional fitting (Deming and Stephan 1940) finds the joint table of maximum
   entropy with those marginals (the estimate Private-PGM gives for this selection, McKenna,
   Sheldon and Miklau 2019); each year's table is rounded to whole rows by largest remainders.

The noise is drawn from `numpy.random.default_rng(seed)`: the same seed gives the same file.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from spor.stats.eu import AGE_GROUPS, CITIZENSHIP_GROUPS, SEXES, dimensions
from spor.stats.extract import Tables
from spor.stats.figures import with_age

GROUPS = ("sexual", "forced_labour", "criminal", "slavery_like", "other", "undetermined")
ATTRIBUTES = ("sex", "age_group", "citizenship_group", "group")
DOMAINS: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "age_group": AGE_GROUPS,
    "citizenship_group": CITIZENSHIP_GROUPS,
    "group": GROUPS,
}
#: The marginals measured; each includes the year, so every year's figures are measured.
MARGINALS: tuple[tuple[str, ...], ...] = (
    ("sex",),
    ("age_group",),
    ("citizenship_group",),
    ("group",),
    ("sex", "group"),
)
IPF_ITERATIONS = 200


@dataclass
class Synthetic:
    years: list[int]
    epsilon: float
    seed: int
    true: pl.DataFrame  # the records released (one per person)
    rows: pl.DataFrame  # the synthetic records
    left_out: int  # repeat identifications in the window, not released

    @property
    def scale(self) -> float:
        return len(MARGINALS) / self.epsilon

    def utility(self) -> list[dict[str, Any]]:
        """Per headline figure: the mean and the largest absolute error over its cells."""
        out = []
        for name, by in (("identified_per_year", ()), *((f"per_year_by_{m[0]}", m) for m in MARGINALS if len(m) == 1)):
            t, s = _counts(self.true, self.years, by), _counts(self.rows, self.years, by)
            err = np.abs(s - t)
            mean, largest = float(err.mean()), int(err.max())
            out.append({"figure": name, "cells": int(err.size), "mean_abs_error": mean, "max_abs_error": largest})
        return out


def records(t: Tables, years: list[int]) -> tuple[pl.DataFrame, int]:
    """One record per person identified in `years`: the earliest positive decision there."""
    positives = t.identifications.filter(pl.col("year").is_in(years)).sort("decided_on", "decision_id")
    first = positives.unique("person_id", keep="first", maintain_order=True)
    left_out = positives.height - first.height
    frame = with_age(t, first).select(
        "year",
        pl.col("gender").fill_null("unknown").alias("sex"),
        "age",
        pl.col("nationality").fill_null("ZZ").alias("citizenship"),
        pl.col("primary_exploitation").fill_null("undetermined").alias("exploitation"),
    )
    primary = pl.col("exploitation")
    frame = frame.with_columns(
        pl.when(primary.str.starts_with("sexual"))
        .then(pl.lit("sexual"))
        .when(primary.is_in(GROUPS))
        .then(primary)
        .otherwise(pl.lit("other"))
        .alias("group")
    )
    frame = dimensions(frame)
    return frame.select("year", *ATTRIBUTES).sort("year", *ATTRIBUTES), left_out


def synthesise(t: Tables, years: list[int], *, epsilon: float = 1.0, seed: int = 0) -> Synthetic:
    if epsilon <= 0:
        raise ValueError("epsilon must be positive")
    if not years:
        raise ValueError("no years to release")
    true, left_out = records(t, years)
    rng = np.random.default_rng(seed)
    scale = len(MARGINALS) / epsilon
    shape = (len(years), *(len(DOMAINS[a]) for a in ATTRIBUTES))
    noisy = []
    for marginal in MARGINALS:
        counts = _counts(true, years, marginal).astype(float)
        noisy.append(counts + rng.laplace(0.0, scale, counts.shape))
    # Each marginal's sum estimates the year's total with variance (its cells) x 2 b^2: weigh by the inverse.
    weights = np.array([1.0 / m.reshape(len(years), -1).shape[1] for m in noisy])
    sums = np.array([m.reshape(len(years), -1).sum(axis=1) for m in noisy])
    totals = ((weights[:, None] * sums).sum(axis=0) / weights.sum()).clip(min=0)
    targets = [_fit_total(np.clip(m, 0, None), totals) for m in noisy]
    joint = _ipf(shape, targets, totals)
    rows = _rows(joint, totals, years, targets)
    return Synthetic(years, epsilon, seed, true, rows, left_out)


def _axes(marginal: tuple[str, ...]) -> tuple[int, ...]:
    return (0, *(1 + ATTRIBUTES.index(a) for a in marginal))


def _counts(frame: pl.DataFrame, years: list[int], by: tuple[str, ...]) -> np.ndarray:
    """The table year x `by` over the fixed domains, zeros included."""
    shape = (len(years), *(len(DOMAINS[a]) for a in by))
    out = np.zeros(shape, dtype=np.int64)
    if frame.height == 0:
        return out
    grouped = frame.group_by("year", *by).len()
    index = {"year": {y: i for i, y in enumerate(years)}} | {a: {c: i for i, c in enumerate(DOMAINS[a])} for a in by}
    for row in grouped.iter_rows(named=True):
        out[(index["year"][row["year"]], *(index[a][row[a]] for a in by))] += row["len"]
    return out


def _fit_total(marginal: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Each year's slice rescaled to the year's total (uniform where the slice is all zero)."""
    flat = marginal.reshape(len(totals), -1)
    sums = flat.sum(axis=1, keepdims=True)
    uniform = np.full_like(flat, 1.0 / flat.shape[1])
    shares = np.where(sums > 0, flat / np.where(sums > 0, sums, 1), uniform)
    return (shares * totals[:, None]).reshape(marginal.shape)


def _ipf(shape: tuple[int, ...], targets: list[np.ndarray], totals: np.ndarray) -> np.ndarray:
    joint = np.ones(shape) * (totals.reshape(-1, *([1] * (len(shape) - 1))) / np.prod(shape[1:]))
    for _ in range(IPF_ITERATIONS):
        worst = 0.0
        for marginal, target in zip(MARGINALS, targets, strict=True):
            keep = _axes(marginal)
            drop = tuple(i for i in range(len(shape)) if i not in keep)
            current = joint.sum(axis=drop, keepdims=True)
            wanted = target.reshape(current.shape)
            worst = max(worst, float(np.abs(current - wanted).max()))
            ratio = np.divide(wanted, current, out=np.zeros_like(current), where=current > 0)
            joint = joint * ratio
        if worst < 1e-9:
            break
    return joint


def _rows(joint: np.ndarray, totals: np.ndarray, years: list[int], targets: list[np.ndarray]) -> pl.DataFrame:
    """Whole rows per year: largest remainders, then moves of single rows between cells while
    they bring the measured marginals closer to their (rounded) targets. Deterministic."""
    cells = list(itertools.product(*(DOMAINS[a] for a in ATTRIBUTES)))
    out: dict[str, list[Any]] = {"year": [], **{a: [] for a in ATTRIBUTES}}
    for i, year in enumerate(years):
        n = round(float(totals[i]))
        counts = _largest_remainder(joint[i], n)
        wanted = [_largest_remainder(t[i], n) for t in targets]
        counts = _improve(counts, wanted)
        for cell, count in zip(cells, counts.reshape(-1), strict=True):
            for _ in range(int(count)):
                out["year"].append(year)
                for a, c in zip(ATTRIBUTES, cell, strict=True):
                    out[a].append(c)
    return pl.DataFrame(out, schema={"year": pl.Int64, **dict.fromkeys(ATTRIBUTES, pl.Utf8)})


def _largest_remainder(expected: np.ndarray, n: int) -> np.ndarray:
    """Whole numbers summing to `n` (ties broken by cell order)."""
    flat = expected.reshape(-1) * (n / expected.sum() if expected.sum() > 0 else 0.0)
    base = np.floor(flat).astype(np.int64)
    short = max(0, n - int(base.sum()))
    order = np.argsort(-(flat - base), kind="stable")
    base[order[:short]] += 1
    return base.reshape(expected.shape)


def _improve(counts: np.ndarray, wanted: list[np.ndarray], steps: int = 2000) -> np.ndarray:
    """Move one row at a time from the cell whose removal helps most to the cell whose addition
    helps most, while the L1 distance of the marginals to `wanted` falls."""
    counts = counts.copy()
    axes = [tuple(1 + ATTRIBUTES.index(a) for a in m) for m in MARGINALS]
    drops = [tuple(d for d in range(len(ATTRIBUTES)) if d + 1 not in keep) for keep in axes]

    def errors() -> list[np.ndarray]:
        return [counts.sum(axis=drop, keepdims=True) - w.reshape(counts.sum(axis=drop, keepdims=True).shape)
                for drop, w in zip(drops, wanted, strict=True)]  # fmt: skip

    def distance() -> int:
        return int(sum(np.abs(e).sum() for e in errors()))

    current = distance()
    for _ in range(steps):
        if current == 0:
            break
        errs = errors()
        minus = sum(np.abs(e - 1) - np.abs(e) for e in errs)
        plus = sum(np.abs(e + 1) - np.abs(e) for e in errs)
        minus = np.where(counts > 0, minus, np.inf)
        source = np.unravel_index(int(np.argmin(minus)), counts.shape)
        target = np.unravel_index(int(np.argmin(plus)), counts.shape)
        if source == target:
            break
        counts[source] -= 1
        counts[target] += 1
        after = distance()
        if after >= current:
            counts[source] += 1
            counts[target] -= 1
            break
        current = after
    return counts


def write_synthetic(result: Synthetic, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "synthetic_microdata.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["year", *ATTRIBUTES])
        writer.writerows(result.rows.iter_rows())
    readme = folder / "synthetic_README.md"
    readme.write_text(readme_text(result), encoding="utf-8")
    return [data, readme]


def readme_text(result: Synthetic) -> str:
    b = result.scale
    lines = [
        "# Synthetic microdata with differential privacy (Spor)",
        "",
        f"Years {result.years[0]}-{result.years[-1]}; privacy budget **epsilon = {result.epsilon:g}** "
        f"(person level); seed {result.seed}; {result.rows.height} synthetic rows for "
        f"{result.true.height} persons released.",
        "",
        "Each row is a made-up person: year of identification, sex, age group at the decision, "
        "citizenship group and exploitation group. The rows are not real persons; only their "
        "counts follow the true ones, within the noise below.",
        "",
        "Method: the marginals year x sex, year x age group, year x citizenship group, year x "
        "exploitation group and year x sex x exploitation group were measured with Laplace noise of "
        f"scale {b:g} (= {len(MARGINALS)} marginals / epsilon); each year's total is the inverse-variance "
        "weighted mean of the noisy marginals' sums; iterative proportional fitting gives the joint table; "
        "rows are rounded by largest remainders, then single rows are moved while that brings the measured "
        "marginals closer. A noisy cell is within "
        f"{b * np.log(20):.1f} of the truth with 95 % probability (b ln 20).",
        "",
        f"Left out: {result.left_out} repeat identifications of persons already released in an earlier year "
        "of the window (one record per person bounds what one person can change).",
        "",
        "## Utility: synthetic against true",
        "",
        "| figure | cells | mean absolute error | largest absolute error |",
        "|---|---|---|---|",
    ]
    for u in result.utility():
        lines.append(f"| {u['figure']} | {u['cells']} | {u['mean_abs_error']:.2f} | {u['max_abs_error']} |")
    return "\n".join(lines) + "\n"
