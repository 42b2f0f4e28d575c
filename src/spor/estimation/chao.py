"""Chao's lower bound for the total (Chao 1987, Biometrics 43(4):783-791): a floor, not an estimate.

With t lists, f1 people on exactly one list and f2 on exactly two, under heterogeneous catchability
(independent lists, each person their own probability) the unseen number is at least about
((t - 1) / t) f1² / (2 f2). The bound uses the people seen once and twice only, so it holds
whatever the shape of the heterogeneity; it is not a bound when lists depend on each other
positively (a referral route from one list to another inflates f2 and lowers the floor), which
the report says. With f2 = 0 the bias-corrected form ((t - 1) / t) f1 (f1 - 1) / 2 is used. The
95 % interval is Chao's log-normal one on the unseen number, so it never falls below the observed
(docs/estimation.md#chaos-lower-bound).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy.stats import norm

from spor.estimation.table import CaptureTable


@dataclass(frozen=True)
class LowerBound:
    observed: int
    f1: int
    f2: int
    unseen: float
    variance: float
    low: float
    high: float
    bias_corrected: bool

    @property
    def total(self) -> float:
        return self.observed + self.unseen

    def as_json(self) -> dict[str, Any]:
        return {
            "method": "Chao (1987) lower bound" + (", bias-corrected (f2 = 0)" if self.bias_corrected else ""),
            "estimate": round(self.total, 1),
            "ci_low": round(self.low, 1),
            "ci_high": round(self.high, 1),
            "f1": self.f1,
            "f2": self.f2,
        }


def chao_lower_bound(table: CaptureTable, level: float = 0.95) -> LowerBound:
    """The floor n + ((t-1)/t) f1²/(2 f2) with its variance (Chao 1987) and log-normal interval."""
    times_seen = table.histories.sum(axis=1)
    f1 = round(float(table.counts[times_seen == 1].sum()))
    f2 = round(float(table.counts[times_seen == 2].sum()))
    n, k = table.observed, (table.t - 1) / table.t
    if f2 > 0:
        r = f1 / f2
        unseen = k * f1 * f1 / (2 * f2)
        variance = f2 * (k * k * r**4 / 4 + k * k * r**3 + k * r * r / 2)
    else:
        unseen = k * f1 * (f1 - 1) / 2
        variance = k * f1 * (f1 - 1) / 2 + k * k * f1 * (2 * f1 - 1) ** 2 / 4 - k * k * f1**4 / (4 * (n + unseen))
        variance = max(variance, 0.0)
    if unseen <= 0:
        return LowerBound(n, f1, f2, 0.0, 0.0, float(n), float(n), f2 == 0)
    z = float(norm.ppf((1 + level) / 2))
    spread = math.exp(z * math.sqrt(math.log1p(variance / unseen**2)))
    return LowerBound(n, f1, f2, unseen, variance, n + unseen / spread, n + unseen * spread, f2 == 0)
