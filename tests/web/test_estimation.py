"""The analyst's dark-figure page and its kept runs (docs/estimation.md#the-analysts-page)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spor.estimation import synthetic
from spor.estimation.models import EstimateRun, RunStatus
from spor.estimation.runs import run_create, run_execute
from tests.base import SporTestCase

TABLE = synthetic.draw_table(synthetic.SCENARIOS["modelled"], 3)


class EstimatePageTests(SporTestCase):
    def test_only_analysts_reach_the_page(self):
        self.client.force_login(self.caseworker)
        assert self.client.get(reverse("web:estimate-new")).status_code in (403, 404)
        self.client.force_login(self.analyst)
        response = self.client.get(reverse("web:estimate-new"))
        assert response.status_code == 200
        assert "Mørketal" in response.content.decode()

    def test_a_bad_capture_table_is_refused_with_its_file_line_and_column(self):
        self.client.force_login(self.analyst)
        bad = b"A,B,count\n1,0,5\n1,x,3\n0,0,2\n"
        response = self.client.post(
            reverse("web:estimate-new"),
            {
                "source": "upload",
                "table": SimpleUploadedFile("lister.csv", bad, content_type="text/csv"),
                "method": "stepwise",
                "resamples": "0",
                "sensitivity_resamples": "0",
                "population": "identified",
            },
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "lister.csv:3: B: expected 0 or 1, got &#x27;x&#x27;" in page
        assert "lister.csv:4: A: the all-zero history is the unknown" in page
        assert not EstimateRun.objects.exists()

    def test_a_run_keeps_its_inputs_settings_result_and_report(self):
        run = run_create(
            actor=self.analyst,
            table=TABLE,
            inputs={"kind": "upload", "filename": "lister.csv", "data_date": "2026-12-01"},
            method="homeoffice",
            resamples=50,
        )
        run_execute(run)
        run.refresh_from_db()
        assert run.status == RunStatus.DONE and run.progress == 100
        assert run.inputs["table"].startswith("A,B,C,D,count\n")
        assert run.settings == {"method": "homeoffice", "resamples": 50, "sensitivity_resamples": 0, "seed": 1234}
        result = run.result
        assert result is not None
        assert result["estimate"] > TABLE.observed and result["interval_kind"] == "bca"
        assert result["lower_bound"]["f1"] > 0
        assert {row["kind"] for row in result["sensitivity"]} >= {"all", "leave_out", "merge", "method", "lower_bound"}
        assert any(row["detail"] == "lcmcr" for row in result["sensitivity"])
        provenance = result["provenance"]
        assert provenance["data_date"] == "2026-12-01" and provenance["lists"] == ["A", "B", "C", "D"]
        assert provenance["software"].startswith("Spor") and provenance["method"] == "homeoffice"
        assert bytes(run.report_pdf).startswith(b"%PDF")
        assert "Oprindelse" in run.report_html and "lister.csv" in run.report_html

        self.client.force_login(self.analyst)
        page = self.client.get(reverse("web:estimate-run", args=[run.code])).content.decode()
        assert "Nedre grænse (Chao 1987)" in page and "Hvad tallet betyder" in page
        download = self.client.get(reverse("web:estimate-report", args=[run.code, "pdf"]))
        assert download["Content-Disposition"].startswith("attachment") and download.content.startswith(b"%PDF")
        assert self.client.get(reverse("web:estimate-report", args=[run.code, "exe"])).status_code == 404
