"""Browser journey: the case page says what comes next, through consent, reflection, closing
and reopening (docs/web.md#next-step). Each page is checked with axe-core and photographed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.base import make_organisation, make_user
from tests.make import make_case, make_person, make_reintegration_rates
from tests.web.browser.conftest import login
from tests.web.browser.test_casework_journeys import _submit, check

from spor.cases.models import Case
from spor.organisations.models import OrganisationType, Role

pytestmark = pytest.mark.django_db(transaction=True)


def _next_step(page, expected: str, name: str) -> None:
    """The case page names `expected` as the next step; follow its link."""
    banner = page.locator("#next-step")
    assert expected in banner.inner_text(), banner.inner_text()
    banner.get_by_role("link").click()
    page.wait_for_load_state()
    check(page, name)


def _message(page) -> str:
    return page.locator("main").inner_text()


def test_journey_the_case_page_leads_from_assessment_to_closing_and_reopening(page):
    make_reintegration_rates()
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    caseworker = make_user("alice", cmm, Role.CASEWORKER)
    case = make_case(caseworker, make_person(caseworker), opened_on=timezone.localdate())
    login(page, caseworker)
    page.goto(reverse("casework:case-detail", args=[case.code]))
    check(page, "j4-01-case")

    # Told the next step: the assessment; put it to decision.
    _next_step(page, "registrér udredning", "j4-02-assessment")
    page.locator("#id_ind_deceived_0").check()
    page.locator("#id_outcome").select_option("put_to_decision")
    _submit(page, "j4-03-assessed")
    assert "Næste skridt: registrér afgørelse" in _message(page)

    # The decision, now that the assessment is put to decision.
    _next_step(page, "registrér afgørelse", "j4-04-decision")
    page.locator("#id_identified_0").check()
    _submit(page, "j4-05-decided")
    assert "Næste skridt: giv refleksionsperiode" in _message(page)
    assert page.locator("[data-action=decision]").count() == 0  # decided: no second decision offered

    # The prepared return needs consent to disclosure: the page says so before the form.
    page.locator("[data-action=return_plan]").click()
    page.wait_for_load_state()
    check(page, "j4-06-consent-prompt")
    assert "videregivelse til andre organisationer" in page.locator("#consent-prompt").inner_text()
    page.locator("#consent-record-link").click()
    page.wait_for_load_state()
    check(page, "j4-07-consent")
    assert page.locator("#id_purpose").input_value() == "disclosure"
    page.locator("#id_answer_0").check()
    _submit(page, "j4-08-back-at-the-step")
    assert page.url.endswith(reverse("casework:return-plan-submit", args=[case.code]))
    assert page.locator("#consent-prompt").count() == 0
    assert "Samtykket er registreret" in _message(page)

    # Grant the reflection period from the case page.
    page.goto(reverse("casework:case-detail", args=[case.code]))
    _next_step(page, "giv refleksionsperiode", "j4-09-reflection")
    _submit(page, "j4-10-granted")
    assert "Refleksionsperioden er givet. Næste skridt: forberedt hjemrejse." in _message(page)

    # Close with an exit; the confirmation says what was recorded and what follows.
    page.locator("[data-action=close]").click()
    page.wait_for_load_state()
    check(page, "j4-11-close")
    page.get_by_label("opholdstilladelse").check()
    _submit(page, "j4-12-closed")
    text = _message(page)
    assert "Sagen er afsluttet. Afslutning: opholdstilladelse. Fristen for sletning" in text, text
    assert "afsluttet" in page.locator("#case-status").inner_text()
    assert [a.get_attribute("data-action") for a in page.locator("#case-actions a").all()] == ["reopen"]

    # A step the closed case does not allow is refused with a clear message.
    page.goto(reverse("casework:reflection-grant", args=[case.code]))
    check(page, "j4-13-refused")
    assert "kan ikke lade sig gøre på sagen nu" in page.locator("#refused").inner_text()

    # Reopen with a reason: back where the records leave it.
    page.goto(reverse("casework:case-detail", args=[case.code]))
    page.locator("[data-action=reopen]").click()
    page.wait_for_load_state()
    check(page, "j4-14-reopen")
    page.locator("#id_reason").fill("Personen henvender sig igen med nye oplysninger.")
    _submit(page, "j4-15-reopened")
    assert "Sagen er genåbnet. Næste skridt: forberedt hjemrejse." in _message(page)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.exit, stored.closed_on) == ("identified", "", None)
