"""Model selection: the four ways of choosing a log-linear model that the literature uses.

- stepwise: forward, adding the two-list effect with the smallest likelihood-ratio (deviance)
  p-value while it is below 0.02, among models that pass the existence and identifiability checks (CSV 2021, section 3);
- homeoffice: forward, adding the two-list effect that lowers AIC most while its Wald p is below
  0.05 (Bales, Hesketh & Silverman 2015, the method behind the Home Office's 2014 figure);
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

from spor.estimation.loglinear import OK, Fit, Model, Term, faces, fit
from spor.estimation.table import CaptureTable, pairs

METHODS = ("stepwise", "homeoffice", "bic", "downhill")


class NoFiniteEstimate(ValueError):
    """No candidate model has an existing, identifiable MLE: the data are too sparse."""


@dataclass
class Selection:
    method: str
    fit: Fit
    candidates: dict[Model, int] = field(default_factory=dict)  # model -> CSV 2021 status code

    @property
    def failing(self) -> list[Model]:
        return [m for m, s in self.candidates.items() if s != OK]


def select(table: CaptureTable, method: str, *, max_order: int | None = None) -> Selection:
    """Run one selection method on a table; raises NoFiniteEstimate when nothing can be fitted."""
    if method == "stepwise":
        return forward(table, method, threshold=0.02, criterion="p")
    if method == "homeoffice":
        return forward(table, method, threshold=0.05, criterion="aic")
    if method == "bic":
        return best_bic(table, max_order=max_order or default_max_order(table.t))
    if method == "downhill":
        return downhill(table, max_order=max_order or table.t - 1)
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def default_max_order(t: int) -> int:
    """All hierarchical models short of saturation for up to 5 lists; two-list models beyond."""
    return t - 1 if t <= 5 else 2


def _fitter(table: CaptureTable, seen: dict[Model, int]) -> Callable[[Model], Fit]:
    cache: dict[Model, Fit] = {}

    def get(model: Model) -> Fit:
        if model not in cache:
            cache[model] = fit(table, model)
            seen[model] = cache[model].status
        return cache[model]

    return get


def forward(table: CaptureTable, method: str, *, threshold: float, criterion: str) -> Selection:
    """Forward selection of two-list effects (stepwise p-value or Home Office AIC + Wald)."""
    seen: dict[Model, int] = {}
    get = _fitter(table, seen)
    current = get(Model())
    if not current.ok:
        raise NoFiniteEstimate("the main-effects model has no finite estimate")
    while True:
        options = []
        for pair in pairs(table.t):
            if pair in current.model.terms:
                continue
            candidate = get(current.model.add(pair))
            # A never-overlapping pair sits at -infinity: glm reports p = 1 for it, so it never enters.
            if candidate.ok and pair in candidate.columns:
                p = candidate.deviance_p(current) if criterion == "p" else candidate.wald_p(pair)
                options.append((candidate, p))
        if not options:
            break
        if criterion == "p":
            best, p = min(options, key=lambda o: o[1])
            improves = p < threshold
        else:
            best, p = min(options, key=lambda o: o[0].aic())
            improves = best.aic() < current.aic() and p < threshold
        if not improves:
            break
        current = best
    return Selection(method, current, seen)


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
