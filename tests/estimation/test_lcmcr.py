"""The latent-class model (LCMCR) and Chao's lower bound (docs/estimation.md#lcmcr)."""

from __future__ import annotations

import numpy as np
import pytest

from spor.estimation import synthetic
from spor.estimation.chao import chao_lower_bound
from spor.estimation.estimate import estimate_total
from spor.estimation.lcmcr import LcmcrOptions, effective_sample_size, posterior, split_rhat
from spor.estimation.table import CaptureTable

pytestmark = pytest.mark.nodb

# Two latent classes, lists independent within a class: the model LCMCR assumes, with strong
# heterogeneity (30 % find-able at 0.4-0.5 per list, 70 % at 0.18-0.25). 1,000 people, of whom
# about 70 % appear on a list.
LATENT = synthetic.Scenario(
    "latent classes", 1000, (0.3, 0.7), ((0.5, 0.45, 0.5, 0.4), (0.25, 0.2, 0.22, 0.18)), (), modelled=False
)
QUICK = LcmcrOptions(chains=2, burn_in=500, samples=250, thin=2)


def test_it_is_seeded():
    table = synthetic.draw_table(LATENT, 1)
    first, again = posterior(table, QUICK), posterior(table, QUICK)
    assert np.array_equal(first.totals, again.totals)
    other = posterior(table, LcmcrOptions(chains=2, burn_in=500, samples=250, thin=2, seed=99))
    assert not np.array_equal(first.totals, other.totals)


@pytest.mark.slow
def test_the_credible_interval_covers_the_true_size_at_about_its_stated_rate():
    # 20 populations of the scenario. Under the model the 95 % interval should cover about 19 of
    # 20: the count covered is binomial, P(X <= 15 | p = 0.95) = 1.6 %, while an interval that
    # ignores the heterogeneity (independence: about -20 % here, far below the truth) covers none.
    covered, estimates = 0, []
    for seed in range(20):
        result = estimate_total(synthetic.draw_table(LATENT, seed), method="lcmcr", lcmcr_options=QUICK)
        assert result.ci_low is not None and result.ci_high is not None and result.estimate is not None
        covered += result.ci_low <= LATENT.size <= result.ci_high
        estimates.append(result.estimate)
    assert covered >= 16, f"covered {covered} of 20"
    assert abs(np.mean(estimates) / LATENT.size - 1) < 0.08


def test_the_json_has_the_estimate_the_interval_and_the_convergence_checks():
    table = synthetic.draw_table(LATENT, 5)
    data = estimate_total(table, method="lcmcr", lcmcr_options=QUICK).as_json()
    assert data["method"] == "lcmcr" and data["estimator"] == "posterior median"
    assert data["ci_low"] < data["estimate"] < data["ci_high"]
    assert data["interval_kind"] == "latent"
    lcmcr = data["lcmcr"]
    assert lcmcr["chains"] == 2 and lcmcr["draws"] == 500 and lcmcr["prior"]["classes"] == 10
    assert 0.99 < lcmcr["split_rhat"] < 1.2 and lcmcr["ess"] > 20
    assert data["diagnostics"]["lcmcr"]["split_rhat"] == lcmcr["split_rhat"]
    assert data["lower_bound"]["ci_low"] < data["estimate"] < data["lower_bound"]["ci_high"] + 200


def test_a_short_run_warns_that_the_chains_have_not_converged():
    table = synthetic.draw_table(LATENT, 6)
    result = estimate_total(table, method="lcmcr", lcmcr_options=LcmcrOptions(chains=2, burn_in=0, samples=20, thin=1))
    assert "lcmcr_convergence" in [note.key for note in result.notes]


def test_split_rhat_and_ess_behave_on_known_chains():
    rng = np.random.default_rng(3)
    iid = rng.normal(size=(4, 1000))
    assert split_rhat(iid) == pytest.approx(1.0, abs=0.01)
    assert 3000 < effective_sample_size(iid) < 5500
    shifted = iid + np.array([[0.0], [0.0], [1.0], [1.0]])
    assert split_rhat(shifted) > 1.1
    ar = np.zeros((4, 4000))  # AR(1), rho 0.9: ESS about n (1 - rho) / (1 + rho)
    for t in range(1, 4000):
        ar[:, t] = 0.9 * ar[:, t - 1] + rng.normal(size=4)
    assert 16000 * 0.05 * 0.6 < effective_sample_size(ar) < 16000 * 0.05 * 1.5


def test_chao_lower_bound_from_the_people_seen_once_and_twice():
    # 3 lists; f1 = 60, f2 = 20, f3 = 5: n = 85, unseen (2/3) 60² / 40 = 60.
    table = CaptureTable.from_mapping(
        "ABC", {(1, 0, 0): 30, (0, 1, 0): 20, (0, 0, 1): 10, (1, 1, 0): 10, (0, 1, 1): 10, (1, 1, 1): 5}
    )
    bound = chao_lower_bound(table)
    assert (bound.f1, bound.f2) == (60, 20)
    assert bound.total == pytest.approx(145.0)
    assert bound.low > 85 and bound.low < 145 < bound.high
    # variance f2 (k²/4 r⁴ + k² r³ + k/2 r²), k = 2/3, r = 3
    assert bound.variance == pytest.approx(20 * (4 / 9 / 4 * 81 + 4 / 9 * 27 + 1 / 3 * 9))


def test_chao_without_anyone_on_two_lists_uses_the_bias_corrected_form():
    table = CaptureTable.from_mapping("AB", {(1, 0): 10, (0, 1): 5, (1, 1): 0})
    bound = chao_lower_bound(table)
    assert bound.bias_corrected and bound.total == pytest.approx(15 + 0.5 * 15 * 14 / 2)
    assert bound.low >= 15


@pytest.mark.slow
def test_korea_agrees_with_the_latent_class_figure_hrdag_published():
    # Ball, Shin & Yang (2018, HRDAG/TJWG) give 95 % 124-198 for Palembang, about 137 in all
    # (estimates.csv: kind "secondary", method not stated in the summary read; HRDAG's estimates of
    # this kind are LCMCR). No other table in the folder has a published LCMCR figure.
    from .conftest import dataset

    result = estimate_total(dataset("korea_palembang_3lists.csv"), method="lcmcr")
    assert result.estimate is not None and result.ci_low is not None and result.ci_high is not None
    assert 134 <= result.estimate <= 142
    assert result.ci_low == pytest.approx(124, rel=0.02)
    assert result.ci_high == pytest.approx(198, rel=0.1)
    assert result.diagnostics["lcmcr"]["split_rhat"] < 1.01
