"""Search in any script, duplicate suggestions to judge, intake that keeps what was typed, and
identity correction on the person page (docs/web.md#identity-correction, docs/web.md#pages)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from spor.audit.models import AuditEvent, ReadLog
from spor.cases.models import Inquiry
from spor.people.models import Person, PersonToken
from tests.base import SporTestCase
from tests.make import make_case, make_person


class ScriptSearchTests(SporTestCase):
    url = reverse("web:search")

    def setUp(self):
        self.client.force_login(self.caseworker)

    def search(self, **data):
        return self.client.post(self.url, data).content.decode()

    def test_a_cyrillic_name_finds_its_latin_spelling_and_back(self):
        latin = make_person(self.caseworker, given="Olena", family="Shevchenko", nationalities=["UA"], birth_year=1994)
        cyrillic = make_person(self.caseworker, given="Ганна", family="Коваль", nationalities=["UA"])
        other = make_person(self.caseworker, given="Maria", family="Popescu", nationalities=["RO"])
        page = self.search(name="Олена Шевченко", birth_year="1994", nationality="UA")
        self.assertIn(latin.key, page)
        self.assertNotIn(other.key, page)
        # Ukrainian passports write г as h: both spellings find the Cyrillic record.
        self.assertIn(cyrillic.key, self.search(name="Hanna Koval"))
        self.assertIn(cyrillic.key, self.search(name="Ganna Koval"))

    def test_greek_arabic_and_thai_names_find_their_romanisations(self):
        pairs = [
            ("Ελένη", "Παπαδοπούλου", "Eleni Papadopoulou"),
            ("محمد", "", "Mohammed"),
            ("محمد", "", "Muhammad"),
            ("สมชาย", "", "Somchai"),
        ]
        for given, family, query in pairs:
            person = make_person(self.caseworker, given=given, family=family)
            with self.subTest(query=query):
                self.assertIn(person.key, self.search(name=query))
            person.delete()

    def test_it_finds_an_inquiry_by_its_number(self):
        person = make_person(self.caseworker)
        case = make_case(self.caseworker, person)
        inquiry = Inquiry.objects.filter(persons=person).get()
        page = self.search(number=inquiry.external_id)
        self.assertIn('id="inquiries"', page)
        self.assertIn(inquiry.external_id, page)
        self.assertIn(case.number, page)
        self.assertNotIn('id="inquiries"', self.search(number=inquiry.external_id + "9"))

    def test_the_birth_date_search_reads_no_encrypted_date(self):
        person = make_person(self.caseworker, given="Ana", family="Pop", birth_date=date(1990, 2, 3))
        self.assertTrue(person.birth_date_token.startswith("b:"))
        self.assertNotIn("1990", person.birth_date_token)
        self.assertIn(person.key, self.search(birth_date="1990-02-03"))
        self.assertNotIn(person.key, self.search(birth_date="1990-03-02"))


class DuplicateFragmentTests(SporTestCase):
    url = reverse("web:intake-duplicates")

    def setUp(self):
        self.client.force_login(self.caseworker)

    def test_a_suggestion_shows_the_latest_case_and_reveals_the_identity_read_logged(self):
        person = make_person(
            self.caseworker, given="Olena", family="Shevchenko", nationalities=["UA"], birth_date=date(1994, 5, 6)
        )
        case = make_case(self.caseworker, person)
        fragment = self.client.post(
            self.url, {"given_name": "Олена", "family_name": "Шевченко", "birth_year": "1994", "nationality": "UA"}
        ).content.decode()
        self.assertIn(person.key, fragment)
        self.assertIn(case.number, fragment)
        self.assertIn("Ukraine", fragment)
        self.assertNotIn("Shevchenko", fragment)  # names only on request
        reveal = reverse("web:intake-duplicate-reveal", args=[person.code])
        self.assertIn(reveal, fragment)
        before = ReadLog.objects.filter(person_code=str(person.code), fields="identity").count()
        details = self.client.post(reveal).content.decode()
        self.assertIn("Olena Shevchenko", details)
        self.assertIn("1994", details)
        self.assertEqual(ReadLog.objects.filter(person_code=str(person.code), fields="identity").count(), before + 1)

    def test_the_reveal_is_a_post_for_centre_staff_only(self):
        person = make_person(self.caseworker)
        reveal = reverse("web:intake-duplicate-reveal", args=[person.code])
        self.assertEqual(self.client.get(reveal).status_code, 405)
        for user in (self.analyst, self.police_referrer, self.immigration_officer):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.post(reveal).status_code, 404)
        self.assertFalse(ReadLog.objects.filter(person_code=str(person.code)).exists())


class IntakeKeepsWhatWasTypedTests(SporTestCase):
    url = reverse("web:intake")
    base = {
        "received_on": "2026-05-04",
        "channel": "hotline",
        "sender_type": "citizen",
        "summary": "Opkald om en kvinde på et massageklinik.",
        "gender": "female",
        "residence_status": "unknown",
    }

    def setUp(self):
        self.client.force_login(self.caseworker)

    def test_a_name_typed_with_no_person_is_not_dropped_but_asked_about(self):
        data = {**self.base, "person": "none", "given_name": "Олена", "family_name": "Шевченко", "birth_year": "1994"}
        page = self.client.post(self.url, data).content.decode()
        self.assertIn("Ingen person", page)
        self.assertIn("men valgt", page)
        for typed in ("Олена", "Шевченко", "1994", "massageklinik"):
            self.assertIn(typed, page)
        self.assertFalse(Inquiry.objects.exists())
        self.assertFalse(Person.objects.exists())
        response = self.client.post(self.url, {**data, "person": "person"})
        self.assertEqual(response.status_code, 302)
        person = Inquiry.objects.get().persons.get()
        self.assertEqual((person.birth_year, person.gender), (1994, "female"))

    def test_every_field_survives_an_error_and_the_chosen_duplicate_stays_chosen(self):
        known = make_person(self.caseworker, given="Olena", family="Shevchenko", nationalities=["UA"], birth_year=1994)
        data = {
            **self.base,
            "summary": "",
            "sender_org": "Reden",
            "person": "person",
            "given_name": "Olena",
            "family_name": "Shevchenko",
            "birth_year": "1994",
            "nationality": "UA",
            "existing": str(known.code),
        }
        page = self.client.post(self.url, data).content.decode()
        for typed in ("Reden", "Olena", "Shevchenko", "1994", 'value="UA" selected'):
            self.assertIn(typed, page)
        self.assertIn(f'value="{known.code}" id="existing-1" checked', page)
        self.assertFalse(Inquiry.objects.exists())

    def test_a_hostile_birth_year_names_the_field_and_keeps_the_rest(self):
        data = {**self.base, "person": "person", "given_name": "<script>x</script>", "birth_year": "99999"}
        page = self.client.post(self.url, data).content.decode()
        self.assertIn("id_birth_year_error", page)
        self.assertIn("&lt;script&gt;x&lt;/script&gt;", page)
        self.assertNotIn("<script>x</script>", page)
        self.assertFalse(Person.objects.exists())


class IdentityCorrectionTests(SporTestCase):
    def setUp(self):
        self.person = make_person(
            self.caseworker, given="Olena", family="Shevcenko", nationalities=["UA"], birth_date=date(1994, 5, 6)
        )
        self.url = reverse("casework:person-identity-edit", args=[self.person.code])
        self.client.force_login(self.caseworker)

    def form(self, **changes):
        data = {
            "version": str(self.person.version),
            "given_name": "Olena",
            "family_name": "Shevchenko",
            "aliases": "Олена Шевченко\nLena",
            "phones": "+45 20 30 40 50",
            "documents": "UA-PASS FE123456",
            "birth_date": "1994-05-06",
            "gender": "female",
            "nationalities": ["UA", "RU"],
        }
        return {**data, **changes}

    def test_opening_the_form_shows_the_identity_and_logs_the_read(self):
        page = self.client.get(self.url).content.decode()
        self.assertIn('value="Shevcenko"', page)
        self.assertEqual(ReadLog.objects.filter(person_code=str(self.person.code)).count(), 1)

    def test_a_correction_is_saved_searchable_and_in_the_history_by_field_name_only(self):
        response = self.client.post(self.url, self.form())
        self.assertEqual(response.status_code, 302)
        self.person.refresh_from_db()
        self.assertEqual(set(self.person.nationalities), {"UA", "RU"})
        event = AuditEvent.objects.filter(event="person.updated").get()
        self.assertEqual(set(event.extra["fields"]), {"family_name", "aliases", "phones", "documents", "nationalities"})
        page = self.client.get(self.url).content.decode()
        self.assertIn('id="changes"', page)
        self.assertIn("Efternavn", page)
        self.assertIn("alice", page)
        history = page[page.index('id="changes"') :]
        self.assertNotIn("Shevcenko", history)
        self.client.force_login(self.caseworker)
        search = self.client.post(reverse("web:search"), {"phone": "20304050"}).content.decode()
        self.assertIn(self.person.key, search)
        self.assertIn(self.person.key, self.client.post(reverse("web:search"), {"name": "Lena"}).content.decode())

    def test_a_stale_version_shows_the_conflict_without_the_stored_identity(self):
        stale = self.form(version=str(self.person.version))
        self.assertEqual(self.client.post(self.url, self.form(family_name="Ševčenko")).status_code, 302)
        response = self.client.post(self.url, stale)
        self.assertEqual(response.status_code, 409)
        self.assertNotIn("Ševčenko", response.content.decode())
        self.assertEqual(AuditEvent.objects.filter(event="person.updated").count(), 1)

    def test_hostile_input_names_the_field_keeps_the_input_and_changes_nothing(self):
        version = Person.objects.get(pk=self.person.pk).version
        tokens = set(PersonToken.objects.filter(person=self.person).values_list("token", flat=True))
        cases = [
            ({"phones": "not a phone"}, "phones"),
            ({"given_name": "x" * 101}, "given_name"),
            ({"family_name": "Bad\x00Name"}, "family_name"),
            ({"given_name": "", "family_name": ""}, "given_name"),
            ({"birth_date": "2026-13-45"}, "birth_date"),
            ({"nationalities": ["QQ"]}, "nationalities"),
            ({"gender": "robot"}, "gender"),
        ]
        for change, field in cases:
            with self.subTest(field=field):
                response = self.client.post(self.url, self.form(**change))
                self.assertEqual(response.status_code, 400)
                self.assertIn(f"id_{field}_error", response.content.decode())
                self.assertIn("UA-PASS FE123456", response.content.decode())
        person = Person.objects.get(pk=self.person.pk)
        self.assertEqual(person.version, version)
        self.assertEqual(set(PersonToken.objects.filter(person=person).values_list("token", flat=True)), tokens)
        self.assertFalse(AuditEvent.objects.filter(event="person.updated").exists())

    def test_only_centre_staff_correct_an_identity(self):
        for user in (self.analyst, self.police_referrer, self.immigration_officer, self.outsider_caseworker):
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, self.form()).status_code, 404)
        self.assertFalse(ReadLog.objects.exists())
