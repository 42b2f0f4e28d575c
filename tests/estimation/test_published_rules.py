"""The published rules, draw for draw (docs/estimation.md#validation-and-figures).

The replay fixture holds the 1,000 resamples R's SparseMSE draws for New Orleans (seed 1234) and
its estimate on each; the published stepwise, BCa with type-8 limits, must give the same.
"""

from __future__ import annotations

import io
import json
import warnings

import numpy as np
import pytest
from django.core.management import call_command

from spor.estimation.estimate import SelectedTotal, estimate_total
from spor.estimation.intervals import estimate_all, read_resamples
from spor.estimation.selection import select
from spor.estimation.sensitivity import sensitivity_table

from .conftest import MSE_DIR, dataset

pytestmark = pytest.mark.nodb

RESAMPLES = MSE_DIR / "new_orleans_8lists_n185_resamples_r1234.csv"


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def test_every_replayed_resample_gives_rs_estimate():
    table = dataset("new_orleans_8lists_n185.csv")
    draws = read_resamples(RESAMPLES, table)
    ours = estimate_all(table, SelectedTotal("stepwise"), draws, workers=2)
    theirs = np.loadtxt(MSE_DIR / "new_orleans_8lists_n185_resample_estimates_r1234.csv")
    assert len(ours) == len(theirs) == 1000
    assert np.allclose(ours, theirs, rtol=1e-3), np.flatnonzero(~np.isclose(ours, theirs, rtol=1e-3))


def test_the_replayed_bootstrap_gives_the_published_interval(capfd):
    dataset("new_orleans_8lists_n185.csv")
    path = str(MSE_DIR / "new_orleans_8lists_n185.csv")
    data = run("estimate", "--table", path, "--json", "--resamples", str(RESAMPLES), "--sensitivity-resamples", "-1")
    assert data["estimate"] == pytest.approx(1183.7, rel=1e-3)
    assert data["ci_low"] == pytest.approx(717.2, rel=1e-3)
    assert data["ci_high"] == pytest.approx(1657.6, rel=1e-3)
    boot = data["diagnostics"]["bootstrap"]
    assert boot["acceleration"] == pytest.approx(-0.0293, rel=1e-3, abs=5e-5)
    assert boot["z0"] == pytest.approx(-1.126, rel=1e-3)
    assert boot["replayed"] and boot["resamples"] == 1000
    # The lower limit is the smallest of the 1,000 replicates, and both outputs say so.
    assert boot["single_replicate"] == ["low"] and boot["levels"][0] < 0.01
    assert any("lower limit is a single resample" in w for w in data["warnings"])
    assert data["diagnostics"]["path"][1]["added"] == "D:E"
    assert data["diagnostics"]["path"][1]["p"] < 0.02
    assert len(data["diagnostics"]["never_overlap"]) == 18
    assert "warning" not in capfd.readouterr().err.lower()


def test_korea_takes_the_published_stepwise_path():
    table = dataset("korea_palembang_3lists.csv")
    chosen = select(table, "stepwise")
    assert chosen.fit.model.bracket(3) == "[12,3]"
    assert chosen.fit.total == pytest.approx(268.8, rel=1e-3)


def test_a_never_overlapping_pair_enters_at_minus_infinity():
    # A and B never overlap, though under independence about 9 people would be on both:
    # p = exp(-expected) is tiny, so the pair enters, held at minus infinity.
    from spor.estimation.table import CaptureTable

    counts = {(1, 0, 0): 40, (0, 1, 0): 40, (0, 0, 1): 30, (1, 0, 1): 12, (0, 1, 1): 12, (1, 1, 0): 0, (1, 1, 1): 0}
    table = CaptureTable.from_mapping("ABC", counts)
    chosen = select(table, "stepwise")
    assert (0, 1) in chosen.fit.infinite_terms
    assert chosen.path[1].term == (0, 1) and chosen.path[1].at_infinity
    assert chosen.path[1].p < 0.02
    # The Home Office procedure stops at it: its Wald p is 1.
    assert select(table, "homeoffice").fit.model.terms == frozenset()


def test_stepwise_keeps_main_effects_when_a_list_is_empty():
    table = dataset("new_orleans_8lists_n185.csv")
    counts = table.counts.copy()
    counts[table.histories[:, 1] == 1] = 0  # nobody on B
    result = estimate_total(table.with_counts(counts), resamples=0)
    assert result.model == []
    assert any("keeps the main-effects model" in w for w in result.warnings)


def test_dga_reports_madigan_and_yorks_estimator_with_the_mean_beside_it():
    dataset("spina_bifida_3lists.csv")
    path = str(MSE_DIR / "spina_bifida_3lists.csv")
    args = ["--method", "dga", "--dga-delta", "1", "--dga-prior", "negbin", "--dga-a", "13.14", "--dga-b", "55.17"]
    data = run("estimate", "--table", path, "--json", *args, "--dga-missing", "1:300", "--sensitivity-resamples", "-1")
    assert data["estimate"] == pytest.approx(731.1, abs=0.05)
    assert data["posterior_mean"] == pytest.approx(733.5, abs=0.05)
    assert "equal-tailed" in data["interval"]


def test_the_sensitivity_table_has_a_row_per_variant():
    table = dataset("korea_palembang_3lists.csv")
    rows = sensitivity_table(table, method="stepwise", resamples=0)
    kinds = [row["kind"] for row in rows]
    assert kinds.count("all") == 1 and kinds.count("leave_out") == 3 and kinds.count("merge") == 3
    assert kinds.count("threshold") == 4 and kinds.count("method") == 5  # homeoffice, downhill, bic, dga, lcmcr
    assert kinds[-1] == "lower_bound" and rows[-1]["detail"] == "chao"
    assert all(set(row) >= {"estimate", "ci_low", "ci_high", "model", "lists"} for row in rows)
    merged = next(row for row in rows if row["detail"] == "b+d")
    assert merged["lists"] == ["b+d", "c"]
    assert all(row["ci_low"] <= row["estimate"] <= row["ci_high"] for row in rows if row["estimate"] is not None)


def test_no_numerical_warning_reaches_the_user(capfd, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("new_orleans_8lists_n185.csv", "korea_palembang_3lists.csv", "netherlands_2010_2015_6lists.csv"):
            dataset(name)
            path = str(MSE_DIR / name)
            run(
                "estimate",
                "--table",
                path,
                "--json",
                "--bootstrap",
                "100",
                "--workers",
                "1",
                "--sensitivity-resamples",
                "0",
            )
    captured = capfd.readouterr()
    assert "RuntimeWarning" not in captured.err and "encountered" not in captured.err
