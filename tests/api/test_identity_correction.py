"""Identity correction through the API: PATCH with If-Match, hostile input, change history
(docs/api.md#identity-correction)."""

from __future__ import annotations

from datetime import date

from spor.audit.models import AuditEvent
from spor.people.models import Person, PersonToken
from tests.api.base import ApiTestCase
from tests.make import make_person


class IdentityCorrectionApiTests(ApiTestCase):
    def setUp(self):
        self.person = make_person(self.caseworker, given="Olena", family="Shevcenko", birth_date=date(1994, 5, 6))
        self.url = f"/persons/{self.person.code}"

    def identity(self, **changes):
        return {"given_name": "Olena", "family_name": "Shevchenko", "phones": ["+4520304050"], **changes}

    def test_a_correction_with_the_read_version_is_saved_and_listed_by_field_name(self):
        tag = self.tag("caseworker", self.url)
        body = {"identity": self.identity(), "birth_date": "1994-06-05", "nationalities": ["UA"]}
        response = self.call("caseworker", "PATCH", self.url, body, **tag)
        self.assertEqual(response.status_code, 200, response.content)
        changes = self.call("caseworker", "GET", f"{self.url}/changes").json()
        self.assertEqual(changes[0]["event"], "person.updated")
        self.assertEqual(set(changes[0]["fields"]), {"family_name", "phones", "birth_date", "nationalities"})
        self.assertEqual(changes[0]["by"], "alice")
        self.assertNotIn("Shevchenko", str(changes))
        found = self.call("caseworker", "POST", "/persons/search", {"query": "Шевченко"}).json()
        self.assertEqual([p["key"] for p in found], [self.person.key])

    def test_a_stale_version_is_412_and_a_missing_one_428(self):
        tag = self.tag("caseworker", self.url)
        self.assertEqual(self.call("caseworker", "PATCH", self.url, {"gender": "male"}, **tag).status_code, 200)
        stale = self.call("caseworker", "PATCH", self.url, {"identity": self.identity()}, **tag)
        self.assertEqual(stale.status_code, 412)
        self.assertNotIn("Shevcenko", stale.content.decode())
        self.assertEqual(self.call("caseworker", "PATCH", self.url, {"identity": self.identity()}).status_code, 428)
        self.assertEqual(AuditEvent.objects.filter(event="person.updated").count(), 1)

    def test_hostile_identities_are_refused_naming_the_field_and_change_nothing(self):
        tokens = set(PersonToken.objects.filter(person=self.person).values_list("token", flat=True))
        bodies = [
            {"identity": self.identity(phones=["not a phone"])},
            {"identity": self.identity(given_name="x" * 5000)},
            {"identity": self.identity(family_name="Bad\u0000Name")},
            {"identity": self.identity(aliases=["a"] * 500)},
            {"identity": "Olena"},
            {"birth_date": "1994-13-45"},
            {"nationalities": ["QQ"]},
        ]
        for body in bodies:
            with self.subTest(body=str(body)[:60]):
                response = self.call("caseworker", "PATCH", self.url, body, **self.tag("caseworker", self.url))
                self.assertIn(response.status_code, {400, 422}, response.content)
                self.assertNotIn(response.status_code, {500})
        person = Person.objects.get(pk=self.person.pk)
        self.assertEqual(person.version, self.person.version)
        self.assertEqual(set(PersonToken.objects.filter(person=person).values_list("token", flat=True)), tokens)
