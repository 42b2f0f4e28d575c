"""Inquiry journeys (docs/web.md#inquiry-page): from the queue to a person and a case; closing without a case.

Each page is checked with axe-core and photographed under test-artifacts/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.base import make_organisation, make_user
from tests.make import make_referral
from tests.web.browser.conftest import check, login

from spor.cases import services
from spor.cases.models import Case
from spor.organisations.models import OrganisationType, Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people():
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    ngo = make_organisation("Reden International", OrganisationType.NGO)
    return {
        "caseworker": make_user("alice", cmm, Role.CASEWORKER),
        "manager": make_user("bente", cmm, Role.MANAGER),
        "ngo": make_user("nina", ngo, Role.REFERRER),
    }


def test_a_caseworker_turns_the_newest_referral_into_a_case(page, people):
    caseworker = people["caseworker"]
    older = services.inquiry_register(
        actor=caseworker,
        received_on=timezone.localdate() - timedelta(days=9),
        channel="hotline",
        sender_type="ngo",
        summary="Et ældre opkald.",
    )
    referral = make_referral(
        people["ngo"],
        summary="Kvinde på massageklinik, pas inddraget.",
        given_name="Olena",
        family_name="Kovalenko",
        nationalities=["UA"],
    )
    login(page, caseworker)
    page.goto(reverse("web:inquiry-queue"))
    check(page, "inq-01-queue")
    rows = page.locator("main table tbody tr")
    assert referral.external_id in rows.first.inner_text()
    assert older.external_id in rows.last.inner_text()

    rows.first.get_by_role("link", name=referral.external_id).click()
    page.wait_for_load_state()
    check(page, "inq-02-inquiry")
    assert "pas inddraget" in page.locator("#inquiry-summary").inner_text()
    assert page.locator("#id_given_name").input_value() == "Olena"

    page.get_by_role("button", name="Knyt personen til henvendelsen").click()
    page.wait_for_load_state()
    check(page, "inq-03-person-attached")
    page.get_by_role("link", name="Opret sag").click()
    page.wait_for_load_state()
    check(page, "inq-04-case-open")
    page.locator("main form button[type=submit].button-primary").click()
    page.wait_for_load_state()
    check(page, "inq-05-case")
    case = Case.objects.get()
    assert page.url.endswith(reverse("casework:case-detail", args=[case.code]))
    assert "Sagen er oprettet." in page.locator("body").inner_text()
    assert case.inquiries.get() == referral


def test_an_inquiry_closed_as_advice_given_leaves_the_open_queue(page, people):
    caseworker = people["caseworker"]
    inquiry = services.inquiry_register(
        actor=caseworker, received_on=timezone.localdate(), channel="hotline", sender_type="ngo", summary="Spørgsmål."
    )
    services.inquiry_assign(actor=people["manager"], inquiry=inquiry, assignee=caseworker)
    login(page, caseworker)
    page.goto(reverse("web:inquiry-mine"))
    check(page, "inq-11-mine")
    page.get_by_role("link", name=inquiry.external_id).click()
    page.wait_for_load_state()
    page.get_by_label("rådgivning givet").check()
    page.locator("#id_note").fill("Rådgivet om rettigheder.")
    page.get_by_role("button", name="Afslut henvendelsen").click()
    page.wait_for_load_state()
    check(page, "inq-12-closed")
    assert "rådgivning givet" in page.locator("#inquiry-outcome").inner_text()
    page.goto(reverse("web:inquiry-queue") + "?state=assigned")
    assert inquiry.external_id not in page.locator("main").inner_text()
    page.goto(reverse("web:inquiry-mine") + "?state=assigned")
    assert inquiry.external_id not in page.locator("main").inner_text()


def test_a_manager_assigns_from_the_team_view_and_it_shows_on_mine(page, live_server, people):
    inquiry = services.inquiry_register(
        actor=people["caseworker"],
        received_on=timezone.localdate() - timedelta(days=4),
        channel="email",
        sender_type="police",
        summary="Politiet spørger om en sag.",
    )
    login(page, people["manager"])
    page.goto(reverse("web:inquiry-team"))
    check(page, "inq-21-team")
    row = page.locator("#unassigned ~ table tbody tr", has_text=inquiry.external_id)
    row.locator("select").select_option(label="alice")
    row.get_by_role("button", name="Giv").click()
    page.wait_for_load_state()
    check(page, "inq-22-assigned")
    assert page.url.endswith(reverse("web:inquiry-team"))

    context = page.context.browser.new_context(locale="da-DK", base_url=live_server.url)
    other = context.new_page()
    login(other, people["caseworker"])
    other.goto(reverse("web:inquiry-mine"))
    check(other, "inq-23-mine")
    assert inquiry.external_id in other.locator("main table").inner_text()
    context.close()
