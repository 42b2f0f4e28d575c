"""Browser journey: structured partner referrals (docs/web.md#referrals), in Debian's Chromium.

The NGO user refers a person with consent and structured data (a Cyrillic name, indicators) and
sees it on its own page with the status "modtaget"; a referral without consent keeps no name in
the database and counts as a notification in the pseudonymous extract. Every page is checked with
axe-core and photographed in test-artifacts/.
"""

from __future__ import annotations

import pytest
from tests.base import make_organisation, make_user
from tests.web.browser.conftest import axe, login, shot

from spor.cases.models import Inquiry, Referral
from spor.interchange.extract import pseudonymous_extract
from spor.organisations.models import OrganisationType, Role


@pytest.fixture
def ngo_user(settings):
    settings.SECOND_FACTOR_REQUIRED = True
    make_organisation("Center mod Menneskehandel", OrganisationType.CMM)
    return make_user("nina", make_organisation("Reden International", OrganisationType.NGO), Role.REFERRER)


def check(page, name: str) -> None:
    shot(page, name)
    axe(page)


def fill_person(page) -> None:
    page.locator("#id_given_name").fill("Олена")
    page.locator("#id_family_name").fill("Коваленко")
    page.locator("#id_aliases").fill("Lena")
    page.locator("#id_estimated_age").fill("23")
    page.locator("#id_gender").select_option("female")
    page.locator("#id_nationality").select_option("UA")
    page.locator("#id_phones").fill("+45 20 12 34 56")
    page.locator("#id_whereabouts").fill("Massageklinik på Vesterbro")
    page.locator("#id_place").select_option("1084")
    page.locator("#id_exploitation").select_option("sexual_prostitution")
    page.get_by_label("identitetspapirer tilbageholdt").check()
    page.get_by_label("gæld").check()
    page.locator("#id_summary").fill("Hun siger, at hun skylder 40.000 kr. for rejsen.")


def test_journey_the_ngo_refers_with_consent_and_as_an_anonymous_notification(page, ngo_user):
    login(page, ngo_user)
    page.get_by_role("link", name="Ny henvisning").first.click()
    check(page, "jr-01-form")
    assert page.locator("main fieldset.spor-fieldset").count() == 3

    # With consent: a form error first (a birth year of 1850) keeps everything typed.
    fill_person(page)
    page.locator("#id_birth_year").fill("1850")
    page.get_by_label("ja, personen har givet samtykke").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check(page, "jr-02-error")
    assert "Fødselsår" in page.locator("#error-summary").inner_text()
    assert page.locator("#id_given_name").input_value() == "Олена"
    assert page.locator("#id_whereabouts").input_value() == "Massageklinik på Vesterbro"
    page.locator("#id_birth_year").fill("")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/henvisning/*/")
    check(page, "jr-03-sent")
    assert page.locator("#referral-status").inner_text() == "modtaget"
    sent = page.locator("#referral-sent").inner_text()
    for text in ("Олена", "Коваленко", "Massageklinik på Vesterbro", "gæld", "Region Hovedstaden"):
        assert text in sent
    assert "skylder 40.000 kr." in page.locator("#referral-summary").inner_text()

    # Without consent: an anonymous notification.
    page.goto("/henvisning/ny/")
    fill_person(page)
    page.get_by_label("nej, personen har ikke givet samtykke").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/henvisning/*/")
    check(page, "jr-04-anonymous")
    assert page.locator("#referral-anonymous").is_visible()
    assert "Олена" not in page.content()
    anonymous = Referral.objects.get(anonymous=True)
    assert (anonymous.identity_ct, anonymous.inquiry.summary_ct, anonymous.tokens.count()) == ("", "", 0)
    assert (anonymous.gender, anonymous.nationalities, anonymous.age_band) == ("female", ["UA"], "18-24")
    rows = {r["inquiry_id"]: r for r in pseudonymous_extract()["inquiries"].iter_rows(named=True)}
    assert rows[anonymous.inquiry.external_id]["notification"] is True
    assert rows[anonymous.inquiry.external_id]["person_id"] is None

    page.get_by_role("link", name="Tilbage til Mine henvisninger").click()
    check(page, "jr-05-list")
    assert page.locator("#referrals tbody tr").count() == Inquiry.objects.count() == 2
