"""Browser journey (docs/web.md#victims-rights): a caseworker records why no police report is filed
and a temporary residence permit under § 9 c, stk. 4, from application to a granted permit. Each
page is checked with axe-core and photographed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.make import make_consent, make_identified_case, make_person
from tests.web.browser.conftest import login
from tests.web.browser.test_casework_journeys import _case_action, _submit, check, people  # noqa: F401

from spor.cases.models import ResidencePermit
from spor.people.models import ConsentPurpose

pytestmark = pytest.mark.django_db(transaction=True)


def test_journey_a_reason_for_not_reporting_and_a_residence_permit(page, live_server, people):  # noqa: F811
    caseworker = people["caseworker"]
    person = make_person(caseworker, given="Ana", family="Popescu")
    case = make_identified_case(caseworker, person)

    login(page, caseworker)
    page.goto(reverse("casework:case-detail", args=[case.code]))
    check(page, "rt-01-case")
    assert "ingen begrundelse registreret" in page.locator("#no-report").inner_text()
    _case_action(page, "Registrér hvorfor der ikke anmeldes", "rt-02-no-report-form")
    page.get_by_label("udnyttelsen ligger flere år tilbage").check()
    _submit(page, "rt-03-no-report-recorded")
    assert "udnyttelsen ligger flere år tilbage" in page.locator("#no-report").inner_text()

    # The application needs the person's consent to a report in their own name: the page says so.
    _case_action(page, "Registrér ansøgning", "rt-04-permit-without-consent")
    assert "politianmeldelse i eget navn" in page.locator("main").inner_text()
    make_consent(caseworker, person, ConsentPurpose.POLICE_REPORT)
    page.reload()
    page.locator("#id_applied_on").fill("2026-04-01")
    _submit(page, "rt-05-permit-applied")
    assert "afventer afgørelse" in page.locator("#rettigheder").inner_text()

    _case_action(page, "Registrér afgørelse", "rt-06-permit-decide")
    page.locator("#id_decided_on").fill("2026-05-01")
    page.locator("#id_granted_0").check()
    page.locator("#id_valid_from").fill("2026-05-01")
    page.locator("#id_valid_to").fill("2026-10-31")
    _submit(page, "rt-07-permit-granted")
    permit = ResidencePermit.objects.get(case=case)
    assert (permit.granted, str(permit.valid_to)) == (True, "2026-10-31")
    assert "31. oktober 2026" in page.locator("#rettigheder").inner_text()
