"""Browser journeys 2 and 4 (docs/web.md#browser-tests), in Debian's Chromium against a live server.

2. A referrer logs in (TOTP enrolment included), submits a referral with a double click, sees
   one referral and its status, and gets the 404 page for another organisation's referral.
4. The Danish/English switch; a form error that keeps what was typed (with the live duplicate
   check on the way); the session ending after the idle time-out.
Every page visited is checked with axe-core and photographed in test-artifacts/.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from tests.base import make_organisation, make_user
from tests.make import make_person
from tests.web.browser.conftest import axe, login, shot

from spor.cases import services
from spor.cases.models import Inquiry
from spor.organisations.models import OrganisationType, Role


@pytest.fixture
def people(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    police = make_organisation("Københavns Politi", OrganisationType.POLICE_DISTRICT)
    ngo = make_organisation("Reden International", OrganisationType.NGO)
    return {
        "caseworker": make_user("alice", cmm, Role.CASEWORKER),
        "police": make_user("peter", police, Role.REFERRER),
        "ngo": make_user("nina", ngo, Role.REFERRER),
    }


def check(page, name: str) -> None:
    shot(page, name)
    axe(page)


def test_journey_2_a_referrer_refers_and_follows_only_its_own(page, people):
    theirs, _ = services.referral_submit(actor=people["ngo"], sender_type="ngo", summary="NGO-henvisning")
    page.goto("/login/")
    check(page, "j2-01-login")
    login(page, people["police"])
    check(page, "j2-02-my-referrals")
    assert page.locator("main h1").inner_text() == "Mine henvisninger"

    page.get_by_role("link", name="Ny henvisning").first.click()
    check(page, "j2-03-form")
    page.locator("#id_summary").fill("Tre mænd bor på en byggeplads og får ingen løn.")
    page.get_by_label("ja, personen har givet samtykke").check()
    page.locator("main form button[type=submit]").dblclick()  # the double click of the issue
    page.wait_for_url("**/henvisning/*/")
    page.wait_for_load_state("networkidle")  # the second click's answer navigates once more
    check(page, "j2-04-received")
    assert "modtaget" in page.locator(".alert").first.inner_text()
    assert page.locator("#referral-status").inner_text() == "modtaget"
    assert Inquiry.objects.filter(referred_by=people["police"].organisation).count() == 1

    page.get_by_role("link", name="Tilbage til Mine henvisninger").click()
    check(page, "j2-05-list")
    assert page.locator("#referrals tbody tr").count() == 1

    response = page.goto(f"/henvisning/{theirs.code}/")
    assert response.status == 404
    check(page, "j2-06-not-theirs")
    assert "NGO-henvisning" not in page.content()


def test_journey_4_language_form_errors_and_time_out(page, people):
    make_person(people["caseworker"], given="Ana", family="Popescu", nationalities=["RO"])
    login(page, people["caseworker"])
    check(page, "j4-01-my-work")
    assert page.locator("main h1").inner_text() == "Mit arbejde"

    # The switch to English and back keeps the page.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    check(page, "j4-02-english")
    assert page.locator("main h1").inner_text() == "My work"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Dansk").click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "Mit arbejde"

    # Hotline intake with the keyboard: duplicates appear while typing; a missing sender is an
    # error that keeps everything typed.
    page.get_by_role("link", name="Hotline", exact=True).click()
    check(page, "j4-03-intake")
    page.locator("#id_summary").fill("Nabo ringer om en frisørsalon.")
    page.locator("#id_person_1").check()
    page.locator("#id_given_name").fill("Ana")
    page.locator("#id_family_name").press_sequentially("Popescu")
    page.locator("#duplicates").get_by_text("mulig dublet").wait_for()
    check(page, "j4-04-duplicates")
    page.locator("#id_family_name").press("Enter")
    page.wait_for_load_state()
    check(page, "j4-05-error")
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_sender_type"
    assert page.locator("#id_summary").input_value() == "Nabo ringer om en frisørsalon."
    assert page.locator("#id_family_name").input_value() == "Popescu"
    page.locator("#id_sender_type").select_option("citizen")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check(page, "j4-06-saved")
    assert "er registreret" in page.locator(".alert").first.inner_text()

    # 30 minutes without activity end the session (the expiry is moved, not waited for).
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    page.goto("/soeg/")
    check(page, "j4-07-timed-out")
    assert page.locator("main h1").inner_text() == "Log ind"
