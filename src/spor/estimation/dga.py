"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997).

For 3 to 5 lists, every decomposable (chordal) graph on the lists is a model of list dependence.
Given a graph and the number m of people on no list, the completed 2^t table has a hyper-Dirichlet
prior with `delta` per cell, so its marginal likelihood is a product over the cliques divided by a
product over the separators of Dirichlet-multinomial terms (Dawid & Lauritzen 1993). Combined with
a prior on the total N = n + m, this gives each graph's posterior over m; the model-averaged
posterior weighs graphs by their evidence (uniform prior over graphs unless given).

The prior and the range of m are explicit arguments (R's dga has the same method; we follow the
paper, not its code). If the posterior still has weight at the top of the range, the answer would
depend on where the range was cut, so more than 0.5 % of the mass outside the range is an error
rather than a silent truncation.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
from scipy.special import gammaln, logsumexp

from spor.estimation.table import CaptureTable

PRIORS = ("negbin", "jeffreys", "uniform")


class DgaError(ValueError):
    """Bad options or a posterior truncated by the range of the missing count.

    `key` and `params` name the warning in `spor.estimation.messages` (Danish and English).
    """

    def __init__(self, message: str, key: str = "dga_options", **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params or {"detail": message}


@dataclass(frozen=True)
class DgaOptions:
    """The prior: hyper-Dirichlet `delta` per cell, and a prior on the total N.

    prior "negbin": N is a gamma(shape a, scale b) mixture of Poissons (mean a * b); "jeffreys": 1/N;
    "uniform": flat. The missing count m runs over [m_min, m_max].
    """

    delta: float | None = None  # default 1 / 2^t, R dga's choice: one prior observation in all
    prior: str = "jeffreys"
    a: float = 1.0
    b: float = 1.0
    m_min: int = 0
    m_max: int | None = None  # default: 10 x observed
    tail_tolerance: float = 5e-3  # posterior mass the range may cut off

    def describe(self) -> dict[str, object]:
        return {
            "delta": self.delta,
            "prior": self.prior,
            "a": self.a,
            "b": self.b,
            "m_min": self.m_min,
            "m_max": self.m_max,
        }

    def log_prior(self, total: np.ndarray) -> np.ndarray:
        if self.prior == "negbin":
            p = self.b / (1 + self.b)
            return gammaln(total + self.a) - gammaln(total + 1) + total * math.log(p)
        if self.prior == "jeffreys":
            return -np.log(np.maximum(total, 1))
        if self.prior == "uniform":
            return np.zeros_like(total, dtype=float)
        raise DgaError(f"unknown prior {self.prior!r}; choose one of {', '.join(PRIORS)}")


@dataclass
class Posterior:
    missing: np.ndarray  # the m values
    observed: int
    graph_labels: list[str]
    graph_log_weights: np.ndarray  # per graph, normalised
    averaged: np.ndarray  # posterior pmf over m
    per_graph: np.ndarray = field(repr=False)  # (graphs, m) normalised pmfs

    @property
    def mean_total(self) -> float:
        return float(self.observed + np.sum(self.missing * self.averaged))

    @property
    def bayes_total(self) -> float:
        """Madigan & York's estimator E[1/N] / E[1/N^2]: the Bayes rule under the loss ((N - d) / N)^2."""
        totals = self.observed + self.missing
        return float(np.sum(self.averaged / totals) / np.sum(self.averaged / totals**2))

    @property
    def mode_total(self) -> int:
        return int(self.observed + self.missing[int(np.argmax(self.averaged))])

    def credible_interval(self, level: float) -> tuple[float, float]:
        """The equal-tailed interval: (1 - level) / 2 of the posterior mass below it and above it."""
        cdf = np.cumsum(self.averaged)
        low = self.missing[int(np.searchsorted(cdf, (1 - level) / 2))]
        high = self.missing[min(int(np.searchsorted(cdf, (1 + level) / 2)), len(cdf) - 1)]
        return float(self.observed + low), float(self.observed + high)

    def top_models(self, k: int) -> list[tuple[str, float]]:
        order = np.argsort(-self.graph_log_weights)[:k]
        return [(self.graph_labels[i], round(float(np.exp(self.graph_log_weights[i])), 4)) for i in order]


def decomposable_graphs(t: int) -> list[nx.Graph]:
    edges = list(itertools.combinations(range(t), 2))
    graphs = []
    for mask in range(2 ** len(edges)):
        g = nx.Graph()
        g.add_nodes_from(range(t))
        g.add_edges_from(e for k, e in enumerate(edges) if mask >> k & 1)
        if nx.is_chordal(g):
            graphs.append(g)
    return graphs


def cliques_and_separators(g: nx.Graph) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Cliques and the separators of a junction tree (each component's tree, joined by empty sets)."""
    cliques: list[tuple[int, ...]] = []
    separators: list[tuple[int, ...]] = []
    for component in nx.connected_components(g):
        sub = g.subgraph(component)
        comp_cliques = (
            [tuple(sorted(c)) for c in nx.chordal_graph_cliques(sub)] if len(component) > 1 else [tuple(component)]
        )
        cliques += comp_cliques
        clique_graph = nx.Graph()
        clique_graph.add_nodes_from(range(len(comp_cliques)))
        for i, j in itertools.combinations(range(len(comp_cliques)), 2):
            common = set(comp_cliques[i]) & set(comp_cliques[j])
            clique_graph.add_edge(i, j, weight=len(common))
        for i, j in nx.maximum_spanning_tree(clique_graph).edges():
            separators.append(tuple(sorted(set(comp_cliques[i]) & set(comp_cliques[j]))))
    return cliques, separators


def _marginal_term(table: CaptureTable, subset: tuple[int, ...], missing: np.ndarray, delta: float) -> np.ndarray:
    """log Dirichlet-multinomial of the subset's marginal table, completed with m in the zero cell."""
    if not subset:
        return np.zeros(len(missing))
    t = table.t
    alpha = delta * 2 ** (t - len(subset))
    total_alpha = delta * 2**t
    h = table.histories[:, list(subset)]
    weights = 2 ** np.arange(len(subset) - 1, -1, -1)
    cells = np.bincount(h @ weights, weights=table.counts, minlength=2 ** len(subset))
    fixed = float(np.sum(gammaln(cells[1:] + alpha) - gammaln(alpha)))
    n = float(table.counts.sum())
    zero = gammaln(cells[0] + missing + alpha) - gammaln(alpha)
    return fixed + zero + gammaln(total_alpha) - gammaln(n + missing + total_alpha)


def posterior(table: CaptureTable, options: DgaOptions, graph_log_prior: np.ndarray | None = None) -> Posterior:
    if not 3 <= table.t <= 5:
        raise DgaError(
            f"model averaging over decomposable graphs needs 3 to 5 lists, not {table.t}", "dga_lists", t=table.t
        )
    delta = options.delta if options.delta is not None else 1 / 2**table.t
    if delta <= 0:
        raise DgaError("delta must be positive")
    n = table.observed
    m_max = options.m_max if options.m_max is not None else 10 * n
    if not 0 <= options.m_min < m_max:
        raise DgaError(f"the range of the missing count must satisfy 0 <= min < max, got {options.m_min}..{m_max}")
    missing = np.arange(options.m_min, m_max + 1, dtype=float)
    totals = n + missing
    base = options.log_prior(totals) + gammaln(totals + 1) - gammaln(missing + 1)
    graphs = decomposable_graphs(table.t)
    logs = np.empty((len(graphs), len(missing)))
    labels = []
    for k, g in enumerate(graphs):
        cliques, separators = cliques_and_separators(g)
        logs[k] = base + sum(_marginal_term(table, c, missing, delta) for c in cliques)
        logs[k] -= sum((_marginal_term(table, s, missing, delta) for s in separators), np.zeros(len(missing)))
        labels.append(_label(g, table.lists))
    if graph_log_prior is not None:
        logs += graph_log_prior[:, None]
    evidence = logsumexp(logs, axis=1)
    weights = evidence - logsumexp(evidence)
    per_graph = np.exp(logs - evidence[:, None])
    averaged = np.exp(weights) @ per_graph
    _refuse_truncation(averaged, missing, options)
    return Posterior(missing, n, labels, weights, averaged, per_graph)


def _refuse_truncation(pmf: np.ndarray, missing: np.ndarray, options: DgaOptions) -> None:
    """Refuse a posterior whose range cuts off more than `tail_tolerance` of its mass.

    Above the range the tail is bounded as geometric from the last two points; below, by m_min
    times the density at m_min (the density rises towards the mode).
    """
    ratio = pmf[-1] / pmf[-2] if pmf[-2] > 0 else 0.0
    above = math.inf if ratio >= 1 else float(pmf[-1] * ratio / (1 - ratio))
    if above > options.tail_tolerance:
        raise DgaError(
            f"the posterior is truncated: about {min(above, 1):.2g} of its mass lies above the top of the range "
            f"(missing = {int(missing[-1])}); widen the range of the missing count",
            "dga_truncated_above",
            mass=f"{min(above, 1):.2g}",
            missing=int(missing[-1]),
        )
    below = float(missing[0] * pmf[0])
    if below > options.tail_tolerance:
        raise DgaError(
            f"the posterior is truncated: up to {below:.2g} of its mass lies below the range (missing = "
            f"{int(missing[0])}); lower the minimum of the missing count",
            "dga_truncated_below",
            mass=f"{below:.2g}",
            missing=int(missing[0]),
        )


def _label(g: nx.Graph, lists: tuple[str, ...]) -> str:
    edges = sorted(tuple(sorted(e)) for e in g.edges())
    return "[" + ",".join(f"{lists[i]}-{lists[j]}" for i, j in edges) + "]" if edges else "[independence]"
