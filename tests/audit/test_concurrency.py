"""The audit chain stays one line while many writers append at once (each thread its own connection)."""

from __future__ import annotations

import threading
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase

from spor.audit import services as audit
from spor.audit.models import AuditEvent, ReadLog
from spor.people import selectors
from spor.people import services as people
from spor.people.models import Person
from tests.base import SporTestCase
from tests.make import make_person

WRITERS = 6
UPDATES = 12


class ConcurrentAppendTests(TransactionTestCase):
    def setUp(self) -> None:
        SporTestCase.setUpTestData.__func__(self)  # the personas, created through the services
        self.persons = [make_person(self.caseworker, given=f"Skribent{n}") for n in range(WRITERS)]

    def _write(self, person_pk: int, errors: list[BaseException], start: threading.Barrier) -> None:
        try:
            start.wait()
            for n in range(UPDATES):
                person = Person.objects.get(pk=person_pk)
                people.person_update(actor=self.caseworker, person=person, version=person.version, birth_year=1980 + n)
                selectors.person_identity_for(actor=self.caseworker, person=person)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    def test_it_keeps_one_chain_under_concurrent_writers(self) -> None:
        errors: list[BaseException] = []
        start = threading.Barrier(WRITERS)
        threads = [threading.Thread(target=self._write, args=(p.pk, errors, start)) for p in self.persons]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(AuditEvent.objects.filter(event="person.updated").count(), WRITERS * UPDATES)
        for model in (AuditEvent, ReadLog):
            parents = list(model.objects.values_list("prev_hash", flat=True))
            self.assertEqual(len(parents), len(set(parents)), f"{model.__name__}: two rows share a parent")
        self.assertIsNone(audit.chain_verify().broken_at)
        out = StringIO()
        call_command("audit_verify", stdout=out)
        self.assertIn("intact", out.getvalue())
