"""Browser journeys 1 and 3 (docs/web.md#browser-tests): a caseworker runs a case from the hotline call to the
departure; a DIS officer decides a case put to DIS. Each page is checked with axe-core and
photographed under test-artifacts/.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.base import make_organisation, make_user
from tests.make import make_case, make_person, make_reintegration_rates
from tests.web.browser.conftest import check, login

from spor.cases import services
from spor.cases.models import AssessmentOutcome, Inquiry
from spor.organisations.models import OrganisationType, Role

pytestmark = pytest.mark.django_db(transaction=True)


def other_page(page, live_server):
    """A second browser context (another user, own cookies) on the same live server."""
    context = page.context.browser.new_context(locale="da-DK", base_url=live_server.url)
    context.set_default_timeout(10_000)
    return context.new_page()


def log_hotline_call(page, *, given: str, family: str):
    """Log a hotline call on the intake page, creating the person with it (keyboard and mouse)."""
    page.goto(reverse("web:intake"))
    check(page, "j1-00-intake")
    page.locator("#id_received_on").fill(timezone.localdate().isoformat())
    page.locator("#id_sender_type").select_option("citizen")
    page.locator("#id_summary").fill("En nabo ringer om en kvinde, der arbejder i en restaurant uden løn.")
    page.locator("#id_person_1").check()
    page.locator("#id_given_name").fill(given)
    page.locator("#id_family_name").fill(family)
    page.locator("#id_nationality").select_option("TH")
    page.locator("#id_gender").select_option("female")
    page.locator("#id_residence_status").select_option("lawful")
    page.get_by_role("button", name="Gem henvendelsen").click()
    page.wait_for_load_state()
    check(page, "j1-00-intake-saved")
    external_id = re.search(r"I-[0-9A-F]{10}", page.locator("main").inner_text()).group(0)
    inquiry = Inquiry.objects.get(external_id=external_id)
    return inquiry, inquiry.persons.get()


@pytest.fixture
def people():
    """The personas of these journeys: a CMM caseworker, a DIS officer and a return officer."""
    make_reintegration_rates()
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    dis = make_organisation("Udlændingestyrelsen", OrganisationType.DIS)
    agency = make_organisation("Hjemrejsestyrelsen", OrganisationType.RETURN_AGENCY)
    return {
        "caseworker": make_user("alice", cmm, Role.CASEWORKER),
        "dis": make_user("ida", dis, Role.IMMIGRATION_OFFICER),
        "return": make_user("rasmus", agency, Role.RETURN_OFFICER),
    }


def _submit(page, name: str) -> None:
    """Submit the page's main form and check the page it lands on."""
    page.locator("main form button[type=submit].button-primary").click()
    page.wait_for_load_state()
    check(page, name)


def _case_action(page, link: str, name: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()
    check(page, name)


def test_journey_1_a_caseworker_runs_a_case_to_the_departure(page, live_server, people):
    login(page, people["caseworker"])
    inquiry, person = log_hotline_call(page, given="Malee", family="Sukhon")

    # Open the case from the inquiry.
    page.goto(reverse("casework:person-detail", args=[person.code]))  # as found by search
    check(page, "j1-01-person-new")
    page.get_by_role("link", name=f"Opret sag {inquiry.external_id}").click()
    check(page, "j1-01-case-open")
    _submit(page, "j1-02-case")
    case = person.cases.get()

    # Assessment: the indicator checklist, the elements of the definition, the outcome.
    _case_action(page, "Registrér udredning", "j1-03-assessment")
    page.locator("#id_ind_deceived_0").check()
    page.locator("#id_note_deceived").fill("lovet arbejde i en restaurant")
    page.locator("#id_ind_debt_0").check()
    page.locator("#id_ind_documents_withheld_0").check()
    for element in ["act", "means", "purpose"]:
        page.locator(f"#id_{element}_0").check()
    page.locator("#id_recommendation").select_option("identify")
    page.locator("#id_outcome").select_option("put_to_decision")
    _submit(page, "j1-04-assessed")
    assert "afventer vurdering" in page.locator("#case-status").inner_text()

    # Put to DIS, then CMM's own decision (lawful residence: CMM is competent).
    _case_action(page, "Forelæg Udlændingestyrelsen", "j1-05-put-to-dis")
    _submit(page, "j1-06-put")
    _case_action(page, "Registrér afgørelse", "j1-07-decision")
    assert page.locator("#id_authority_0").is_checked()  # CMM pre-selected
    page.locator("#id_identified_0").check()
    page.locator("#id_primary_exploitation").select_option("forced_labour")
    _submit(page, "j1-08-decided")
    assert "vurderet udsat for menneskehandel" in page.locator("#case-status").inner_text()

    # Reflection period: grant 30 days, extend to the 120-day limit.
    _case_action(page, "Giv refleksionsperiode", "j1-09-reflection")
    _submit(page, "j1-10-granted")
    _case_action(page, "Forlæng", "j1-11-extend")
    assert "90 dage mere" in page.content()
    page.locator("#id_reason").select_option("prepared_return")
    _submit(page, "j1-12-extended")

    # Consent (referral, disclosure, police report), then accommodation at the crisis centre.
    page.goto(reverse("casework:person-detail", args=[person.code]))
    for purpose in ["referral", "disclosure", "police_report"]:
        page.get_by_role("link", name="Registrér samtykke").click()
        page.locator("#id_purpose").select_option(purpose)
        page.locator("#id_answer_0").check()
        _submit(page, f"j1-13-consent-{purpose}")
    page.goto(reverse("casework:case-detail", args=[case.code]))
    _case_action(page, "Ophold", "j1-14-stay")
    page.locator("#id_type").select_option("reden_crisis_centre")
    _submit(page, "j1-15-stay-added")

    # Prepared return within the rates, checked live while typing.
    _case_action(page, "Forberedt hjemrejse", "j1-16-return-plan")
    page.locator("#id_in_kind_dkk").fill("99999999")
    page.locator("#budget").get_by_text("Naturalier overstiger satsen").wait_for()
    check(page, "j1-17-budget-over")
    page.locator("#id_in_kind_dkk").fill("2000")
    page.locator("#id_cash_dkk").fill("1000")
    page.locator("#budget").get_by_text("inden for satserne").wait_for()
    check(page, "j1-17-budget-ok")
    _submit(page, "j1-18-submitted")

    # Police report, before the person leaves.
    _case_action(page, "Politianmeldelse", "j1-19-police-report")
    page.locator("#id_filed_by_0").check()
    page.locator("#id_legal_basis").select_option("262a")
    page.locator("#id_police_district").select_option("Københavns Politi")
    _submit(page, "j1-20-reported")

    # The return agency approves and records the departure.
    officer = other_page(page, live_server)
    login(officer, people["return"])
    officer.goto(reverse("casework:return-list"))
    check(officer, "j1-21-return-list")
    officer.get_by_role("link", name=case.number).click()
    _case_action(officer, "Godkend eller afvis", "j1-22-return-decide")
    officer.locator("#id_approve_0").check()
    _submit(officer, "j1-23-approved")
    _case_action(officer, "Registrér udrejse", "j1-24-depart")
    _submit(officer, "j1-25-departed")
    assert "udrejst" in officer.locator("#plan-status").inner_text()

    # The person page's timeline shows all of it, with who did it.
    page.goto(reverse("casework:person-detail", args=[person.code]))
    check(page, "j1-26-person")
    timeline = page.locator("#timeline").inner_text()
    for label in [
        "Henvendelse",
        "Sag oprettet",
        "Udredning",
        "Forelagt Udlændingestyrelsen",
        "Center mod Menneskehandel: vurderet udsat",
        "Refleksionsperiode givet",
        "Refleksionsperiode forlænget",
        "Reden Internationals krisecenter",
        "Forberedt hjemrejse ansøgt",
        "Hjemrejseplan afgjort",
        "Udrejst",
        "Politianmeldelse",
    ]:
        assert label in timeline, label
    assert "rasmus" in timeline and "alice" in timeline
    # The identity is shown on request only.
    assert "Sukhon" not in page.content()
    page.get_by_role("button", name="Vis identitet").click()
    page.wait_for_load_state()
    check(page, "j1-27-identity")
    assert "Malee Sukhon" in page.locator("#identity").inner_text()


def test_journey_3_a_dis_officer_decides_a_case_put_to_dis(page, people):
    caseworker = people["caseworker"]
    person = make_person(caseworker, residence_status="unlawful", nationalities=["NG"])
    case = make_case(caseworker, person, opened_on=date(2026, 9, 1))
    assessment = services.assessment_record(
        actor=caseworker, case=case, interview_on=date(2026, 9, 2), indicators={"debt": "yes", "violence": "yes"}
    )
    services.assessment_complete(actor=caseworker, assessment=assessment, outcome=AssessmentOutcome.PUT_TO_DECISION)
    services.case_put_to_dis(actor=caseworker, case=case, on=date(2026, 9, 3))

    login(page, people["dis"])
    page.goto(reverse("casework:dis-list"))
    check(page, "j3-01-dis-list")
    page.get_by_role("link", name=case.number).click()
    page.wait_for_load_state()
    check(page, "j3-02-case")
    assert "2 indikatorer til stede" in page.content()  # the assessment summary
    _case_action(page, "Registrér afgørelse", "j3-03-decision")
    assert page.locator("input[name=authority]").count() == 1  # DIS decides only as DIS
    page.locator("#id_identified_0").check()
    page.locator("#id_primary_exploitation").select_option("sexual_prostitution")
    _submit(page, "j3-04-decided")
    assert "vurderet udsat for menneskehandel" in page.locator("#case-status").inner_text()
    _case_action(page, "Giv refleksionsperiode", "j3-05-reflection")
    _submit(page, "j3-06-granted")
    assert case.reflection_periods.get().granted_by == "dis"
