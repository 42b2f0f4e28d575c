"""Browser journey (docs/web.md#prepared-return): the caseworker makes a return plan choosing the
travelling child and the reintegration kind, the return officer approves and records the departure,
the caseworker records a follow-up. Each page is checked with axe-core and photographed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.make import make_consent, make_identified_case, make_person
from tests.web.browser.conftest import login
from tests.web.browser.test_casework_journeys import _case_action, _submit, check, other_page, people  # noqa: F401

from spor.cases.models import ReturnPlan
from spor.people import services as persons

pytestmark = pytest.mark.django_db(transaction=True)


def test_journey_a_return_with_a_child_then_a_follow_up(page, live_server, people):  # noqa: F811
    caseworker = people["caseworker"]
    person = make_person(caseworker, given="Dao", family="Ngoc")
    case = make_identified_case(caseworker, person)
    make_consent(caseworker, person)
    persons.child_add(actor=caseworker, person=person, birth_year=2018)
    persons.child_add(actor=caseworker, person=person, birth_year=2012)

    login(page, caseworker)
    page.goto(reverse("casework:case-detail", args=[case.code]))
    _case_action(page, "Forberedt hjemrejse", "r1-01-return-plan")
    page.locator("#id_destination").select_option("VN")
    page.get_by_label("Barn født 2018").check()
    page.get_by_label("uddannelse").check()
    page.locator("#id_partner").fill("Hagar Vietnam")
    page.locator("#id_in_kind_dkk").fill("49000")
    page.locator("#id_cash_dkk").fill("10000")
    page.locator("#budget").get_by_text("inden for satserne").wait_for()
    check(page, "r1-02-budget-with-child")
    _submit(page, "r1-03-submitted")
    plan = ReturnPlan.objects.get(case=case)
    assert plan.children == 1 and plan.reintegration == ["education"]

    officer = other_page(page, live_server)
    login(officer, people["return"])
    officer.goto(reverse("casework:return-list"))
    check(officer, "r1-04-return-list")
    officer.get_by_role("link", name=case.number).click()
    check(officer, "r1-05-plan")
    assert "Barn født 2018" in officer.locator("#plan-children").inner_text()
    assert "uddannelse" in officer.locator("#plan-reintegration").inner_text()
    _case_action(officer, "Godkend eller afvis", "r1-06-decide")
    officer.locator("#id_approve_0").check()
    _submit(officer, "r1-07-approved")
    _case_action(officer, "Registrér udrejse", "r1-08-depart")
    _submit(officer, "r1-09-departed")
    assert "Registrér opfølgning" not in officer.content()

    page.goto(reverse("casework:return-detail", args=[plan.code]))
    check(page, "r1-10-plan-departed")
    _case_action(page, "Registrér opfølgning", "r1-11-follow-up")
    page.get_by_label("via partneren").check()
    page.get_by_label("i kontakt").check()
    page.locator("#id_note").fill("Går i skole igen.")
    _submit(page, "r1-12-followed-up")
    assert "i kontakt" in page.locator("#follow-ups").inner_text()
    assert "Går i skole igen." in page.locator("#follow-ups").inner_text()
