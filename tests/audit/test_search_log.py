"""Every search that can reveal a person is logged, in blind form only (docs/architecture.md#read-log)."""

from __future__ import annotations

import json
from datetime import date

from django.urls import reverse

from spor.audit.models import AuditEvent, ReadLog
from tests.api.base import ApiTestCase
from tests.make import make_person

CLEAR = ["siriporn", "wongsakul", "1991-04-17", "17.04.1991"]


class SearchLogTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = make_person(cls.caseworker, birth_date=date(1991, 4, 17))

    def logged(self, kind: str) -> AuditEvent:
        event = AuditEvent.objects.filter(event="person.searched").latest("id")
        self.assertEqual((event.actor, event.extra["kind"]), (self.caseworker, kind))
        self.assertEqual((event.extra["hits"], event.extra["persons"]), (1, [str(self.person.code)]))
        self.assertRegex(event.extra["query"], r"^[0-9a-f]{64}$")
        reads = ReadLog.objects.filter(person_code=str(self.person.code), fields__startswith="search:")
        self.assertEqual(reads.get().actor, self.caseworker)
        text = json.dumps(event.extra).lower() + " ".join(ReadLog.objects.values_list("fields", flat=True)).lower()
        for clear in CLEAR:
            self.assertNotIn(clear, text)
        return event

    def test_it_logs_the_apis_search(self):
        self.call("caseworker", "POST", "/persons/search", {"query": "Siriporn Wongsakul"})
        self.assertTrue(self.logged("search").extra["tokens"])
        self.assertTrue(self.logged("search").via.startswith("api:"))

    def test_it_logs_the_apis_duplicate_check(self):
        body = {"given_name": "Siriporn", "family_name": "Wongsakul", "birth_date": "1991-04-17"}
        self.call("caseworker", "POST", "/persons/duplicates", body)
        self.logged("duplicates")

    def test_it_logs_the_search_page(self):
        self.client.force_login(self.caseworker)
        self.client.post(reverse("web:search"), {"name": "Siriporn", "birth_date": "1991-04-17"})
        self.logged("search")

    def test_it_logs_a_birth_date_search_without_a_name(self):
        self.client.force_login(self.caseworker)
        self.client.post(reverse("web:search"), {"birth_date": "1991-04-17"})
        self.assertEqual(self.logged("search").extra["tokens"], [])

    def test_it_logs_the_intake_pages_duplicate_check(self):
        self.client.force_login(self.caseworker)
        self.client.post(reverse("web:intake-duplicates"), {"given_name": "Siriporn", "family_name": "Wongsakul"})
        self.logged("duplicates")

    def test_it_hashes_the_same_search_the_same_way(self):
        self.call("caseworker", "POST", "/persons/search", {"query": "Siriporn"})
        first = AuditEvent.objects.filter(event="person.searched").latest("id").extra["query"]
        self.call("caseworker", "POST", "/persons/search", {"query": "Siriporn"})
        second = AuditEvent.objects.filter(event="person.searched").latest("id").extra["query"]
        self.call("caseworker", "POST", "/persons/search", {"query": "Wongsakul"})
        third = AuditEvent.objects.filter(event="person.searched").latest("id").extra["query"]
        self.assertEqual(first, second)
        self.assertNotEqual(first, third)
