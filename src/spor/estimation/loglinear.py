"""Poisson log-linear models on the observable capture histories.

For t lists, every model has an intercept and the t main effects, plus a hierarchical set of
interaction terms (a term is a tuple of list indices, e.g. (0, 1) for the first two lists). The
fitted mean of history h is exp(x_h . beta); the all-zero history has x = (1, 0, ..., 0), so the
dark figure is exp(intercept) and the total is observed + exp(intercept).

Sparse data: a term whose margin is zero (a pair of lists that never overlap, CSV 2021) has an
extended-MLE parameter of -infinity. Following Chan, Silverman & Vincent (2021), such a term is
kept in the model at -infinity: the cells that contain it are fixed at mean zero and leave the
fit, and its column is dropped. Before any fit two checks run (CSV 2021 section 2; Fienberg &
Rinaldo 2012):
- existence: the linear program max s subject to A'z = A'y, z >= s, s <= 1 on the remaining
  cells; the MLE exists iff the optimum is positive (the margins lie in the relative interior of
  the marginal cone);
- identifiability: the remaining design matrix A has full column rank.
The status code is that of CSV 2021: 0 fine, 1 no MLE, 2 not identifiable, 3 both.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.special import gammaln
from scipy.stats import chi2, norm

from spor.estimation.table import CaptureTable

Term = tuple[int, ...]

OK, NO_MLE, NOT_IDENTIFIABLE = 0, 1, 2


@dataclass(frozen=True)
class Model:
    """A hierarchical log-linear model: the interaction terms beyond the main effects."""

    terms: frozenset[Term] = frozenset()

    @classmethod
    def of(cls, *terms: Term) -> Model:
        return cls(frozenset(tuple(sorted(t)) for t in terms))

    def add(self, term: Term) -> Model:
        return Model(self.terms | {term})

    def remove(self, term: Term) -> Model:
        return Model(self.terms - {term})

    def sorted_terms(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: (len(t), t))

    def generators(self) -> list[Term]:
        """The maximal terms: what the model's bracket notation lists."""
        return [t for t in self.sorted_terms() if not any(set(t) < set(u) for u in self.terms)]

    def label(self, lists: tuple[str, ...]) -> list[str]:
        return [":".join(lists[i] for i in t) for t in self.sorted_terms()]

    def bracket(self, t: int) -> str:
        """CSV 2021 notation, e.g. [12,3] (1-based list numbers; lists with no term appear alone)."""
        covered = {i for g in self.generators() for i in g}
        parts = [*self.generators(), *((i,) for i in range(t) if i not in covered)]
        parts.sort()
        return "[" + ",".join("".join(str(i + 1) for i in g) for g in parts) + "]"


def faces(term: Term) -> list[Term]:
    """The interaction terms one order down that a hierarchical model must contain with `term`."""
    if len(term) <= 2:
        return []
    return [tuple(c) for c in itertools.combinations(term, len(term) - 1)]


def term_columns(histories: np.ndarray, terms: list[Term]) -> np.ndarray:
    if not terms:
        return np.zeros((histories.shape[0], 0))
    return np.column_stack([histories[:, list(t)].prod(axis=1) for t in terms]).astype(float)


def design(histories: np.ndarray, terms: list[Term]) -> np.ndarray:
    ones = np.ones((histories.shape[0], 1))
    return np.hstack([ones, histories.astype(float), term_columns(histories, terms)])


@dataclass
class Fit:
    """A fitted (or refused) model. `status` is the CSV 2021 code; only status 0 has numbers."""

    model: Model
    status: int
    infinite_terms: list[Term] = field(default_factory=list)
    columns: list[Term] = field(default_factory=list)  # the finite interaction terms, in order
    beta: np.ndarray | None = None
    cov: np.ndarray | None = None
    loglik: float = float("nan")
    n_params: int = 0
    observed: float = 0.0
    converged: bool = False
    t: int = 0

    @property
    def ok(self) -> bool:
        return self.status == OK and self.beta is not None and self.converged

    @property
    def dark_figure(self) -> float:
        return math.exp(self.beta[0]) if self.beta is not None else float("nan")

    @property
    def total(self) -> float:
        return self.observed + self.dark_figure

    def aic(self) -> float:
        return -2 * self.loglik + 2 * self.n_params

    def bic(self) -> float:
        # The penalty uses the number of people observed, not the number of cells (SCV 2024).
        return -2 * self.loglik + self.n_params * math.log(self.observed)

    def deviance_p(self, smaller: Fit) -> float:
        """Likelihood-ratio p-value of this model against a nested smaller one (CSV 2021 stepwise)."""
        df = self.n_params - smaller.n_params
        stat = max(2 * (self.loglik - smaller.loglik), 0.0)
        return float(chi2.sf(stat, df)) if df > 0 else 1.0

    def wald_p(self, term: Term) -> float:
        """Two-sided Wald p-value of one finite interaction term (as R's summary.glm reports it)."""
        if self.beta is None or self.cov is None or term not in self.columns:
            return 1.0
        j = 1 + self.t + self.columns.index(term)
        se = math.sqrt(max(float(self.cov[j, j]), 0.0))
        return float(2 * norm.sf(abs(self.beta[j]) / se)) if se > 0 else 1.0


def zero_margin_terms(table: CaptureTable, model: Model) -> list[Term]:
    """Terms of the model whose margin is zero: their parameters sit at -infinity (CSV 2021)."""
    h = table.histories
    out = []
    for term in model.sorted_terms():
        if float(table.counts[h[:, list(term)].all(axis=1)].sum()) == 0.0:
            out.append(term)
    return out


def reduce(table: CaptureTable, model: Model) -> tuple[np.ndarray, np.ndarray, list[Term], list[Term]]:
    """The design and counts of the cells left once the -infinity terms' cells are fixed at zero."""
    h = table.histories
    infinite = zero_margin_terms(table, model)
    keep = np.ones(len(h), dtype=bool)
    for term in infinite:
        keep &= ~h[:, list(term)].all(axis=1)
    finite = [t for t in model.sorted_terms() if t not in infinite]
    return design(h[keep], finite), table.counts[keep], finite, infinite


def full_rank(a: np.ndarray) -> bool:
    return a.shape[0] >= a.shape[1] and int(np.linalg.matrix_rank(a)) == a.shape[1]


def check(table: CaptureTable, model: Model) -> int:
    """Existence and identifiability of the model's extended MLE on this table (CSV 2021 codes)."""
    a, y, _, _ = reduce(table, model)
    return (0 if full_rank(a) else NOT_IDENTIFIABLE) | (0 if mle_exists(a, y) else NO_MLE)


def mle_exists(a: np.ndarray, y: np.ndarray) -> bool:
    """Fienberg & Rinaldo's linear program: is there z > 0 with the observed margins A'z = A'y?"""
    if np.all(y > 0):
        return True  # y itself is such a z
    m = a.shape[0]
    # Variables (z_1..z_m, s); maximise s, i.e. minimise -s.
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_eq = np.hstack([a.T, np.zeros((a.shape[1], 1))])
    b_eq = a.T @ y
    a_ub = np.hstack([-np.eye(m), np.ones((m, 1))])  # s - z_i <= 0
    b_ub = np.zeros(m)
    bounds = [(0, None)] * m + [(0, 1)]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if res.status != 0:
        return False
    return bool(-res.fun > 1e-7 * max(1.0, float(y.max())))


def fit(table: CaptureTable, model: Model, start: np.ndarray | None = None) -> Fit:
    """Check, then fit the model by Newton's method (the Poisson log-link IRLS).

    The existence LP is only solved when the fit does not settle: a converged fit with every mean
    positive is itself the certificate the LP looks for (z = mu > 0 with A'z = A'y). `start` is a
    warm start (the coefficients of a smaller model, zeros for the new columns, see `warm_start`).
    """
    a, y, finite, infinite = reduce(table, model)
    result = Fit(model=model, status=OK, infinite_terms=infinite, columns=finite, observed=float(y.sum()), t=table.t)
    if not full_rank(a):
        result.status = NOT_IDENTIFIABLE | (0 if mle_exists(a, y) else NO_MLE)
        return result
    beta, cov, loglik, converged = newton_poisson(a, y, start=start)
    # A diverging fit (no MLE) drives some means towards zero, and once they are negligible next to
    # the others the Newton step vanishes numerically, so it can meet the step criterion. A fitted
    # mean below e^-30 (1e-13 persons) therefore sends the model to the existence LP; genuine fits
    # of 8 sparse lists reach e^-39 in their highest-order cells, so the LP decides those too.
    positive = beta is not None and float(np.min(a @ beta)) > -30.0
    if not (converged and positive) and not mle_exists(a, y):
        result.status = NO_MLE
        return result
    if beta is None:
        result.status = NO_MLE  # a singular information matrix although the LP finds an MLE
        return result
    result.beta, result.cov, result.loglik, result.converged = beta, cov, loglik, converged
    # A term at -infinity is still a parameter of the model (it is estimated, at its boundary).
    result.n_params = a.shape[1] + len(infinite)
    result.observed = float(table.counts.sum())
    return result


def fitted_means(table: CaptureTable, f: Fit) -> np.ndarray:
    """The fitted mean of every observable history (zero in the cells of a term at -infinity)."""
    h = table.histories
    if f.beta is None:
        return np.full(len(h), np.nan)
    eta = design(h, f.columns) @ f.beta
    mu = np.exp(np.clip(eta, -700, 700))
    for term in f.infinite_terms:
        mu[h[:, list(term)].all(axis=1)] = 0.0
    return mu


def pearson_residuals(table: CaptureTable, f: Fit) -> np.ndarray:
    """(observed - fitted) / sqrt(fitted) per history; zero where the fit is fixed at zero."""
    mu = fitted_means(table, f)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = (table.counts - mu) / np.sqrt(mu)
    return np.where(mu > 0, r, 0.0)


def warm_start(smaller: Fit, larger_columns: list[Term]) -> np.ndarray | None:
    """The smaller model's coefficients laid out for a model with more finite columns (zeros for new ones)."""
    if smaller.beta is None:
        return None
    t = smaller.t
    start = np.zeros(1 + t + len(larger_columns))
    start[: 1 + t] = smaller.beta[: 1 + t]
    for j, term in enumerate(larger_columns):
        if term in smaller.columns:
            start[1 + t + j] = smaller.beta[1 + t + smaller.columns.index(term)]
    return start


def newton_poisson(
    a: np.ndarray, y: np.ndarray, max_iter: int = 60, tol: float = 1e-10, start: np.ndarray | None = None
) -> tuple[np.ndarray | None, np.ndarray | None, float, bool]:
    """Maximum likelihood for log E[y] = A beta; returns beta, its covariance, log-lik, converged.

    A degenerate fit (a mean that overflows or vanishes, a singular information matrix: the data
    have no MLE for this model) returns beta None or converged False; it never warns. Callers then
    run the existence check.
    """
    if start is None or start.shape != (a.shape[1],):
        # Least squares on log(y + 0.5), as glm's starting values do in spirit.
        start = np.linalg.lstsq(a, np.log(y + 0.5), rcond=None)[0]
    beta = start
    previous = -np.inf
    converged = False
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        for _ in range(max_iter):
            eta = np.clip(a @ beta, -700, 700)
            mu = np.exp(eta)
            info = a.T @ (mu[:, None] * a)
            try:
                step = np.linalg.solve(info, a.T @ (y - mu))
            except np.linalg.LinAlgError:
                return None, None, float("nan"), False
            if not np.all(np.isfinite(step)):
                return None, None, float("nan"), False
            loglik = _loglik(y, eta, mu)
            beta = _damped(a, y, beta, step, loglik)
            if abs(loglik - previous) < tol * (1 + abs(loglik)) and np.max(np.abs(step)) < 1e-7:
                converged = True
                break
            previous = loglik
        eta = np.clip(a @ beta, -700, 700)
        mu = np.exp(eta)
        info = a.T @ (mu[:, None] * a)
        try:
            cov = np.linalg.inv(info)
        except np.linalg.LinAlgError:
            return None, None, float("nan"), False
        if not np.all(np.isfinite(cov)):
            return beta, None, _loglik(y, eta, mu), False
        return beta, cov, _loglik(y, eta, mu), converged


def _damped(a: np.ndarray, y: np.ndarray, beta: np.ndarray, step: np.ndarray, loglik: float) -> np.ndarray:
    """Halve the Newton step until the log-likelihood does not fall (rarely needed)."""
    scale = 1.0
    for _ in range(30):
        candidate = beta + scale * step
        eta = np.clip(a @ candidate, -700, 700)
        if _loglik(y, eta, np.exp(eta)) >= loglik - 1e-9 * (1 + abs(loglik)):
            return candidate
        scale /= 2
    return beta + scale * step


def _loglik(y: np.ndarray, eta: np.ndarray, mu: np.ndarray) -> float:
    return float(np.sum(y * eta - mu - gammaln(y + 1)))
