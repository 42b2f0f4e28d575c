"""Browser journey (docs/web.md#children): an unaccompanied child's decision is refused without a
personal representative, then recorded with one and the child's own views; a mother's child is
recorded from the person page. Each page is checked with axe-core and photographed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from tests.make import make_pending_case, make_person
from tests.web.browser.conftest import login
from tests.web.browser.test_casework_journeys import _case_action, _submit, check, people  # noqa: F401

from spor.cases.models import UnaccompaniedMinor

pytestmark = pytest.mark.django_db(transaction=True)


def test_journey_an_unaccompanied_childs_decision_needs_a_representative(page, live_server, people):  # noqa: F811
    caseworker = people["caseworker"]
    child = make_person(caseworker, given="Minh", family="Tran", birth_date=date(2011, 9, 1), gender="male")
    case = make_pending_case(caseworker, child)

    login(page, caseworker)
    page.goto(reverse("casework:case-detail", args=[case.code]))
    assert page.locator("h1 .child-marker").inner_text() == "Barn"
    check(page, "c1-01-case-of-a-child")
    _case_action(page, "Registrér som uledsaget mindreårig", "c1-02-unaccompanied-form")
    page.locator("#id_municipality").select_option("101")
    page.locator("#id_notified_on").fill("2026-03-04")
    _submit(page, "c1-03-unaccompanied-without-representative")
    assert "ingen: der kan ikke træffes afgørelse" in page.locator("#child ~ dl").first.inner_text()

    _case_action(page, "Registrér afgørelse", "c1-04-decision-form")
    page.locator("#id_identified_0").check()
    page.locator("#id_child_views").fill("Han vil gerne i skole.")
    page.locator("main form button[type=submit].button-primary").click()
    page.wait_for_load_state()
    assert "ingen personlig repræsentant" in page.locator("#error-summary").inner_text()
    check(page, "c1-05-decision-refused")
    assert not case.decisions.exists()

    page.goto(reverse("casework:case-detail", args=[case.code]))
    _case_action(page, "Ret oplysninger om uledsaget mindreårig", "c1-06-unaccompanied-edit")
    page.locator("#id_representative_name").fill("Mette Holm")
    page.locator("#id_representative_org").fill("Røde Kors")
    _submit(page, "c1-07-representative-recorded")
    assert UnaccompaniedMinor.objects.get(case=case).representative_name == "Mette Holm"

    _case_action(page, "Registrér afgørelse", "c1-08-decision-form-again")
    page.locator("#id_identified_0").check()
    page.locator("#id_child_views").fill("Han vil gerne i skole.")
    _submit(page, "c1-09-decision-recorded")
    assert case.decisions.get().child_views.views == "Han vil gerne i skole."


def test_journey_a_child_is_recorded_on_the_person_page(page, live_server, people):  # noqa: F811
    caseworker = people["caseworker"]
    mother = make_person(caseworker, given="Dao", family="Ngoc", birth_year=1990)
    login(page, caseworker)
    page.goto(reverse("casework:person-detail", args=[mother.code]))
    check(page, "c2-01-person-without-children")
    page.locator("#id_child_birth_year").fill("2019")
    page.get_by_role("button", name="Registrér barn").click()
    page.wait_for_load_state()
    check(page, "c2-02-child-recorded")
    assert "Barn født 2019" in page.locator("ul.children").inner_text()
    page.get_by_role("link", name="Fjern barn 1").click()
    check(page, "c2-03-remove-confirmation")
    _submit(page, "c2-04-child-removed")
    assert not mother.children.exists()
