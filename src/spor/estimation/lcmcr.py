"""The Bayesian non-parametric latent-class model (LCMCR; Manrique-Vallier 2016, Biometrics 72(3)).

Every person, listed or not, belongs to one of K latent classes; within a class the lists find
people independently, class k's list j with probability lambda[j, k]. Dependence between lists and
heterogeneity of catchability both come from the mixture over classes. The class weights have a
truncated stick-breaking prior (a Dirichlet process truncated at K classes: V_k ~ Beta(1, alpha),
V_K = 1, pi_k = V_k prod_{h<k} (1 - V_h)), alpha ~ Gamma(a, b) (shape, rate; 0.25 and 0.25 as in
the paper), lambda[j, k] ~ Beta(1, 1), and the total N the improper prior 1/N.

The Gibbs sampler with data augmentation for the unobserved (section 3 of the paper), one sweep:
1. the class of every person given the parameters; people with the same capture history are
   exchangeable, so a cell of c people gets its class counts from one multinomial draw;
2. lambda[j, k] ~ Beta(1 + on list j in class k, 1 + not on it), the unobserved included;
3. V_k ~ Beta(1 + n_k, alpha + sum_{h>k} n_h), and pi from the sticks;
4. alpha ~ Gamma(a + K - 1, b - log pi_K);
5. the unobserved count n0 ~ NegativeBinomial(n, 1 - pi0), pi0 = sum_k pi_k prod_j (1 - lambda[j, k])
   the probability of appearing on no list (the 1/N prior makes this conditional exact).
The chains run side by side as one batch of numpy arrays (a sweep costs the same for 1 or 4
chains), from one seed. The estimate is the posterior median of N with the 95 % equal-tailed
credible interval; convergence is judged by the split R-hat over the chains and the effective
sample size (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021), docs/estimation.md#lcmcr.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
from scipy.special import logsumexp

from spor.estimation.table import CaptureTable

RHAT_LIMIT = 1.01  # Vehtari et al. 2021
ESS_LIMIT = 400  # effective draws of N, over all chains


@dataclass(frozen=True)
class LcmcrOptions:
    """The sampler's settings: K classes, the Gamma(a, b) prior of alpha, chains and their lengths."""

    classes: int = 10
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    chains: int = 16  # side by side in one batch: 16 cost little more than 4
    burn_in: int = 3000
    samples: int = 500  # per chain, kept after thinning
    thin: int = 20
    seed: int = 1234

    def describe(self) -> dict[str, object]:
        return asdict(self)

    def light(self) -> LcmcrOptions:
        """A quarter of the draws, for the many rows of a sensitivity table."""
        return replace(self, burn_in=max(self.burn_in // 4, 200), samples=max(self.samples // 4, 100))

    def check(self) -> None:
        if self.classes < 1 or self.chains < 1 or self.samples < 4 or self.thin < 1 or self.burn_in < 0:
            raise ValueError("LCMCR: classes, chains, thin >= 1, samples >= 4, burn-in >= 0")
        if self.a_alpha <= 0 or self.b_alpha <= 0:
            raise ValueError("LCMCR: the Gamma prior of alpha needs a > 0 and b > 0")


@dataclass(frozen=True)
class LcmcrPosterior:
    """Draws of the total N (chains x samples) and what the sampler saw."""

    totals: np.ndarray
    observed: int
    options: LcmcrOptions
    occupied: np.ndarray  # classes holding anyone, per kept draw

    @property
    def median(self) -> float:
        return float(np.median(self.totals))

    @property
    def mean(self) -> float:
        return float(np.mean(self.totals))

    def credible_interval(self, level: float = 0.95) -> tuple[float, float]:
        low, high = np.quantile(self.totals, [(1 - level) / 2, (1 + level) / 2])
        return float(low), float(high)

    @property
    def rhat(self) -> float:
        return split_rhat(self.totals)

    @property
    def ess(self) -> float:
        return effective_sample_size(self.totals)

    def diagnostics(self) -> dict[str, Any]:
        return {
            "chains": self.options.chains,
            "draws": int(self.totals.size),
            "split_rhat": round(self.rhat, 4),
            "ess": round(self.ess),
            "chain_medians": [round(float(v), 1) for v in np.median(self.totals, axis=1)],
            "occupied_classes": round(float(np.mean(self.occupied)), 2),
            "max_occupied_classes": int(np.max(self.occupied)),
        }

    def converged(self) -> bool:
        return self.rhat <= RHAT_LIMIT and self.ess >= ESS_LIMIT


def posterior(table: CaptureTable, options: LcmcrOptions | None = None) -> LcmcrPosterior:
    """Run the Gibbs sampler on a table and keep the draws of N = observed + unobserved."""
    options = options or LcmcrOptions()
    options.check()
    rng = np.random.Generator(np.random.PCG64(options.seed))
    c, k_max = options.chains, options.classes
    # Row 0: the people on no list; then the histories someone has (an empty cell adds nothing).
    seen = table.counts > 0
    cells = np.vstack([np.zeros((1, table.t)), table.histories[seen]]).astype(float)
    off = 1.0 - cells
    n = table.observed
    counts = np.zeros((c, len(cells)), dtype=np.int64)
    counts[:, 1:] = np.round(table.counts[seen]).astype(np.int64)
    # Over-dispersed starts: each chain its own lambdas and a missing count between n/2 and 2n.
    lam = rng.uniform(0.05, 0.95, size=(c, table.t, k_max))
    log_pi = np.full((c, k_max), -math.log(k_max))
    alpha = np.ones(c)
    counts[:, 0] = np.round(n * rng.uniform(0.5, 2.0, size=c))
    kept, occupied = [], []
    total_sweeps = options.burn_in + options.samples * options.thin
    for sweep in range(total_sweeps):
        log_lam, log_miss = np.log(lam), np.log1p(-lam)
        # 1. classes of everyone, cell by cell (row 0 with the current unobserved count).
        logp = log_pi[:, None, :] + np.einsum("mj,cjk->cmk", cells, log_lam) + np.einsum("mj,cjk->cmk", off, log_miss)
        prob = np.exp(logp - logp.max(axis=2, keepdims=True))
        prob /= prob.sum(axis=2, keepdims=True)
        by_class = rng.multinomial(counts, prob)  # (chains, cells, K)
        n_k = by_class.sum(axis=1)
        on = np.einsum("mj,cmk->cjk", cells, by_class)
        # 2. the lists' catch probabilities per class.
        lam = rng.beta(1.0 + on, 1.0 + n_k[:, None, :] - on)
        lam = np.clip(lam, 1e-12, 1 - 1e-12)
        # 3. the sticks; 4. alpha.
        tail = np.cumsum(n_k[:, ::-1], axis=1)[:, ::-1]  # sum_{h >= k}
        v = rng.beta(1.0 + n_k[:, :-1], alpha[:, None] + tail[:, 1:])
        v = np.clip(v, 1e-12, 1 - 1e-12)
        log_rest = np.cumsum(np.log1p(-v), axis=1)  # log prod_{h <= k} (1 - V_h)
        log_pi = np.concatenate([np.log(v), np.zeros((c, 1))], axis=1)
        log_pi[:, 1:] += log_rest
        alpha = rng.gamma(options.a_alpha + k_max - 1, 1.0 / (options.b_alpha - log_rest[:, -1]))
        # 5. the unobserved count.
        log_pi0 = logsumexp(log_pi + np.log1p(-lam).sum(axis=1), axis=1)
        p_seen = np.clip(-np.expm1(log_pi0), 1e-300, 1.0)
        counts[:, 0] = rng.negative_binomial(n, p_seen)
        if sweep >= options.burn_in and (sweep - options.burn_in) % options.thin == options.thin - 1:
            kept.append(n + counts[:, 0].astype(float))
            occupied.append((n_k > 0).sum(axis=1))
    return LcmcrPosterior(np.array(kept).T, n, options, np.array(occupied).T)


def split_rhat(draws: np.ndarray) -> float:
    """The split R-hat: each chain cut in two halves, then Gelman & Rubin's potential scale reduction."""
    half = draws.shape[1] // 2
    split = np.vstack([draws[:, :half], draws[:, half : 2 * half]])
    s = split.shape[1]
    within = float(np.mean(np.var(split, axis=1, ddof=1)))
    between = float(s * np.var(np.mean(split, axis=1), ddof=1))
    if within == 0:
        return 1.0 if between == 0 else math.inf
    pooled = (s - 1) / s * within + between / s
    return math.sqrt(pooled / within)


def effective_sample_size(draws: np.ndarray) -> float:
    """Multi-chain ESS with Geyer's initial monotone sequence (Vehtari et al. 2021, section 3.2)."""
    m, s = draws.shape
    centred = draws - draws.mean(axis=1, keepdims=True)
    size = 1 << (2 * s - 1).bit_length()
    spectrum = np.fft.rfft(centred, n=size, axis=1)
    acov = np.fft.irfft(spectrum * np.conj(spectrum), n=size, axis=1)[:, :s] / s
    within = float(np.mean(acov[:, 0] * s / (s - 1)))
    pooled = (s - 1) / s * within + (float(np.var(draws.mean(axis=1), ddof=1)) if m > 1 else 0.0)
    if pooled <= 0:
        return float(m * s)
    rho = 1.0 - (within - acov.mean(axis=0)) / pooled
    rho[0] = 1.0
    tau, previous = -1.0, math.inf
    for t in range(0, s - 1, 2):
        pair = float(rho[t] + rho[t + 1])
        if pair <= 0:
            break
        pair = min(pair, previous)  # monotone
        tau += 2 * pair
        previous = pair
    return float(m * s / max(tau, 1.0 / math.log10(m * s + 10)))
