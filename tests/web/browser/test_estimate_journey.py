"""Browser journey: an analyst estimates the dark figure from an uploaded table (docs/estimation.md#the-analysts-page).

The analyst opens the dark-figure page from "Statistik og analyse", first uploads a table with a
bad row (the error names the file, the line and the column), then a good one; the run page shows
the progress while the background run works, then the estimate, Chao's floor, the caveats in
Danish, the sensitivity table and the provenance; the report downloads as a PDF, and the run is
listed among the kept runs. Each page is checked with axe-core and photographed.
"""

from __future__ import annotations

import pytest
from tests.base import make_organisation, make_user
from tests.web.browser.conftest import check, login

from spor.estimation import synthetic
from spor.estimation.models import EstimateRun, RunStatus
from spor.estimation.table import to_csv
from spor.organisations.models import OrganisationType, Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_journey_an_analyst_estimates_the_dark_figure(page, live_server, tmp_path):
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    analyst = make_user("anders", cmm, Role.ANALYST)
    bad = tmp_path / "lister-fejl.csv"
    bad.write_text("A,B,C,count\n1,0,0,10\n1,2,0,3\n", encoding="utf-8")
    good = tmp_path / "lister.csv"
    good.write_text(to_csv(synthetic.draw_table(synthetic.SCENARIOS["modelled"], 7)), encoding="utf-8")

    login(page, analyst)
    page.get_by_role("link", name="Statistik og analyse").first.click()
    page.get_by_role("link", name="Mørketal: skøn over antallet af ofre").click()
    page.wait_for_load_state()
    check(page, "je-01-moerketal")

    page.get_by_label("En overlapstabel (CSV)").check()
    page.locator("#id_table").set_input_files(str(bad))
    page.locator("#estimate-start").click()
    page.wait_for_load_state()
    assert "lister-fejl.csv:3: B: expected 0 or 1, got '2'" in page.locator("main").inner_text()
    check(page, "je-02-fejl")
    assert not EstimateRun.objects.exists()

    page.get_by_label("En overlapstabel (CSV)").check()
    page.locator("#id_table").set_input_files(str(good))
    page.locator("#id_method").select_option("homeoffice")
    page.locator("#id_resamples").select_option("200")
    page.locator("#estimate-start").click()
    page.wait_for_load_state()
    assert "/analyse/moerketal/" in page.url
    run = EstimateRun.objects.get()
    if run.status != RunStatus.DONE:  # the background run may already be over on a fast machine
        assert page.locator("#estimate-status").count() == 1
    page.locator("#estimate-figures").wait_for(timeout=300_000)
    main = page.locator("main").inner_text()
    assert "Skøn over det samlede antal" in main and "Nedre grænse (Chao 1987)" in main
    assert "Lukket population" in main and "Whitehead" in main
    assert "Uden listen A" in main and "Lister slået sammen: A+B" in main
    assert "Oprindelse" in main and "lister.csv" in main
    check(page, "je-03-resultat")

    with page.expect_download() as download:
        page.locator("#report-pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Ny kørsel og tidligere kørsler").click()
    page.wait_for_load_state()
    assert "lister.csv" in page.locator("#estimate-runs").inner_text()
