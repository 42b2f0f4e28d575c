"""Browser journey (docs/web.md#tracks-and-complexes): a caseworker links two cases into a new case
complex and records its employer; a negative decision is reconsidered and changed; a DIS officer
opens the Immigration Service's own case. Each page is checked with axe-core and photographed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from tests.make import make_identified_case, make_pending_case, make_person
from tests.web.browser.conftest import login
from tests.web.browser.test_casework_journeys import _case_action, _submit, check, people  # noqa: F401

from spor.cases import services
from spor.cases.models import Case, CaseComplex, CaseKeeper, CaseStatus, ReconsiderationOutcome

pytestmark = pytest.mark.django_db(transaction=True)


def test_journey_two_cases_into_a_complex(page, live_server, people):  # noqa: F811
    caseworker = people["caseworker"]
    first = make_identified_case(caseworker, make_person(caseworker, given="Li", family="Wei", nationalities=["CN"]))
    second = make_identified_case(caseworker, make_person(caseworker, given="Mei", family="Lin", nationalities=["CN"]))

    login(page, caseworker)
    page.goto(reverse("casework:case-detail", args=[first.code]))
    _case_action(page, "Sagskompleks", "k1-01-link-new")
    page.locator("#id_name").fill("Massageklinikker, Sjælland")
    page.locator("#id_kind").select_option("network")
    page.locator("#id_police_reference").fill("0100-79531-00017")
    _submit(page, "k1-02-linked")
    assert "Massageklinikker, Sjælland" in page.locator("#case-complexes").inner_text()

    page.goto(reverse("casework:case-detail", args=[second.code]))
    _case_action(page, "Sagskompleks", "k1-03-link-existing")
    page.locator("#id_complex").select_option(label="Massageklinikker, Sjælland")
    _submit(page, "k1-04-linked")
    page.get_by_role("link", name="Massageklinikker, Sjælland").click()
    page.wait_for_load_state()
    check(page, "k1-05-complex")
    listed = page.locator("#complex-cases").inner_text()
    assert first.number in listed and second.number in listed

    page.locator("#id_name").fill("Wellness ApS")
    page.locator("#id_cvr").fill("31234566")
    page.get_by_role("button", name="Knyt virksomhed til komplekset").click()
    page.wait_for_load_state()
    check(page, "k1-06-bad-cvr")
    assert "kontrolcifferet" in page.locator("#error-summary").inner_text()
    page.locator("#id_cvr").fill("31234565")
    _submit(page, "k1-07-employer")
    assert "31234565" in page.locator("#complex-employers").inner_text()
    assert CaseComplex.objects.get().cases.count() == 2


def test_journey_a_negative_decision_reconsidered(page, live_server, people):  # noqa: F811
    caseworker = people["caseworker"]
    case = make_pending_case(caseworker, make_person(caseworker, given="Ada", family="Okoro", nationalities=["NG"]))
    services.decision_record(
        actor=caseworker, case=case, authority="cmm", decided_on=date(2026, 3, 5), identified=False
    )

    login(page, caseworker)
    page.goto(reverse("casework:case-detail", args=[case.code]))
    check(page, "g1-01-not-identified")
    _case_action(page, "Anmod om genvurdering", "g1-02-request")
    page.locator("#id_requested_on").fill("2026-03-20")
    page.locator("#id_requested_by").select_option("lawyer")
    _submit(page, "g1-03-requested")
    assert page.locator("#case-status").inner_text() == "genvurdering anmodet"
    _case_action(page, "Afgør genvurdering", "g1-04-decide")
    page.locator("#id_decided_on").fill("2026-04-01")
    page.locator("#id_changed_0").check()
    page.locator("#id_reasoning").fill("Nye oplysninger fra advokaten.")
    _submit(page, "g1-05-changed")
    assert page.locator("#case-status").inner_text() == "vurderet udsat for menneskehandel"
    assert "ændret: vurderet udsat" in page.locator("#case-reconsiderations").inner_text()
    case.refresh_from_db()
    assert case.status == CaseStatus.IDENTIFIED
    assert case.decisions.get(identified=False).reconsiderations.get().outcome == ReconsiderationOutcome.CHANGED


def test_journey_dis_opens_its_own_case(page, live_server, people):  # noqa: F811
    login(page, people["dis"])
    page.goto(reverse("casework:dis-list"))
    page.get_by_role("link", name="Opret Udlændingestyrelsens egen sag").click()
    page.wait_for_load_state()
    check(page, "d1-01-dis-own-case")
    page.locator("#id_given_name").fill("Minh")
    page.locator("#id_gender").select_option("male")
    page.locator("#id_nationality").select_option("VN")
    page.locator("#id_residence_status").select_option("asylum_seeker")
    _submit(page, "d1-02-opened")
    assert "Udlændingestyrelsen (egen sag)" in page.locator("#case-kept-by").inner_text()
    assert Case.objects.get().kept_by == CaseKeeper.DIS
