"""`spor estimate` and `spor linkage` through the command line (call_command)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from spor.estimation import synthetic
from spor.estimation.table import read_csv

from .conftest import MSE_DIR, dataset

pytestmark = pytest.mark.nodb


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_prints_the_json_keys_of_the_issue():
    dataset("western_us_5lists.csv")
    path = str(MSE_DIR / "western_us_5lists.csv")
    data = json.loads(run("estimate", "--table", path, "--json", "--bootstrap", "0", "--sensitivity-resamples", "0"))
    assert set(data) >= {"method", "model", "observed", "estimate", "dark_figure", "ci_low", "ci_high"}
    assert set(data) >= {"interval", "existence", "warnings", "diagnostics", "sensitivity"}
    assert data["diagnostics"]["never_overlap"] == ["A:B", "B:E"]
    assert data["model"] == ["A:E"]
    assert data["dark_figure"] == pytest.approx(data["estimate"] - 345)
    assert "profile" in data["interval"]


def test_it_writes_a_danish_report_and_no_number_when_too_sparse(tmp_path):
    table = tmp_path / "sparse.csv"
    table.write_text("A,B,count\n1,0,4\n0,1,3\n1,1,0\n")
    data = json.loads(run("estimate", "--table", str(table), "--json", "--out", str(tmp_path / "r")))
    assert data["estimate"] is None and data["dark_figure"] is None
    page = (tmp_path / "r" / "report.html").read_text()
    assert "Data er for tynde" in page
    assert "Ingen model har et endeligt skøn" in page and "no model has" not in page  # warnings in Danish
    assert any("no model has a finite estimate" in w for w in data["warnings"])  # JSON: English
    assert (tmp_path / "r" / "report.pdf").read_bytes().startswith(b"%PDF")


def test_it_writes_the_report_with_the_caveats(tmp_path):
    dataset("korea_palembang_3lists.csv")
    path = str(MSE_DIR / "korea_palembang_3lists.csv")
    run("estimate", "--table", path, "--method", "bic", "--bootstrap", "0", "--out", str(tmp_path), "--lang", "en")
    page = (tmp_path / "report.html").read_text()
    assert "Whitehead et al. (2021)" in page and "Closed population" in page and "<svg" in page
    assert "157" in page


def test_it_runs_the_latent_class_model_with_the_floor_and_the_provenance(tmp_path):
    dataset("korea_palembang_3lists.csv")
    path = str(MSE_DIR / "korea_palembang_3lists.csv")
    out = tmp_path / "lcmcr"
    args = ["--method", "lcmcr", "--lcmcr-chains", "4", "--lcmcr-burn-in", "300", "--lcmcr-samples", "100"]
    data = json.loads(
        run("estimate", "--table", path, *args, "--json", "--sensitivity-resamples", "-1", "--out", str(out))
    )
    assert data["method"] == "lcmcr" and data["interval_kind"] == "latent"
    assert data["ci_low"] < data["estimate"] < data["ci_high"]
    assert data["lcmcr"]["chains"] == 4 and data["lcmcr"]["draws"] == 400 and "split_rhat" in data["lcmcr"]
    assert data["lower_bound"]["f1"] > 0 and data["lower_bound"]["estimate"] >= 123
    provenance = data["provenance"]
    assert provenance["source"] == "korea_palembang_3lists.csv" and provenance["lists"] == ["b", "c", "d"]
    assert provenance["method"] == "lcmcr" and provenance["software"].startswith("Spor")
    page = (out / "report.html").read_text()
    assert "Split R-hat" in page and "Nedre grænse (Chao 1987)" in page and "Oprindelse" in page


def test_it_reports_a_bad_table_with_its_place(tmp_path):
    table = tmp_path / "bad.csv"
    table.write_text("A,B,count\n1,0,-1\n")
    with pytest.raises(CommandError, match=r"bad\.csv:2: count"):
        run("estimate", "--table", str(table))


def test_it_averages_over_graphs_with_an_explicit_prior():
    dataset("spina_bifida_3lists.csv")
    path = str(MSE_DIR / "spina_bifida_3lists.csv")
    args = ["--method", "dga", "--dga-delta", "1", "--dga-prior", "negbin", "--dga-a", "13.14", "--dga-b", "55.17"]
    data = json.loads(run("estimate", "--table", path, "--json", *args, "--dga-missing", "1:300"))
    assert data["estimate"] == pytest.approx(731, rel=0.005)
    # A range that cuts the posterior off is an error, not a silent truncation.
    data = json.loads(run("estimate", "--table", path, "--json", *args, "--dga-missing", "1:150"))
    assert data["estimate"] is None
    assert any("truncated" in w for w in data["warnings"])


def test_it_links_encoded_lists_into_a_capture_table(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a-secret-shared-by-the-partners")
    people = synthetic.population(400, seed=5)
    matrix = synthetic.capture(400, 3, seed=6, base=0.3)
    lists = synthetic.partner_lists(people, matrix, seed=7)
    files = []
    for name, records in zip("PNC", lists, strict=True):
        src = tmp_path / f"{name}.csv"
        rows = [f"{r.person.name},{r.person.birth_date or ''},{r.person.birth_year or ''},{r.person.nationality},"
                f"{r.person.gender}" for r in records]  # fmt: skip
        src.write_text("name,birth_date,birth_year,nationality,gender\n" + "\n".join(rows) + "\n")
        out = tmp_path / f"{name}.clk.json"
        run("linkage", "encode", "--secret-file", str(secret), "--in", str(src), "--out", str(out), "--list", name)
        assert records[0].person.name.split()[0] not in out.read_text()
        files.append(str(out))
    run("linkage", "match", *files, "--out", str(tmp_path / "table.csv"))
    linked = read_csv(tmp_path / "table.csv")
    truth = synthetic.table_from_matrix(matrix, ["P", "N", "C"])
    assert linked.lists == ("P", "N", "C")
    assert abs(linked.observed - truth.observed) <= 0.05 * truth.observed
