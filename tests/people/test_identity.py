"""Encrypted identity, blind-index search, duplicates and read log (key rotation: tests/operations)."""

from datetime import date

from django.db import connection

from spor.audit.models import ReadLog
from spor.people import selectors, services
from spor.people.models import Person
from tests.base import SporTestCase
from tests.make import make_case, make_person


class EncryptionTests(SporTestCase):
    def test_it_stores_no_identifying_value_in_clear(self):
        person = make_person(
            self.caseworker, given="Nkechi", family="Okonkwo", birth_date=date(1994, 7, 12), nationalities=["NG"]
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM people_person WHERE id = %s", [person.pk])
            row = " ".join(str(v) for v in cursor.fetchone())
            cursor.execute("SELECT token FROM people_persontoken WHERE person_id = %s", [person.pk])
            tokens = " ".join(t for (t,) in cursor.fetchall())
        for secret in ("Nkechi", "Okonkwo", "nkechi", "1994-07-12"):
            self.assertNotIn(secret, row)
            self.assertNotIn(secret, tokens)


class ReadLogTests(SporTestCase):
    def test_it_logs_a_read_of_identifying_data(self):
        person = make_person(self.caseworker)
        before = ReadLog.objects.count()
        selectors.person_identity_for(actor=self.caseworker, person=person)
        log = ReadLog.objects.order_by("-id").first()
        self.assertEqual(ReadLog.objects.count(), before + 1)
        self.assertEqual((log.actor, log.person_code), (self.caseworker, str(person.code)))

    def test_it_answers_others_as_missing(self):
        from spor.common.errors import NotFound

        person = make_person(self.caseworker)
        for outsider in (
            self.analyst,
            self.admin,
            self.police_referrer,
            self.outsider_caseworker,
            self.outreach_worker,
        ):
            with self.subTest(outsider=outsider.username), self.assertRaises(NotFound):
                selectors.person_identity_for(actor=outsider, person=person)
        self.assertFalse(ReadLog.objects.filter(actor__in=[self.analyst, self.admin]).exists())


class SearchAndDuplicateTests(SporTestCase):
    def test_it_finds_a_person_by_name_and_phone_through_the_blind_index(self):
        person = services.person_create(
            actor=self.caseworker,
            identity=services.Identity(given_name="Mai", family_name="Nguyễn", phones=["+45 22 33 44 55"]),
            nationalities=["VN"],
        )
        self.assertEqual(list(selectors.person_search_for(actor=self.caseworker, query="nguyen")), [person])
        self.assertEqual(list(selectors.person_search_for(actor=self.caseworker, query="22334455")), [person])
        self.assertEqual(list(selectors.person_search_for(actor=self.analyst, query="nguyen")), [])

    def test_it_suggests_a_transliterated_name_as_a_duplicate(self):
        first = make_person(
            self.caseworker, given="Mohammed", family="Hussein", birth_date=date(1988, 5, 3), nationalities=["SY"]
        )
        make_person(self.caseworker, given="Mohammed", family="Hansen", birth_year=1960, nationalities=["DK"])
        found = selectors.person_duplicates_for(
            actor=self.caseworker,
            given_name="Muhammad",
            family_name="Husain",
            birth_date=date(1988, 5, 3),
            nationalities=["SY"],
        )
        self.assertEqual([c.person for c in found], [first])

    def test_it_merges_a_confirmed_duplicate_into_one_person(self):
        first = make_person(self.caseworker, given="Somchai", family="Boonmee")
        second = make_person(self.caseworker, given="Somchay", family="Bunmi")
        make_case(self.caseworker, first)
        make_case(self.caseworker, second, opened_on=date(2026, 5, 1))
        kept = services.person_merge(actor=self.caseworker, keep=first, duplicate=second)
        self.assertEqual(kept.cases.count(), 2)
        self.assertFalse(Person.objects.filter(pk=second.pk).exists())

    def test_it_erases_identity_but_keeps_the_statistical_record(self):
        person = make_person(self.caseworker, birth_date=date(1999, 9, 9))
        services.person_erase(actor=self.manager, person=person)
        person.refresh_from_db()
        self.assertEqual((person.identity_ct, person.birth_year, person.gender), ("", 1999, "female"))
        self.assertEqual(list(selectors.person_search_for(actor=self.caseworker, query="Wongsakul")), [])
