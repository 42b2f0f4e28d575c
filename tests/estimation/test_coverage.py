"""The coverage of the 95 % BCa interval with model selection repeated (docs/estimation.md#validation-and-figures).

The full study (200 replicates x 200 resamples, three scenarios) is `bench/estimation.py
--coverage`; this is its short version on the scenario MSE is meant to handle (synthetic.SCENARIOS
"modelled": heterogeneity from latent classes and dependence from referral routes, as two-list
interactions). It selects by the Home Office rule (AIC): the published stepwise's Poisson-tail test
is conservative with 4,000 people and leaves interactions out, covering 9 of these 30
(docs/estimation.md, "The stepwise rule as published").
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from spor.estimation import synthetic
from spor.estimation.estimate import estimate_total

pytestmark = pytest.mark.nodb

REPLICATES, RESAMPLES = 30, 100
METHOD = "homeoffice"


def covers(seed: int) -> bool:
    scenario = synthetic.SCENARIOS["modelled"]
    result = estimate_total(
        synthetic.draw_table(scenario, seed), method=METHOD, resamples=RESAMPLES, seed=seed, workers=1
    )
    assert result.ci_low is not None and result.ci_high is not None
    return result.ci_low <= scenario.size <= result.ci_high


def test_the_bca_interval_covers_the_true_size_most_of_the_time():
    # The benchmark measured about 87-90 % coverage on this scenario. Over 30 replicates the count
    # covered is binomial: with p = 0.87 its mean is 26.1 and its sd sqrt(30 x 0.87 x 0.13) = 1.8, so
    # 23 (76.7 %) is 1.7 sd below the mean, while a broken interval (the conditional profile interval
    # covers about 60 % in Chan, Silverman & Vincent 2021; an interval ignoring the acceleration or
    # the bias correction shifts by a standard error) falls well below it. The seeds are fixed, so
    # the outcome is reproducible; fewer resamples than the benchmark make the limits noisier.
    with ProcessPoolExecutor(max_workers=2) as pool:
        covered = sum(pool.map(covers, range(500, 500 + REPLICATES)))
    assert covered >= 23, f"covered {covered} of {REPLICATES}"


def test_the_modelled_scenario_is_a_two_list_model_of_the_mixture():
    scenario = synthetic.SCENARIOS["modelled"]
    probs, mixture = synthetic.cell_probabilities(scenario), synthetic.mixture_probabilities(scenario)
    assert probs.sum() == pytest.approx(1) and mixture.sum() == pytest.approx(1)
    # The projection keeps the mixture's margins (a Poisson fit matches the sufficient statistics),
    # hence the share on no list stays close.
    assert probs[0] == pytest.approx(mixture[0], abs=0.01)
    table = synthetic.draw_table(scenario, seed=1)
    assert table.t == 4 and 0.6 * scenario.size < table.observed < 0.85 * scenario.size
