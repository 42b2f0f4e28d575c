"""Writing and verifying the audit trail (STYLE.md S11).

Services call `record` inside their own transaction, so an audit row exists exactly when the change
does. `extra` holds codes and ids, never names or free text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from spor.audit.context import current_via
from spor.audit.models import AuditEvent, ReadLog
from spor.common.actor import Actor

GENESIS = "0" * 64


def _digest(prev_hash: str, row: dict[str, Any]) -> str:
    payload = json.dumps(row, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def _row(event: AuditEvent) -> dict[str, Any]:
    return {
        # Milliseconds: what a JSON backup keeps (Django's encoder drops the microseconds), so a
        # restored chain verifies.
        "at": event.at.isoformat(timespec="milliseconds"),
        "actor": event.actor_id,
        "event": event.event,
        "subject_type": event.subject_type,
        "subject_code": event.subject_code,
        "extra": event.extra,
        "via": event.via,
    }


def record(*, actor: Actor | None, event: str, subject: Any = None, extra: dict[str, Any] | None = None) -> AuditEvent:
    """Append one audit event to the chain; call inside the service's transaction.

    The last row is locked (select_for_update) so two writers cannot both chain onto it.
    """
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-id").first()
        entry = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            event=event,
            subject_type=type(subject).__name__.lower() if subject is not None else "",
            subject_code=str(getattr(subject, "code", "") or "") if subject is not None else "",
            extra=extra or {},
            via=current_via(),
            prev_hash=last.row_hash if last else GENESIS,
        )
        entry.row_hash = _digest(entry.prev_hash, _row(entry))
        entry.save()
        return entry


def read_logged(*, actor: Actor, person_code: str, fields: str = "identity") -> None:
    """Log one read of a person's identifying data (DESIGN §7)."""
    ReadLog.objects.create(at=timezone.now(), actor=actor, person_code=person_code, via=current_via(), fields=fields)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first row whose hash does not match


def chain_verify() -> ChainReport:
    """Walk the whole chain; report the first row that was altered, removed or inserted."""
    prev = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev or event.row_hash != _digest(prev, _row(event)):
            return ChainReport(checked=checked, broken_at=event.id)
        prev = event.row_hash
        checked += 1
    return ChainReport(checked=checked, broken_at=None)
