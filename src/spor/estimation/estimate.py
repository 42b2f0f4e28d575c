"""The one entry point: a capture-history table in, an estimate with its interval and caveats out.

`estimate_total(table, method=...)` is what `spor estimate`, the report and (later) the analyst page
call. It takes a `CaptureTable`, so the registry input (docs/estimation.md#input: lists defined by sources, a
period, strata) only needs an adapter that counts histories and calls `CaptureTable.from_mapping`.
When no model has a finite estimate the result says so and carries no number (docs/estimation.md#output).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from spor.estimation import dga as dga_module
from spor.estimation.intervals import Interval, bca_interval, profile_interval
from spor.estimation.loglinear import OK
from spor.estimation.messages import Note
from spor.estimation.selection import METHODS, NoFiniteEstimate, Selection, select
from spor.estimation.table import CaptureTable

ALL_METHODS = (*METHODS, "dga")
INTERVAL_KINDS = {
    "bca": "95 % BCa bootstrap with the model selection repeated in every resample",
    "profile": "95 % profile likelihood, conditional on the selected model (ignores selection)",
    "credible": "95 % highest-posterior credible interval of the model-averaged posterior",
}


@dataclass(frozen=True)
class SelectedTotal:
    """A picklable estimator for the bootstrap: run the selection, return the total."""

    method: str
    max_order: int | None = None

    def __call__(self, table: CaptureTable) -> float:
        table, _ = table.drop_empty_lists()
        return select(table, self.method, max_order=self.max_order).fit.total


@dataclass
class EstimateResult:
    method: str
    lists: tuple[str, ...]
    observed: int
    model: list[str] = field(default_factory=list)
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    interval: str | None = None
    interval_kind: str = ""
    existence: dict[str, int] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        """The warnings in English (for `--json`); `warning_texts("da")` for the Danish report."""
        return self.warning_texts("en")

    def warning_texts(self, lang: str) -> list[str]:
        return [w.text(lang) for w in self.notes]

    def add_warning(self, key: str, **params: Any) -> None:
        self.notes.append(Note(key, params))

    @property
    def dark_figure(self) -> float | None:
        return None if self.estimate is None else self.estimate - self.observed

    def as_json(self) -> dict[str, Any]:
        """The keys of docs/estimation.md#output; numbers rounded to whole people, none when there is no estimate."""

        def r(v: float | None) -> float | None:
            return None if v is None or not math.isfinite(v) else round(v, 1)

        return {
            "method": self.method,
            "lists": list(self.lists),
            "model": self.model,
            "observed": self.observed,
            "estimate": r(self.estimate),
            "dark_figure": r(self.dark_figure),
            "ci_low": r(self.ci_low),
            "ci_high": r(self.ci_high),
            "interval": self.interval,
            "existence": self.existence,
            "warnings": self.warnings,
        }


def estimate_total(
    table: CaptureTable,
    *,
    method: str = "stepwise",
    resamples: int = 1000,
    seed: int = 1234,
    max_order: int | None = None,
    workers: int | None = None,
    dga_options: dga_module.DgaOptions | None = None,
) -> EstimateResult:
    """Estimate the total population from a capture-history table.

    With `resamples` > 0 a selected model gets a BCa interval with the selection repeated; with 0,
    the profile-likelihood interval of the selected model (conditional, and flagged as such).
    """
    if method not in ALL_METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(ALL_METHODS)}")
    result = EstimateResult(method=method, lists=table.lists, observed=table.observed)
    empty = [name for name, total in table.list_totals().items() if total == 0]
    if empty:
        result.add_warning("empty_lists", lists=", ".join(empty))
    if table.t - len(empty) < 2:
        result.add_warning("too_few_lists")
        return result
    table, _ = table.drop_empty_lists()
    if method == "dga":
        return _with_dga(table, result, dga_options or dga_module.DgaOptions())
    try:
        selection = select(table, method, max_order=max_order)
    except NoFiniteEstimate:
        result.add_warning("no_finite")
        return result
    _fill_from_selection(table, result, selection)
    _add_interval(table, result, selection, resamples=resamples, seed=seed, max_order=max_order, workers=workers)
    return result


def _fill_from_selection(table: CaptureTable, result: EstimateResult, selection: Selection) -> None:
    f = selection.fit
    result.model = f.model.label(table.lists)
    result.estimate = f.total
    result.existence = {m.bracket(table.t): s for m, s in selection.candidates.items() if s != OK}
    if f.infinite_terms:
        names = [":".join(table.lists[i] for i in term) for term in f.infinite_terms]
        result.add_warning("infinite_terms", terms=", ".join(names))
    if result.existence:
        result.add_warning("failed_models", count=len(result.existence))
    result.details["candidates"] = len(selection.candidates)


def _add_interval(
    table: CaptureTable,
    result: EstimateResult,
    selection: Selection,
    *,
    resamples: int,
    seed: int,
    max_order: int | None,
    workers: int | None,
) -> None:
    interval: Interval
    if resamples > 0:
        estimator = SelectedTotal(result.method, max_order)
        interval, _boot = bca_interval(
            table, estimator, estimate=selection.fit.total, resamples=resamples, seed=seed, workers=workers
        )
        if interval.failed_resamples:
            result.add_warning("failed_resamples", failed=interval.failed_resamples, resamples=resamples)
        result.details["bootstrap_seed"] = seed
        result.details["resamples"] = resamples
    else:
        interval = profile_interval(table, selection.fit.model)
        result.add_warning("conditional")
    result.ci_low, result.ci_high, result.interval = interval.low, interval.high, INTERVAL_KINDS[interval.kind]
    result.interval_kind = interval.kind


def _with_dga(table: CaptureTable, result: EstimateResult, options: dga_module.DgaOptions) -> EstimateResult:
    try:
        posterior = dga_module.posterior(table, options)
    except dga_module.DgaError as exc:
        result.add_warning(exc.key, **exc.params)
        return result
    result.estimate = posterior.mean_total
    low, high = posterior.credible_interval(0.95)
    result.ci_low, result.ci_high, result.interval = low, high, INTERVAL_KINDS["credible"]
    result.interval_kind = "credible"
    top = posterior.top_models(1)[0]
    result.model = [top[0]]
    result.details["posterior_mode"] = posterior.mode_total
    result.details["top_models"] = posterior.top_models(5)
    result.details["prior"] = options.describe()
    return result
