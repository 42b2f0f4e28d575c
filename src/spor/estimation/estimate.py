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

import numpy as np

from spor.estimation import dga as dga_module
from spor.estimation import lcmcr as lcmcr_module
from spor.estimation.chao import chao_lower_bound
from spor.estimation.intervals import Bca, Interval, bca_interval, profile_interval
from spor.estimation.loglinear import OK, Model, fit, fitted_means, pearson_residuals
from spor.estimation.messages import Note
from spor.estimation.selection import METHODS, NoFiniteEstimate, Selection, Step, select
from spor.estimation.table import CaptureTable, pairs

ALL_METHODS = (*METHODS, "dga", "lcmcr")
INTERVAL_KINDS = {
    "bca": "95 % BCa bootstrap with the model selection repeated in every resample",
    "profile": "95 % profile likelihood, conditional on the selected model (ignores selection)",
    "credible": "95 % equal-tailed credible interval of the model-averaged posterior (not highest-posterior)",
    "latent": "95 % equal-tailed credible interval of the latent-class posterior (LCMCR)",
}


def selection_for(
    table: CaptureTable, method: str, *, max_order: int | None = None, threshold: float | None = None
) -> tuple[CaptureTable, Selection]:
    """The selection on the table without its empty lists.

    Stepwise on a table with an empty list keeps the main-effects model, as the published method
    does: the list's main effect sits at minus infinity, so every model with a two-list effect
    fails the existence check (docs/estimation.md#methods---method). The other methods run on the
    remaining lists.
    """
    reduced, empty = table.drop_empty_lists()
    if empty and method == "stepwise":
        main = fit(reduced, Model())
        if not main.ok:
            raise NoFiniteEstimate("the main-effects model has no finite estimate")
        return reduced, Selection("stepwise", main, {Model(): main.status}, [Step(None, math.nan, main.total)])
    return reduced, select(reduced, method, max_order=max_order, threshold=threshold)


@dataclass(frozen=True)
class SelectedTotal:
    """A picklable estimator for the bootstrap: run the selection, return the total."""

    method: str
    max_order: int | None = None
    threshold: float | None = None

    def __call__(self, table: CaptureTable) -> float:
        return selection_for(table, self.method, max_order=self.max_order, threshold=self.threshold)[1].fit.total


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
    diagnostics: dict[str, Any] = field(default_factory=dict)
    sensitivity: list[dict[str, Any]] | None = None
    lower_bound: dict[str, Any] | None = None
    provenance: dict[str, Any] | None = None

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
        """The keys of docs/estimation.md#output; totals to one decimal, none when there is no estimate."""
        out = {
            "method": self.method,
            "lists": list(self.lists),
            "model": self.model,
            "observed": self.observed,
            "estimate": _r(self.estimate),
            "dark_figure": _r(self.dark_figure),
            "ci_low": _r(self.ci_low),
            "ci_high": _r(self.ci_high),
            "interval": self.interval,
            "interval_kind": self.interval_kind,
            "existence": self.existence,
            "warnings": self.warnings,
            "diagnostics": self.diagnostics,
        }
        if self.method == "dga" and "posterior_mean" in self.details:
            out["estimator"] = "Madigan & York: E[1/N] / E[1/N^2]"
            out["posterior_mean"] = _r(self.details["posterior_mean"])
        if self.method == "lcmcr" and "posterior_mean" in self.details:
            out["estimator"] = "posterior median"
            out["posterior_mean"] = _r(self.details["posterior_mean"])
            out["lcmcr"] = {"prior": self.details["prior"], **self.details["convergence"]}
        if self.lower_bound is not None:
            out["lower_bound"] = self.lower_bound
        if self.provenance is not None:
            out["provenance"] = self.provenance
        if self.sensitivity is not None:
            out["sensitivity"] = self.sensitivity
        return out


def result_from_json(data: dict[str, Any], notes: list[dict[str, Any]] | None = None) -> EstimateResult:
    """An `EstimateResult` back from its `as_json` (a kept run), with its warnings as keys."""
    details = {k: data[k] for k in ("posterior_mean",) if data.get(k) is not None}
    if "lcmcr" in data:
        details["prior"] = data["lcmcr"].get("prior", {})
    return EstimateResult(
        method=data["method"],
        lists=tuple(data["lists"]),
        observed=data["observed"],
        model=list(data.get("model", [])),
        estimate=data.get("estimate"),
        ci_low=data.get("ci_low"),
        ci_high=data.get("ci_high"),
        interval=data.get("interval"),
        interval_kind=data.get("interval_kind", ""),
        existence=data.get("existence", {}),
        notes=[Note(n["key"], n.get("params", {})) for n in notes or []],
        details=details,
        diagnostics=data.get("diagnostics", {}),
        sensitivity=data.get("sensitivity"),
        lower_bound=data.get("lower_bound"),
        provenance=data.get("provenance"),
    )


def _r(v: float | None) -> float | None:
    return None if v is None or not math.isfinite(v) else round(float(v), 1)


def estimate_total(
    table: CaptureTable,
    *,
    method: str = "stepwise",
    resamples: int = 1000,
    seed: int = 1234,
    max_order: int | None = None,
    workers: int | None = None,
    dga_options: dga_module.DgaOptions | None = None,
    threshold: float | None = None,
    replay: np.ndarray | None = None,
    lcmcr_options: lcmcr_module.LcmcrOptions | None = None,
) -> EstimateResult:
    """Estimate the total population from a capture-history table.

    With `resamples` > 0 a selected model gets a BCa interval with the selection repeated; with 0,
    the profile-likelihood interval of the selected model (conditional, and flagged as such).
    `replay` (rows of counts in the table's cell order) replaces the drawn resamples. Every
    result with at least two lists carries Chao's lower bound as a floor (`lower_bound`).
    """
    if method not in ALL_METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(ALL_METHODS)}")
    result = EstimateResult(method=method, lists=table.lists, observed=table.observed)
    result.diagnostics = describe_table(table)
    empty = [name for name, total in table.list_totals().items() if total == 0]
    if empty:
        result.add_warning("empty_lists_main" if method == "stepwise" else "empty_lists", lists=", ".join(empty))
    if table.t - len(empty) < 2:
        result.add_warning("too_few_lists")
        return result
    result.lower_bound = chao_lower_bound(table.drop_empty_lists()[0]).as_json()
    if method == "lcmcr":
        return _with_lcmcr(table.drop_empty_lists()[0], result, lcmcr_options or lcmcr_module.LcmcrOptions(seed=seed))
    if method == "dga":
        return _with_dga(table.drop_empty_lists()[0], result, dga_options or dga_module.DgaOptions())
    try:
        reduced, selection = selection_for(table, method, max_order=max_order, threshold=threshold)
    except NoFiniteEstimate:
        result.add_warning("no_finite")
        return result
    _fill_from_selection(reduced, result, selection)
    if replay is not None or resamples > 0:
        estimator = SelectedTotal(method, max_order, threshold)
        bca = bca_interval(
            table,
            estimator,
            estimate=selection.fit.total,
            resamples=resamples,
            seed=seed,
            workers=workers,
            replay=replay,
        )
        _fill_from_bca(result, bca, seed=None if replay is not None else seed)
    else:
        interval = profile_interval(reduced, selection.fit.model)
        result.add_warning("conditional")
        _fill_interval(result, interval)
    return result


def describe_table(table: CaptureTable) -> dict[str, Any]:
    """List sizes, the overlap of every pair, and the pairs that never overlap."""
    h = table.histories.astype(bool)
    overlaps = {
        f"{table.lists[i]}:{table.lists[j]}": round(float(table.counts[h[:, i] & h[:, j]].sum()))
        for i, j in pairs(table.t)
    }
    return {
        "list_sizes": table.list_totals(),
        "overlaps": overlaps,
        "never_overlap": [name for name, count in overlaps.items() if count == 0],
    }


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
    if selection.path:
        result.diagnostics["path"] = [
            {
                "added": None if step.term is None else ":".join(table.lists[i] for i in step.term),
                "p": None if not math.isfinite(step.p) else float(f"{step.p:.4g}"),
                "estimate": _r(step.total),
                "at_minus_infinity": step.at_infinity,
            }
            for step in selection.path
        ]
    result.diagnostics["residuals"] = _residuals(table, f)


def _residuals(table: CaptureTable, f: Any) -> list[dict[str, Any]]:
    """Pearson residuals of the chosen model: every observed history, and any other beyond +-2."""
    mu, r = fitted_means(table, f), pearson_residuals(table, f)
    out = []
    for history, count, m, res in zip(table.histories, table.counts, mu, r, strict=True):
        if count > 0 or abs(res) >= 2:
            out.append(
                {
                    "history": "".join(str(int(v)) for v in history),
                    "observed": round(float(count)),
                    "fitted": round(float(m), 2),
                    "pearson": round(float(res), 2) + 0.0,  # no "-0"
                }
            )
    return out


def _fill_interval(result: EstimateResult, interval: Interval) -> None:
    result.ci_low, result.ci_high, result.interval = interval.low, interval.high, INTERVAL_KINDS[interval.kind]
    result.interval_kind = interval.kind


def _fill_from_bca(result: EstimateResult, bca: Bca, *, seed: int | None) -> None:
    interval = bca.interval
    if interval.failed_resamples:
        result.add_warning("failed_resamples", failed=interval.failed_resamples, resamples=interval.resamples)
    for limit in bca.single_replicate:
        key = "single_low" if limit == "low" else "single_high"
        result.add_warning(key, resamples=interval.resamples)
    result.details["resamples"] = interval.resamples
    if seed is not None:
        result.details["bootstrap_seed"] = seed
    result.diagnostics["bootstrap"] = {
        "resamples": interval.resamples,
        "replayed": seed is None,
        "seed": seed,
        "failed": interval.failed_resamples,
        "z0": round(bca.z0, 4),
        "acceleration": round(bca.acceleration, 4),
        "levels": [float(f"{100 * q:.4g}") for q in bca.levels],  # percent
        "positions": [round(p, 2) for p in bca.positions],
        "single_replicate": bca.single_replicate,
    }
    _fill_interval(result, interval)


def _with_dga(table: CaptureTable, result: EstimateResult, options: dga_module.DgaOptions) -> EstimateResult:
    try:
        posterior = dga_module.posterior(table, options)
    except dga_module.DgaError as exc:
        result.add_warning(exc.key, **exc.params)
        return result
    result.estimate = posterior.bayes_total
    low, high = posterior.credible_interval(0.95)
    result.ci_low, result.ci_high, result.interval = low, high, INTERVAL_KINDS["credible"]
    result.interval_kind = "credible"
    top = posterior.top_models(1)[0]
    result.model = [top[0]]
    result.details["posterior_mean"] = posterior.mean_total
    result.details["posterior_mode"] = posterior.mode_total
    result.details["top_models"] = posterior.top_models(5)
    result.details["prior"] = options.describe()
    return result


def _with_lcmcr(table: CaptureTable, result: EstimateResult, options: lcmcr_module.LcmcrOptions) -> EstimateResult:
    """The latent-class posterior: its median, the 95 % credible interval, and the convergence checks."""
    draws = lcmcr_module.posterior(table, options)
    result.estimate = draws.median
    result.ci_low, result.ci_high = draws.credible_interval(0.95)
    result.interval, result.interval_kind = INTERVAL_KINDS["latent"], "latent"
    result.model = [f"LCMCR K={options.classes}"]
    result.details["posterior_mean"] = draws.mean
    result.details["prior"] = options.describe()
    convergence = draws.diagnostics()
    result.details["convergence"] = convergence
    result.diagnostics["lcmcr"] = convergence
    if not draws.converged():
        result.add_warning(
            "lcmcr_convergence", rhat=f"{draws.rhat:.3f}", ess=round(draws.ess), limit=lcmcr_module.RHAT_LIMIT
        )
    if convergence["max_occupied_classes"] >= options.classes:
        result.add_warning("lcmcr_classes", classes=options.classes)
    return result
