"""Validation against the published estimates (docs/estimation.md#validation-and-figures).

Points must match within 0.5 %. BCa limits are Monte Carlo: the reduced check here runs a few
hundred resamples on the fastest table; the full 1,000-resample checks are in bench/estimation.py.
"""

from __future__ import annotations

import pytest

from spor.estimation.estimate import estimate_total
from spor.estimation.intervals import profile_interval
from spor.estimation.loglinear import NO_MLE, NOT_IDENTIFIABLE, OK, Model, check
from spor.estimation.selection import select

from .conftest import dataset

pytestmark = pytest.mark.nodb

POINTS = [
    # dataset, method, max_order, published total, published model (CSV 2021 bracket notation)
    ("new_orleans_8lists_n185.csv", "stepwise", None, 1184, "[1,2,3,45,6,7,8]"),
    ("new_orleans_5lists_n185.csv", "stepwise", None, 1034, "[1,2,3,4,5]"),
    ("western_us_5lists.csv", "stepwise", None, 2483, "[15,2,3,4]"),
    ("uk_2013_6lists.csv", "homeoffice", None, 11409, "[12,13,24,25,35,36,45]"),
    ("uk_2013_6lists.csv", "stepwise", None, 11418, "[12,13,24,25,35,36,45]"),
    ("uk_2013_5lists.csv", "bic", 4, 25311, "[123,25,34]"),
    ("uk_2013_5lists.csv", "bic", 2, 22991, "[12,13,23,25,34]"),
    ("uk_2013_5lists.csv", "downhill", None, 12262, None),
    ("uk_2013_6lists.csv", "downhill", 2, 12350, None),
    ("new_orleans_8lists_n186.csv", "downhill", None, 1110, None),
    ("new_orleans_5lists_n186.csv", "bic", 2, 981, "[1,2,3,4,5]"),
    ("kosovo_1999_4lists.csv", "bic", None, 10357, "[123,14,34]"),
    ("kosovo_1999_4lists.csv", "bic", 2, 14342, "[12,13,14,23,34]"),
    ("korea_palembang_3lists.csv", "bic", 2, 157, "[12,23]"),
]


@pytest.mark.parametrize(("name", "method", "max_order", "published", "model"), POINTS)
def test_it_reproduces_the_published_point(name, method, max_order, published, model):
    table = dataset(name)
    chosen = select(table, method, max_order=max_order).fit
    assert chosen.total == pytest.approx(published, rel=0.005)
    if model:
        assert chosen.model.bracket(table.t) == model


def test_it_puts_uk_six_lists_in_the_home_office_range():
    table = dataset("uk_2013_6lists.csv")
    result = estimate_total(table, method="homeoffice", resamples=0)
    assert 10_000 <= result.estimate <= 13_000
    assert result.ci_low == pytest.approx(9982, rel=0.005)
    assert result.ci_high == pytest.approx(13182, rel=0.005)


def test_it_gives_the_new_orleans_main_effects_figure():
    table = dataset("new_orleans_8lists_n185.csv")
    status = check(table, Model())
    assert status == OK
    assert select(table, "stepwise").candidates[Model()] == OK
    from spor.estimation.loglinear import fit

    assert fit(table, Model()).total == pytest.approx(997, rel=0.005)


# CSV 2021 Table 2: the artificial example's codes, and Korea's two failing models.


@pytest.mark.parametrize(
    ("terms", "code"),
    [
        ([(0, 1), (0, 2), (1, 2)], NOT_IDENTIFIABLE),
        ([(0, 1)], NO_MLE),
        ([(0, 1), (0, 2)], NO_MLE),
        ([(0, 2), (1, 2)], OK),
        ([(0, 2)], OK),
        ([], OK),
    ],
)
def test_it_codes_the_artificial_example(terms, code):
    table = dataset("artificial_3lists.csv")
    assert check(table, Model.of(*terms)) == code


def test_it_finds_two_failing_models_in_korea():
    table = dataset("korea_palembang_3lists.csv")
    selection = select(table, "bic", max_order=2)
    assert len(selection.candidates) == 8
    assert sorted(m.bracket(3) for m in selection.failing) == ["[12,13,23]", "[12,13]"]


def test_it_refuses_to_fit_a_model_without_an_estimate():
    table = dataset("artificial_3lists.csv")
    with pytest.raises(ValueError, match="no finite estimate"):
        profile_interval(table, Model.of((0, 1)))


def test_it_repeats_selection_in_a_seeded_bca_bootstrap():
    # Reduced check (300 resamples, a fixed seed): published 95 % BCa (1,293; 3,670). With the
    # published stepwise rule this seed gives (1,269; 3,754); the old likelihood-ratio rule was 10-20 %
    # off. The lower limit is the smallest replicate, so 5 % (the draw-for-draw check is the replay test).
    table = dataset("western_us_5lists.csv")
    first = estimate_total(table, method="stepwise", resamples=300, seed=11, workers=1)
    again = estimate_total(table, method="stepwise", resamples=300, seed=11, workers=2)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.ci_low == pytest.approx(1293, rel=0.05)
    assert first.ci_high == pytest.approx(3670, rel=0.05)
    assert "BCa" in first.interval
