"""The keyed audit chains against the attacks they must reveal, through the service and `spor audit-verify`."""

from __future__ import annotations

import hashlib
import json
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from spor.audit import services as audit
from spor.audit.models import AuditEvent, ChainHead, ReadLog
from spor.people import selectors
from tests.base import SporTestCase
from tests.make import make_person


def unkeyed(prev_hash: str, row: dict[str, Any]) -> str:
    """What someone without the key can compute: the plain SHA-256 the chain used before it was keyed."""
    payload = json.dumps(row, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def event_row(event: AuditEvent) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(timespec="milliseconds"),
        "actor": event.actor_id,
        "event": event.event,
        "subject_type": event.subject_type,
        "subject_code": event.subject_code,
        "extra": event.extra,
        "via": event.via,
    }


def rechain_without_key(start: int) -> None:
    """Recompute every event hash from `start` on, as an attacker with database access could."""
    rows = list(AuditEvent.objects.order_by("id"))
    prev = rows[start - 1].row_hash if start else "0" * 64
    for event in rows[start:]:
        AuditEvent.objects.filter(id=event.id).update(prev_hash=prev, row_hash=unkeyed(prev, event_row(event)))
        prev = unkeyed(prev, event_row(event))


class ChainTestCase(SporTestCase):
    def setUp(self) -> None:
        self.checkpoints = Path(tempfile.mkdtemp()) / "checkpoints.jsonl"
        self.person = make_person(self.caseworker)
        selectors.person_identity_for(actor=self.caseworker, person=self.person)
        selectors.person_identity_for(actor=self.manager, person=self.person)

    def verify(self) -> str:
        out = StringIO()
        call_command("audit_verify", "--checkpoints", str(self.checkpoints), stdout=out, stderr=StringIO())
        return out.getvalue()

    def checkpoint(self) -> None:
        call_command("audit_checkpoint", "--out", str(self.checkpoints), stdout=StringIO())


class ChainVerifyTests(ChainTestCase):
    def test_it_accepts_an_untouched_chain(self):
        report = audit.chain_verify()
        self.assertIsNone(report.broken_at)
        self.assertGreater(report.checked, 10)
        self.checkpoint()
        make_person(self.caseworker, given="Efter")
        self.assertIn("intact", self.verify())

    def test_it_finds_an_edited_row(self):
        victim = AuditEvent.objects.order_by("id")[3]
        AuditEvent.objects.filter(id=victim.id).update(event="user.deleted")
        self.assertEqual(audit.chain_verify().broken_at, victim.id)

    def test_it_finds_a_removed_row(self):
        rows = list(AuditEvent.objects.order_by("id"))
        AuditEvent.objects.filter(id=rows[2].id).delete()
        self.assertEqual(audit.chain_verify().broken_at, rows[3].id)

    def test_it_finds_the_newest_events_removed_after_a_checkpoint(self):
        self.checkpoint()
        newest = AuditEvent.objects.order_by("-id")[:2]
        AuditEvent.objects.filter(id__in=[e.id for e in newest]).delete()
        self.assertIsNone(audit.chain_verify().broken_at)  # without the checkpoint nothing shows
        with self.assertRaisesMessage(CommandError, "the newest rows were removed"):
            self.verify()

    def test_it_finds_a_row_rewritten_with_every_hash_recomputed_without_the_key(self):
        victim = AuditEvent.objects.order_by("id")[3]
        AuditEvent.objects.filter(id=victim.id).update(event="user.deleted")
        rechain_without_key(3)
        with self.assertRaisesMessage(CommandError, f"broken at id {victim.id}"):
            self.verify()

    def test_it_finds_a_chain_passed_off_as_unkeyed(self):
        victim = AuditEvent.objects.order_by("id")[3]
        AuditEvent.objects.filter(id=victim.id).update(event="user.deleted")
        rechain_without_key(0)
        last = AuditEvent.objects.order_by("-id").first()
        ChainHead.objects.filter(chain="events").update(legacy_until=last.id)
        with self.assertRaisesMessage(CommandError, "the end of the unkeyed prefix was moved"):
            self.verify()

    def test_it_refuses_a_forged_checkpoint(self):
        self.checkpoint()
        line = json.loads(self.checkpoints.read_text())
        line["events"][0] -= 1
        self.checkpoints.write_text(json.dumps(line) + "\n")
        with self.assertRaisesMessage(CommandError, "signature does not match"):
            self.verify()

    def test_it_signs_checkpoints_with_the_key(self):
        self.checkpoint()
        with (
            override_settings(AUDIT_KEY="another-key-that-is-long-enough-0123456789"),
            self.assertRaisesMessage(CommandError, "signature does not match"),
        ):
            self.verify()


class ReadLogChainTests(ChainTestCase):
    def test_it_chains_the_read_log(self):
        self.assertEqual(audit.chain_verify("reads").checked, 2)
        self.checkpoint()
        self.assertIn("2 reads", self.verify())

    def test_it_finds_an_edited_read(self):
        first = ReadLog.objects.order_by("id").first()
        ReadLog.objects.filter(id=first.id).update(actor=self.analyst)
        with self.assertRaisesMessage(CommandError, f"audit chain reads broken at id {first.id}"):
            self.verify()

    def test_it_finds_the_newest_read_removed_after_a_checkpoint(self):
        self.checkpoint()
        ReadLog.objects.order_by("-id").first().delete()
        with self.assertRaisesMessage(CommandError, "audit chain reads broken"):
            self.verify()


class CheckpointTests(ChainTestCase):
    def test_it_appends_one_line_without_personal_data_and_logs_it(self):
        with self.assertLogs("spor.audit", "INFO") as logs:
            self.checkpoint()
            self.checkpoint()
        lines = self.checkpoints.read_text().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertEqual(set(json.loads(lines[0])), {"at", "events", "reads", "mac"})
        self.assertEqual(json.loads(lines[0])["events"][0], AuditEvent.objects.order_by("-id").first().id)
        self.assertNotIn("Wongsakul", "".join(lines) + "".join(logs.output))
        self.assertIn(lines[1], logs.output[1])

    def test_it_writes_to_the_configured_file_by_default(self):
        with override_settings(AUDIT_CHECKPOINT_FILE=self.checkpoints):
            call_command("audit_checkpoint", stdout=StringIO())
            out = StringIO()
            call_command("audit_verify", stdout=out)
        self.assertIn("1 checkpoints", out.getvalue())
