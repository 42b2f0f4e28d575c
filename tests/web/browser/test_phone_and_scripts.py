"""Phone width and a hotline call in another script (docs/web.md#phone-width, docs/web.md#hotline-intake).

- At 390 px every main page of each role keeps its navigation, the user's name and "Log ud" (the
  DKFDS mobile drawer behind the Menu button).
- A hotline call with a Cyrillic name finds the person registered in Latin script; the caseworker
  reveals the suggestion's name and birth date (read-logged) and picks the person.
"""

from __future__ import annotations

from datetime import date

import pytest
from tests.base import make_organisation, make_user
from tests.make import make_case, make_person
from tests.web.browser.conftest import axe, login, shot

from spor.audit.models import ReadLog
from spor.cases.models import Inquiry
from spor.organisations.models import OrganisationType, Role

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def staff(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    cmm = make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    dis = make_organisation("Udlændingestyrelsen", OrganisationType.DIS)
    agency = make_organisation("Hjemrejsestyrelsen", OrganisationType.RETURN_AGENCY)
    police = make_organisation("Københavns Politi", OrganisationType.POLICE_DISTRICT)
    return {
        "caseworker": make_user("alice", cmm, Role.CASEWORKER),
        "manager": make_user("bente", cmm, Role.MANAGER),
        "analyst": make_user("anders", cmm, Role.ANALYST),
        "referrer": make_user("peter", police, Role.REFERRER),
        "immigration_officer": make_user("ida", dis, Role.IMMIGRATION_OFFICER),
        "return_officer": make_user("rasmus", agency, Role.RETURN_OFFICER),
        "outreach_worker": make_user("olga", cmm, Role.OUTREACH_WORKER),
    }


def test_every_role_keeps_its_menu_name_and_log_out_at_phone_width(page, staff):
    page.set_viewport_size(PHONE)
    for role, user in staff.items():
        login(page, user)
        links = page.locator("#mobile-menu .spor-mobile-nav a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert hrefs, f"{role}: no menu in the drawer"
        for href in hrefs:
            page.goto(href)
            drawer = page.locator("#mobile-menu")
            assert not drawer.is_visible(), f"{role} {href}: the drawer is open before it is asked for"
            menu = page.get_by_role("button", name="Menu")
            box = menu.bounding_box()
            assert box and box["x"] + box["width"] <= PHONE["width"], f"{role} {href}: the Menu button is off screen"
            menu.click()
            assert drawer.is_visible(), f"{role} {href}: the Menu button opens nothing"
            assert drawer.get_by_text(user.username).is_visible()
            assert drawer.get_by_role("button", name="Log ud").is_visible()
            assert drawer.locator(".spor-mobile-nav a").count() == len(hrefs)
            shot(page, f"phone-{role}-{href.strip('/').replace('/', '-') or 'home'}")
            page.get_by_role("button", name="Luk").click()
            assert not drawer.is_visible()
        axe(page)
        page.get_by_role("button", name="Menu").click()
        page.locator("#mobile-menu").get_by_role("button", name="Log ud").click()
        page.wait_for_url("**/login/**")


def test_a_hotline_call_in_cyrillic_finds_the_person_registered_in_latin(page, staff):
    caseworker = staff["caseworker"]
    known = make_person(
        caseworker, given="Olena", family="Shevchenko", nationalities=["UA"], birth_date=date(1994, 5, 6)
    )
    case = make_case(caseworker, known)
    decoy = make_person(caseworker, given="Olga", family="Shevchuk", nationalities=["UA"], birth_year=1990)
    login(page, caseworker)
    page.goto("/hotline/")
    page.locator("#id_summary").fill("En kvinde ringer fra et hotel i Odense.")
    page.get_by_label("Med person (ny eller kendt)").check()
    page.locator("#id_given_name").fill("Олена")
    page.locator("#id_family_name").fill("Шевченко")
    page.locator("#id_birth_year").fill("1994")
    page.locator("#id_nationality").select_option("UA")
    suggestion = page.locator(f".spor-duplicate[data-person='{known.key}']")
    suggestion.wait_for()
    page.wait_for_load_state("networkidle")  # the last keystroke's check has answered
    assert case.number in suggestion.inner_text()
    assert page.locator(f".spor-duplicate[data-person='{decoy.key}']").count() == 0
    assert "Shevchenko" not in page.locator("#duplicates").inner_text()
    shot(page, "scripts-01-suggestion")
    # Leaving the field just typed in must not re-run the check and hide what is revealed.
    suggestion.get_by_role("button", name="Vis navn og fødselsdato").click()
    suggestion.locator(".spor-duplicate-details").wait_for()
    assert "Olena Shevchenko" in suggestion.inner_text()
    assert ReadLog.objects.filter(person_code=str(known.code), fields="identity").exists()
    shot(page, "scripts-02-revealed")
    axe(page)
    suggestion.locator("input[type=radio]").check()
    page.locator("#intake-form button[type=submit]").last.click()  # the sender is missing
    page.wait_for_load_state()
    assert "Afsender" in page.locator(".alert").first.inner_text()
    assert page.locator(f".spor-duplicate[data-person='{known.key}'] input[type=radio]").is_checked()
    assert page.locator("#id_family_name").input_value() == "Шевченко"
    shot(page, "scripts-03-error-keeps-the-choice")
    page.locator("#id_sender_type").select_option("citizen")
    page.locator("#intake-form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "er registreret" in page.locator(".alert").first.inner_text()
    inquiry = Inquiry.objects.order_by("-id").first()
    assert list(inquiry.persons.all()) == [known]
