"""My work, hotline intake, search, the referral portal and the analyst page (docs/web.md#pages)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.urls import reverse

from spor.cases import services
from spor.cases.models import Inquiry, InquiryState
from spor.people import services as people
from spor.people.models import Person
from tests.base import SporTestCase
from tests.make import make_case, make_identified_case, make_person


class MyWorkTests(SporTestCase):
    def test_it_puts_reflection_deadlines_first_with_a_link_to_extend(self):
        case = make_identified_case(self.caseworker)
        services.reflection_grant(
            actor=self.caseworker, case=case, granted_by="cmm", starts_on=date.today() - timedelta(days=25)
        )
        period = case.reflection_periods.get()
        self.client.force_login(self.caseworker)
        page = self.client.get(reverse("home")).content.decode()
        self.assertIn(case.number, page)
        self.assertIn(reverse("casework:reflection-extend", args=[case.code, period.code]), page)
        self.assertLess(page.index(case.number), page.index('id="my-cases"'))

    def test_it_lets_a_manager_assign_a_new_inquiry(self):
        inquiry = services.inquiry_register(
            actor=self.caseworker, received_on=date.today(), channel="email", sender_type="police"
        )
        self.client.force_login(self.manager)
        home = self.client.get(reverse("home"))
        self.assertContains(home, "1 ny henvendelse er ikke fordelt.")
        self.assertContains(home, reverse("web:inquiry-queue"))
        team = reverse("web:inquiry-team")
        self.assertContains(self.client.get(team), inquiry.external_id)
        url = reverse("web:inquiry-assign", args=[inquiry.code])
        response = self.client.post(url, {"assignee": str(self.caseworker.code), "next": team})
        self.assertRedirects(response, team, fetch_redirect_response=False)
        inquiry.refresh_from_db()
        self.assertEqual((inquiry.state, inquiry.assigned_to), (InquiryState.ASSIGNED, self.caseworker))
        self.assertContains(self.client.get(reverse("home")), "0 nye henvendelser er ikke fordelt.")
        # Another site as `next` is not followed.
        response = self.client.post(url, {"assignee": str(self.caseworker.code), "next": "https://evil.example/"})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_it_lets_no_caseworker_assign(self):
        inquiry = services.inquiry_register(
            actor=self.caseworker, received_on=date.today(), channel="email", sender_type="police"
        )
        self.client.force_login(self.caseworker)
        self.assertNotContains(self.client.get(reverse("home")), 'name="assignee"')
        url = reverse("web:inquiry-assign", args=[inquiry.code])
        self.assertEqual(self.client.post(url, {"assignee": str(self.caseworker.code)}).status_code, 404)

    def test_it_lists_my_open_cases(self):
        case = make_case(self.caseworker)
        services.contact_person_assign(actor=self.caseworker, case=case, contact_person=self.caseworker)
        self.client.force_login(self.caseworker)
        self.assertContains(self.client.get(reverse("home")), case.number)
        self.client.force_login(self.manager)
        self.assertNotContains(self.client.get(reverse("home")), case.person.key)

    def test_it_sends_other_roles_to_their_own_start_page(self):
        for user, name in [(self.analyst, "web:analyst"), (self.police_referrer, "web:referral-list")]:
            self.client.force_login(user)
            self.assertRedirects(self.client.get(reverse("home")), reverse(name))


class IntakeTests(SporTestCase):
    url = reverse("web:intake")

    def call(self, **extra):
        data = {
            "received_on": "2026-05-04",
            "channel": "hotline",
            "sender_type": "citizen",
            "summary": "En nabo har set kvinder bo i en frisørsalon.",
            "person": "none",
            "gender": "unknown",
            "residence_status": "unknown",
        }
        return self.client.post(self.url, data | extra)

    def setUp(self):
        self.client.force_login(self.caseworker)

    def test_it_logs_a_call_without_a_person(self):
        response = self.call()
        self.assertRedirects(response, self.url)
        inquiry = Inquiry.objects.get()
        self.assertEqual((inquiry.channel, inquiry.sender_type, inquiry.persons.count()), ("hotline", "citizen", 0))

    def test_it_creates_the_person_with_the_inquiry(self):
        self.call(person="person", given_name="Ana", family_name="Popescu", birth_year="1999", nationality="RO")
        person = Inquiry.objects.get().persons.get()
        self.assertEqual((person.birth_year, person.nationalities), (1999, ["RO"]))

    def test_it_links_an_existing_person_instead(self):
        known = make_person(self.caseworker, given="Ana", family="Popescu", nationalities=["RO"])
        self.call(person="person", given_name="Ana", family_name="Popescu", existing=str(known.code))
        self.assertEqual(list(Inquiry.objects.get().persons.all()), [known])
        self.assertEqual(Person.objects.count(), 1)

    def test_it_shows_possible_duplicates_while_typing(self):
        known = make_person(self.caseworker, given="Ana", family="Popescu", nationalities=["RO"])
        response = self.client.post(reverse("web:intake-duplicates"), {"given_name": "Ana", "family_name": "Popescu"})
        self.assertContains(response, known.key)
        self.assertContains(response, f'value="{known.code}"')
        self.assertNotContains(response, "Popescu")  # the fragment shows no names
        response = self.client.post(reverse("web:intake-duplicates"), {"given_name": "Zyx", "family_name": "Qwv"})
        self.assertContains(response, "Ingen mulige dubletter")

    def test_a_form_error_keeps_everything_typed(self):
        response = self.call(sender_type="", person="person", given_name="", family_name="", birth_year="1999")
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, 'href="#id_sender_type"')
        self.assertContains(response, "Skriv mindst et fornavn")
        self.assertContains(response, "En nabo har set kvinder bo i en frisørsalon.")
        self.assertContains(response, 'value="1999"')
        self.assertFalse(Inquiry.objects.exists())

    def test_it_is_a_404_for_roles_outside_the_centre(self):
        for user in (self.outsider_caseworker, self.analyst, self.police_referrer, self.outreach_worker):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.call().status_code, 404)
        self.assertFalse(Inquiry.objects.exists())


class SearchTests(SporTestCase):
    url = reverse("web:search")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ana = make_person(
            cls.caseworker, given="Ana", family="Popescu", nationalities=["RO"], birth_date=date(1999, 4, 1)
        )
        cls.other = make_person(cls.caseworker, given="Maria", family="Ionescu", nationalities=["RU-CE"])
        cls.case = make_case(cls.caseworker, cls.ana)

    def setUp(self):
        self.client.force_login(self.caseworker)

    def search(self, **data):
        return self.client.post(self.url, data).content.decode()

    def test_it_finds_a_case_by_number(self):
        page = self.search(number=self.case.number.lower())
        self.assertIn(reverse("casework:case-detail", args=[self.case.code]), page)

    def test_it_finds_a_person_by_name_through_the_blind_index(self):
        page = self.search(name="popescu")
        self.assertIn(self.ana.key, page)
        self.assertNotIn(self.other.key, page)

    def test_it_finds_by_birth_date_year_and_nationality(self):
        self.assertIn(self.ana.key, self.search(birth_date="1999-04-01"))
        self.assertNotIn(self.ana.key, self.search(birth_date="1999-04-02"))
        self.assertIn(self.ana.key, self.search(birth_year="1999"))
        page = self.search(nationality="RU-CE")
        self.assertIn(self.other.key, page)
        self.assertIn("Tjetjenien", page)
        self.assertNotIn(self.ana.key, self.search(nationality="RU"))

    def test_it_finds_by_phone(self):
        person = make_person(self.caseworker, given="Lina", family="Berg")
        identity = people.Identity(given_name="Lina", family_name="Berg", phones=["+45 20 30 40 50"])
        people.person_update(actor=self.caseworker, person=person, version=person.version, identity=identity)
        self.assertIn(person.key, self.search(phone="20304050"))

    def test_it_asks_for_a_criterion_and_keeps_names_out_of_urls(self):
        self.assertIn("Udfyld mindst ét søgefelt", self.search())
        self.assertEqual(self.client.get(self.url, {"name": "Popescu"}).status_code, 200)
        self.assertNotIn(self.ana.key, self.client.get(self.url, {"name": "Popescu"}).content.decode())

    def test_it_is_a_404_for_the_outsider_and_the_analyst(self):
        for user in (self.outsider_caseworker, self.analyst):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url, {"name": "Popescu"}).status_code, 404)


class ReferralPortalTests(SporTestCase):
    def setUp(self):
        self.client.force_login(self.police_referrer)

    def submit(self, key="k-1"):
        data = {
            "sender_type": "police",
            "summary": "Mistanke om tvangsarbejde på en byggeplads.",
            "consent": "yes",
            "idempotency_key": key,
        }
        return self.client.post(reverse("web:referral-submit"), data)

    def test_a_double_click_makes_one_referral(self):
        first, second = self.submit(), self.submit()
        self.assertEqual(Inquiry.objects.count(), 1)
        self.assertEqual(first["Location"], second["Location"])
        self.submit(key="k-2")
        self.assertEqual(Inquiry.objects.count(), 2)

    def test_each_form_carries_a_fresh_key(self):
        keys = [
            self.client.get(reverse("web:referral-submit")).context["form"]["idempotency_key"].value() for _ in (1, 2)
        ]
        self.assertNotEqual(keys[0], keys[1])

    def test_the_referrer_sees_the_status_of_its_own_referrals_only(self):
        response = self.submit()
        detail = self.client.get(response["Location"])
        self.assertContains(detail, "modtaget")
        self.assertContains(self.client.get(reverse("web:referral-list")), Inquiry.objects.get().external_id)
        self.client.force_login(self.ngo_referrer)
        self.assertEqual(self.client.get(response["Location"]).status_code, 404)
        self.assertNotContains(self.client.get(reverse("web:referral-list")), Inquiry.objects.get().external_id)

    def test_a_form_error_keeps_the_key_and_the_text(self):
        response = self.client.post(
            reverse("web:referral-submit"), {"sender_type": "police", "summary": "", "idempotency_key": "k-9"}
        )
        self.assertContains(response, 'value="k-9"')
        self.assertContains(response, 'role="alert"')

    def test_the_portal_is_a_404_for_centre_staff(self):
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(reverse("web:referral-submit")).status_code, 404)


class AnalystTests(SporTestCase):
    def test_the_analyst_page_shows_no_identifying_data(self):
        make_person(self.caseworker, given="Ana", family="Popescu")
        self.client.force_login(self.analyst)
        response = self.client.get(reverse("web:analyst"))
        self.assertContains(response, "pseudonyme")
        self.assertNotContains(response, "Popescu")
        self.client.force_login(self.caseworker)
        self.assertEqual(self.client.get(reverse("web:analyst")).status_code, 404)

    def test_every_link_of_the_analyst_page_leads_to_a_page(self):
        self.client.force_login(self.analyst)
        html = self.client.get(reverse("web:analyst")).content.decode()
        links = set(re.findall(r'<a [^>]*href="(/[^"#]*)"', html))
        self.assertTrue(links)
        for link in sorted(links):
            with self.subTest(link=link):
                self.assertEqual(self.client.get(link, follow=True).status_code, 200)
        self.assertContains(self.client.get(reverse("web:analyst")), "spor estimate --year")
