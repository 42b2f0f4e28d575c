"""Upgrading a database whose audit rows predate the key: they stay as they were and still verify."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from spor.audit import services as audit
from spor.audit.models import AuditEvent, ChainHead, ReadLog
from spor.organisations.models import User
from tests.base import SporTestCase
from tests.migrating import migrate_to_latest

BEFORE = [("audit", "0001_audit_trail")]
AFTER = [("audit", "0002_keyed_chains")]


def unkeyed(prev_hash: str, row: dict[str, Any]) -> str:
    payload = json.dumps(row, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


class KeyedChainMigrationTests(TransactionTestCase):
    def setUp(self) -> None:
        SporTestCase.setUpTestData.__func__(self)  # the personas, created through the services
        self.addCleanup(migrate_to_latest)  # leave the schema as found, later migrations included
        self.migrate(BEFORE)
        old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldEvent, OldRead = old.get_model("audit", "AuditEvent"), old.get_model("audit", "ReadLog")
        OldEvent.objects.all().delete()
        OldRead.objects.all().delete()
        prev, at = "0" * 64, datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        for n in range(3):
            row = {"at": at.isoformat(timespec="milliseconds"), "actor": self.caseworker.pk, "event": f"old.{n}"}
            row |= {"subject_type": "", "subject_code": "", "extra": {}, "via": ""}
            OldEvent.objects.create(
                at=at, actor_id=self.caseworker.pk, event=f"old.{n}", prev_hash=prev, row_hash=unkeyed(prev, row)
            )
            prev = unkeyed(prev, row)
            OldRead.objects.create(at=at, actor_id=self.caseworker.pk, person_code=f"p{n}", fields="identity")
        self.migrate(AFTER)

    def migrate(self, targets: list[tuple[str, str]]) -> None:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)

    def verify(self) -> str:
        out = StringIO()
        call_command("audit_verify", "--checkpoints", "/nonexistent/none.jsonl", stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_it_keeps_the_old_rows_and_chains_new_ones_with_the_key(self) -> None:
        self.assertEqual(ChainHead.objects.get(chain="events").legacy_until, AuditEvent.objects.last().id)
        self.assertIn("3 events, 3 reads", self.verify())
        audit.record(actor=self.manager, event="new.event")
        audit.read_logged(actor=self.manager, person_code="p9")
        self.assertIn("4 events, 4 reads", self.verify())

    def test_it_still_finds_an_old_row_edited(self) -> None:
        AuditEvent.objects.filter(event="old.1").update(event="old.x")
        with self.assertRaisesMessage(CommandError, "audit chain events broken"):
            self.verify()
        ReadLog.objects.filter(person_code="p1").update(actor=User.objects.get(username="bente"))
        with self.assertRaisesMessage(CommandError, "audit chain reads broken"):
            self.verify()
