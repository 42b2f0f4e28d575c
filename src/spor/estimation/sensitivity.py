"""Sensitivity of an estimate, as the UK analyses publish it (Silverman 2014; Silverman 2020).

One table over the same data: every list left out in turn, every two lists merged into one, a
sweep of the p-value threshold of the forward methods, and the other methods. Each row has its
point and interval; the list variants repeat the analysis's own method, with a BCa interval of
`resamples` resamples (0: the conditional profile interval); the other methods give their point
and profile interval (docs/estimation.md#sensitivity).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Any

from spor.estimation.dga import DgaOptions
from spor.estimation.estimate import EstimateResult, estimate_total
from spor.estimation.lcmcr import LcmcrOptions
from spor.estimation.selection import THRESHOLDS
from spor.estimation.table import CaptureTable, pairs

SWEEP = (0.001, 0.01, 0.02, 0.05, 0.1)
MERGE_ALL_PAIRS_UP_TO = 6  # lists; beyond, only pairs that overlap are merged


def merge_lists(table: CaptureTable, i: int, j: int) -> CaptureTable:
    """The table with lists i and j merged into one ("A+B"): on it when on either."""
    names = [name for k, name in enumerate(table.lists) if k != j]
    names[i] = f"{table.lists[i]}+{table.lists[j]}"
    merged: dict[tuple[int, ...], float] = {}
    for h, c in zip(table.histories, table.counts, strict=True):
        key = [int(v) for k, v in enumerate(h) if k != j]
        key[i] = int(h[i] or h[j])
        merged[tuple(key)] = merged.get(tuple(key), 0.0) + float(c)
    return CaptureTable.from_mapping(names, merged)


def sensitivity_table(
    table: CaptureTable,
    *,
    method: str,
    main: EstimateResult | None = None,
    resamples: int = 200,
    seed: int = 1234,
    workers: int | None = None,
    max_order: int | None = None,
    dga_options: DgaOptions | None = None,
    lcmcr_options: LcmcrOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """The rows (kind, detail, lists, model, estimate, ci_low, ci_high, interval_kind).

    `progress(done, total)` is called after each row computed.

    LCMCR rows other than the main one run a quarter of the main run's draws (`LcmcrOptions.light`).
    """
    light = (lcmcr_options or LcmcrOptions(seed=seed)).light()
    run = functools.partial(
        estimate_total,
        resamples=resamples,
        seed=seed,
        workers=workers,
        max_order=max_order,
        dga_options=dga_options,
        lcmcr_options=light,
    )
    first = main or run(table, method=method)
    jobs: list[tuple[str, Any, Callable[[], EstimateResult]]] = []
    if table.t >= 3:
        for k, name in enumerate(table.lists):
            keep = [i for i in range(table.t) if i != k]
            jobs.append(("leave_out", name, functools.partial(run, table.select_lists(keep), method=method)))
        overlaps = _overlaps(table)
        for i, j in itertools.combinations(range(table.t), 2):
            if table.t <= MERGE_ALL_PAIRS_UP_TO or overlaps[(i, j)] > 0:
                detail = f"{table.lists[i]}+{table.lists[j]}"
                jobs.append(("merge", detail, functools.partial(run, merge_lists(table, i, j), method=method)))
    if method in THRESHOLDS:
        for threshold in SWEEP:
            if threshold != THRESHOLDS[method]:
                jobs.append(("threshold", threshold, functools.partial(run, table, method=method, threshold=threshold)))
    for other in ("stepwise", "homeoffice", "downhill", "bic", "dga", "lcmcr"):
        if other == method or (other == "bic" and table.t > 6) or (other == "dga" and not 3 <= table.t <= 5):
            continue
        options = DgaOptions(m_max=20 * table.observed)
        single = functools.partial(
            estimate_total, table, method=other, resamples=0, dga_options=options, lcmcr_options=light
        )
        jobs.append(("method", other, single))
    rows = [_row("all", "", first)]
    for done, (kind, detail, job) in enumerate(jobs, start=1):
        rows.append(_row(kind, detail, job()))
        if progress is not None:
            progress(done, len(jobs))
    if first.lower_bound is not None:
        bound = first.lower_bound
        rows.append(
            {
                "kind": "lower_bound",
                "detail": "chao",
                "method": "chao",
                "lists": list(first.lists),
                "model": [],
                "estimate": bound["estimate"],
                "ci_low": bound["ci_low"],
                "ci_high": bound["ci_high"],
                "interval_kind": "lower_bound",
            }
        )
    return rows


def _overlaps(table: CaptureTable) -> dict[tuple[int, int], float]:
    h = table.histories.astype(bool)
    return {(i, j): float(table.counts[h[:, i] & h[:, j]].sum()) for i, j in pairs(table.t)}


def _row(kind: str, detail: Any, result: EstimateResult) -> dict[str, Any]:
    data = result.as_json()
    return {
        "kind": kind,
        "detail": detail,
        "method": result.method,
        "lists": list(result.lists),
        "model": result.model,
        "estimate": data["estimate"],
        "ci_low": data["ci_low"],
        "ci_high": data["ci_high"],
        "interval_kind": result.interval_kind,
    }
