"""Model selection: the four ways of choosing a log-linear model that the literature uses.

- stepwise: forward, as Chan, Silverman & Vincent (2021, section 3) publish it: under the current
  fit, each two-list effect not yet in the model is scored by the smaller one-sided Poisson tail of
  its observed overlap count given its expected count; a pair that never overlaps is a candidate
  too (p = exp(-expected)) and enters at minus infinity. The lowest p (ties: the lowest pair
  index) among the candidates whose model passes the existence and identifiability checks enters
  while p < 0.02 (docs/estimation.md#methods---method);
- homeoffice: forward, adding the two-list effect that lowers AIC most; the procedure stops when
  that effect's Wald p is 0.05 or more (Bales, Hesketh & Silverman 2015, the method behind the Home
  Office's 2014 figure). A pair that never overlaps sits at minus infinity, where glm's Wald p is
  about 1: when it lowers AIC most, the procedure stops there;
- bic: the lowest BIC over every hierarchical model up to `max_order` that passes the checks
  (Silverman, Chan & Vincent 2024);
- downhill: from main effects, move to the neighbouring hierarchical model (one term added or
  one maximal term removed) with the lowest BIC while BIC falls (SCV 2024).
Each returns a `Selection`: the chosen fit plus the checks of every candidate it looked at.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from scipy.special import pdtr, pdtrc

from spor.estimation.loglinear import OK, Fit, Model, Term, faces, fit, fitted_means, reduce, warm_start
from spor.estimation.table import CaptureTable, pairs

METHODS = ("stepwise", "homeoffice", "bic", "downhill")
THRESHOLDS = {"stepwise": 0.02, "homeoffice": 0.05}


class NoFiniteEstimate(ValueError):
    """No candidate model has an existing, identifiable MLE: the data are too sparse."""


@dataclass(frozen=True)
class Step:
    """One step of a forward selection: the pair added (None at the start), its p-value, the total."""

    term: Term | None
    p: float
    total: float
    at_infinity: bool = False


@dataclass
class Selection:
    method: str
    fit: Fit
    candidates: dict[Model, int] = field(default_factory=dict)  # model -> CSV 2021 status code
    path: list[Step] = field(default_factory=list)

    @property
    def failing(self) -> list[Model]:
        return [m for m, s in self.candidates.items() if s != OK]


def select(
    table: CaptureTable, method: str, *, max_order: int | None = None, threshold: float | None = None
) -> Selection:
    """Run one selection method on a table; raises NoFiniteEstimate when nothing can be fitted.

    `threshold` replaces the p-value threshold of the forward methods (0.02 stepwise, 0.05 homeoffice).
    """
    if method == "stepwise":
        return stepwise(table, threshold=THRESHOLDS["stepwise"] if threshold is None else threshold)
    if method == "homeoffice":
        return homeoffice(table, threshold=THRESHOLDS["homeoffice"] if threshold is None else threshold)
    if method == "bic":
        return best_bic(table, max_order=max_order or default_max_order(table.t))
    if method == "downhill":
        return downhill(table, max_order=max_order or table.t - 1)
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def default_max_order(t: int) -> int:
    """All hierarchical models short of saturation for up to 5 lists; two-list models beyond."""
    return t - 1 if t <= 5 else 2


def _fitter(table: CaptureTable, seen: dict[Model, int]) -> Callable[..., Fit]:
    cache: dict[Model, Fit] = {}

    def get(model: Model, smaller: Fit | None = None) -> Fit:
        if model not in cache:
            start = None
            if smaller is not None:
                start = warm_start(smaller, reduce(table, model)[2])
            cache[model] = fit(table, model, start=start)
            seen[model] = cache[model].status
        return cache[model]

    return get


def pair_masks(table: CaptureTable) -> np.ndarray:
    """(pairs, cells) 0/1: which histories contain both lists of each pair, in `pairs` order."""
    h = table.histories.astype(bool)
    return np.array([h[:, i] & h[:, j] for i, j in pairs(table.t)], dtype=float)


def overlap_p_values(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """The smaller one-sided Poisson tail of each observed overlap given its expected count.

    P(X <= o) and P(X >= o) for X ~ Poisson(e); an overlap of zero gets P(X <= 0) = exp(-e).
    """
    low = pdtr(observed, expected)
    high = np.where(observed > 0, pdtrc(np.maximum(observed - 1, 0), expected), 1.0)
    return np.minimum(low, high)


def stepwise(table: CaptureTable, *, threshold: float = 0.02) -> Selection:
    """The published stepwise rule (CSV 2021, section 3), see the module docstring."""
    seen: dict[Model, int] = {}
    get = _fitter(table, seen)
    current = get(Model())
    if not current.ok:
        raise NoFiniteEstimate("the main-effects model has no finite estimate")
    path = [Step(None, float("nan"), current.total)]
    masks = pair_masks(table)
    observed = masks @ table.counts
    all_pairs = pairs(table.t)
    while True:
        expected = masks @ fitted_means(table, current)
        p = overlap_p_values(observed, expected)
        open_pairs = [k for k, pair in enumerate(all_pairs) if pair not in current.model.terms]
        chosen: Fit | None = None
        for k in sorted(open_pairs, key=lambda k: (p[k], k)):
            if not p[k] < threshold:
                break
            candidate = get(current.model.add(all_pairs[k]), current)
            if candidate.ok:
                chosen = candidate
                path.append(Step(all_pairs[k], float(p[k]), candidate.total, all_pairs[k] in candidate.infinite_terms))
                break
        if chosen is None:
            return Selection("stepwise", current, seen, path)
        current = chosen


def homeoffice(table: CaptureTable, *, threshold: float = 0.05) -> Selection:
    """Forward by AIC; stop when the best pair's Wald p reaches the threshold (see the module docstring)."""
    seen: dict[Model, int] = {}
    get = _fitter(table, seen)
    current = get(Model())
    if not current.ok:
        raise NoFiniteEstimate("the main-effects model has no finite estimate")
    path = [Step(None, float("nan"), current.total)]
    while True:
        options = []
        for pair in pairs(table.t):
            if pair in current.model.terms:
                continue
            candidate = get(current.model.add(pair), current)
            if candidate.ok:
                # At minus infinity the Wald p is 1 (glm reports an estimate of about -30, its
                # standard error far larger).
                p = candidate.wald_p(pair) if pair in candidate.columns else 1.0
                options.append((candidate, pair, p))
        if not options:
            break
        best, pair, p = min(options, key=lambda o: o[0].aic())
        if not (best.aic() < current.aic() and p < threshold):
            break
        current = best
        path.append(Step(pair, p, best.total, pair in best.infinite_terms))
    return Selection("homeoffice", current, seen, path)


def hierarchical_models(t: int, max_order: int) -> Iterator[Model]:
    """Every hierarchical model whose interaction terms have order 2..max_order."""
    terms: list[Term] = [c for k in range(2, max_order + 1) for c in itertools.combinations(range(t), k)]

    def extend(i: int, chosen: frozenset[Term]) -> Iterator[Model]:
        if i == len(terms):
            yield Model(chosen)
            return
        yield from extend(i + 1, chosen)
        term = terms[i]
        if all(face in chosen for face in faces(term)):
            yield from extend(i + 1, chosen | {term})

    yield from extend(0, frozenset())


def best_bic(table: CaptureTable, *, max_order: int, models: list[Model] | None = None) -> Selection:
    seen: dict[Model, int] = {}
    get = _fitter(table, seen)
    best: Fit | None = None
    for model in models if models is not None else hierarchical_models(table.t, max_order):
        if len(model.terms) + table.t + 1 > 2**table.t - 1:
            continue  # more parameters than cells: never identifiable
        f = get(model)
        if f.ok and (best is None or f.bic() < best.bic()):
            best = f
    if best is None:
        raise NoFiniteEstimate("no hierarchical model has a finite estimate")
    return Selection("bic", best, seen)


def neighbours(model: Model, t: int, max_order: int) -> Iterator[Model]:
    for k in range(2, max_order + 1):
        for term in itertools.combinations(range(t), k):
            if term not in model.terms and all(f in model.terms for f in faces(term)):
                yield model.add(term)
    for term in model.terms:
        if not any(set(term) < set(other) for other in model.terms):
            yield model.remove(term)


def downhill(table: CaptureTable, *, max_order: int) -> Selection:
    seen: dict[Model, int] = {}
    get = _fitter(table, seen)
    current = get(Model())
    if not current.ok:
        raise NoFiniteEstimate("the main-effects model has no finite estimate")
    while True:
        options = [f for m in neighbours(current.model, table.t, max_order) if (f := get(m)).ok]
        best = min(options, key=lambda f: f.bic(), default=None)
        if best is None or best.bic() >= current.bic():
            return Selection("downhill", current, seen)
        current = best
