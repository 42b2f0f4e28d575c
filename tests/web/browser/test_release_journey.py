"""Browser journey: the analyst's year (docs/web.md#statistics, docs/statistics.md#releases).

The analyst opens the year, makes a draft, generates every format (a background job whose
progress the page polls), previews the HTML in the page, downloads the PDF, freezes it and sends
it for review; the manager approves and publishes it; a later correction makes a revised release
whose publication prints its note. Each page is checked with axe-core and photographed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.base import make_organisation, make_user
from tests.make import make_identified_case
from tests.web.browser.conftest import check, login

from spor.organisations.models import OrganisationType, Role
from spor.releases.models import Release, ReleaseState
from spor.releases.published import published_load

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "En afgørelse fra marts var ikke registreret."


def generate(page) -> None:
    page.get_by_role("button", name="Dan alle formater").click()
    page.wait_for_load_state()
    # The page polls the job's progress and shows itself again when the files are made: the
    # draft's freeze button is on the whole page only, once the draft is generated.
    page.get_by_role("button", name="Frys udgivelsen").wait_for(timeout=120_000)
    assert "Dannet " in page.locator("section.spor-release").first.inner_text()


def test_journey_the_analysts_year_from_draft_to_revision(page, live_server):
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    alice = make_user("alice", cmm, Role.CASEWORKER)
    anders = make_user("anders", cmm, Role.ANALYST)
    bente = make_user("bente", cmm, Role.MANAGER)
    make_identified_case(alice, on=date(2025, 3, 2))
    published_load(actor=None)

    login(page, anders)
    page.get_by_role("link", name="Årsstatistik").first.click()
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="Vis året").click()
    page.wait_for_load_state()
    check(page, "jr-01-year")
    assert (
        "Sidste år har ingen udgivet statistik: tallene for sidste år er registrets"
        in page.locator("main").inner_text()
    )

    page.get_by_role("button", name="Opret kladde").click()
    page.wait_for_load_state()
    generate(page)
    check(page, "jr-02-generated")

    page.locator("details.spor-preview summary").click()
    preview = page.frame_locator("iframe.spor-preview-frame")
    preview.locator("h1").first.wait_for()
    assert "2025" in preview.locator("h1").first.inner_text()

    with page.expect_download() as caught:
        page.get_by_role("link", name="report.pdf").click()
    assert Path(caught.value.path()).read_bytes()[:4] == b"%PDF"

    page.get_by_role("button", name="Frys udgivelsen").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Send til godkendelse").click()
    page.wait_for_load_state()
    check(page, "jr-03-in-review")
    assert page.get_by_role("button", name="Godkend").count() == 0  # not by the one who froze it

    page.context.clear_cookies()
    login(page, bente)
    page.goto("/analyse/statistik/?year=2025")
    page.get_by_role("button", name="Godkend").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Udgiv").click()
    page.wait_for_load_state()
    check(page, "jr-04-published")
    assert "Årets statistik er udgivelsen revision 1." in page.locator("main").inner_text()
    first = Release.objects.get(year=2025, revision=1)
    assert (first.state, first.frozen_by, first.approved_by) == (ReleaseState.PUBLISHED, anders, bente)

    # A correction: a decision recorded late, a revised release with its note.
    make_identified_case(alice, on=date(2025, 3, 20))
    page.context.clear_cookies()
    login(page, anders)
    page.goto("/analyse/statistik/?year=2025")
    page.locator("#id_note").fill(NOTE)
    page.get_by_role("button", name="Lav en revision").click()
    page.wait_for_load_state()
    generate(page)
    check(page, "jr-05-revision")
    page.locator("details.spor-preview summary").first.click()
    revised = page.frame_locator("iframe.spor-preview-frame").first
    revised.get_by_text(f"Revideret udgave: {NOTE}").wait_for()  # on the front page (and on the back page)
    second = Release.objects.get(year=2025, revision=2)
    assert (second.state, second.revision_note, second.report["identified"]["total"]) == ("draft", NOTE, 2)
    assert Release.objects.get(pk=first.pk).report["identified"]["total"] == 1  # the published one never changes
