"""Writing and verifying the audit trail (docs/architecture.md#audit, docs/operations.md#audit-trail).

Services call `record` inside their own transaction, so an audit row exists exactly when the change
does; selectors call `read_logged` for every read of identifying data. `extra` holds codes and ids,
never names or free text.

Both the events and the read log are hash chains keyed with `SPOR_AUDIT_KEY`: each row's hash is
an HMAC-SHA256 of the previous row's hash and the row's content. Appending locks the chain's head
row first, so concurrent writers queue instead of chaining onto the same parent. Rows older than
the key keep their unkeyed SHA-256 (see `ChainHead`). Signed checkpoints, written outside the
database by `spor audit-checkpoint`, let `spor audit-verify` notice removal of the newest rows.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from spor.audit.context import current_via
from spor.audit.models import AuditEvent, ChainHead, ReadLog
from spor.common.actor import Actor

GENESIS = "0" * 64
EVENTS = "events"
READS = "reads"
CHAINS: dict[str, type[AuditEvent] | type[ReadLog]] = {EVENTS: AuditEvent, READS: ReadLog}

logger = logging.getLogger("spor.audit")


# --- hashing ----------------------------------------------------------------------------------


def _payload(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, default=str, separators=(",", ":"))


def _digest(prev_hash: str, row: dict[str, Any]) -> str:
    """The unkeyed hash of rows written before the chain was keyed."""
    return hashlib.sha256(f"{prev_hash}|{_payload(row)}".encode()).hexdigest()


def _mac(message: str) -> str:
    return hmac.new(settings.AUDIT_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def _keyed_digest(chain: str, prev_hash: str, row: dict[str, Any]) -> str:
    # The chain's name is part of the message, so a row cannot be moved to the other chain.
    return _mac(f"{chain}|{prev_hash}|{_payload(row)}")


def _seal(chain: str, legacy_until: int, row_hash: str) -> str:
    return _mac(f"legacy|{chain}|{legacy_until}|{row_hash}")


def _row(entry: AuditEvent | ReadLog) -> dict[str, Any]:
    # Milliseconds: what a JSON backup keeps (Django's encoder drops the microseconds), so a
    # restored chain verifies.
    at = entry.at.isoformat(timespec="milliseconds")
    if isinstance(entry, ReadLog):
        return {
            "at": at,
            "actor": entry.actor_id,
            "person_code": entry.person_code,
            "via": entry.via,
            "fields": entry.fields,
        }
    return {
        "at": at,
        "actor": entry.actor_id,
        "event": entry.event,
        "subject_type": entry.subject_type,
        "subject_code": entry.subject_code,
        "extra": entry.extra,
        "via": entry.via,
    }


# --- appending --------------------------------------------------------------------------------


def _lock_head(chain: str) -> None:
    """Lock the chain's head row for the rest of the transaction; create it if it is missing.

    The lock is what serialises appends on PostgreSQL: under READ COMMITTED the writer that waited
    reads the last row only after the previous writer committed, so it sees that row. (SQLite
    serialises writing transactions anyway; the same code runs there.)
    """
    if ChainHead.objects.select_for_update().filter(chain=chain).first() is None:
        # A fresh or emptied database; the insert is a no-op if another writer won the race.
        ChainHead.objects.bulk_create([ChainHead(chain=chain)], ignore_conflicts=True)
        ChainHead.objects.select_for_update().get(chain=chain)


def _append(chain: str, entry: AuditEvent | ReadLog) -> None:
    """Chain `entry` onto the end of `chain` and save it; inside a transaction."""
    _lock_head(chain)
    last_hash = CHAINS[chain].objects.order_by("-id").values_list("row_hash", flat=True).first()
    entry.prev_hash = last_hash or GENESIS
    entry.row_hash = _keyed_digest(chain, entry.prev_hash, _row(entry))
    entry.save()


def _subject_type(subject: Any) -> str:
    """The model's name ("person", "case"); through a lazy proxy such as `request.user` too."""
    if subject is None:
        return ""
    meta = getattr(subject, "_meta", None)
    return str(meta.model_name) if meta is not None else type(subject).__name__.lower()


def record(*, actor: Actor | None, event: str, subject: Any = None, extra: dict[str, Any] | None = None) -> AuditEvent:
    """Append one audit event to the chain; call inside the service's transaction.

    The chain's head row stays locked until that transaction ends, so keep audit writes at the end
    of a service, after its own row locks.
    """
    with transaction.atomic():
        entry = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            event=event,
            subject_type=_subject_type(subject),
            subject_code=str(getattr(subject, "code", "") or "") if subject is not None else "",
            extra=extra or {},
            via=current_via(),
        )
        _append(EVENTS, entry)
        return entry


def read_logged(*, actor: Actor, person_code: str, fields: str = "identity") -> None:
    """Log one read of a person's identifying data: who, when, which person, from which page.

    Chained like the events; the read log's head row is locked until the caller's transaction ends.
    """
    with transaction.atomic():
        _append(
            READS, ReadLog(at=timezone.now(), actor=actor, person_code=person_code, via=current_via(), fields=fields)
        )


# --- checkpoints ------------------------------------------------------------------------------


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read, or a line whose signature does not match."""


@dataclass(frozen=True)
class Checkpoint:
    """The signed end of both chains at one moment: chain -> (id of its last row, that row's hash)."""

    at: str
    heads: dict[str, tuple[int, str]]
    mac: str

    @staticmethod
    def message(at: str, heads: dict[str, tuple[int, str]]) -> str:
        return "|".join(["checkpoint", at, *(f"{chain}:{heads[chain][0]}:{heads[chain][1]}" for chain in CHAINS)])

    def line(self) -> str:
        heads = {chain: list(head) for chain, head in self.heads.items()}
        return json.dumps({"at": self.at, **heads, "mac": self.mac}, separators=(",", ":"))


def checkpoint_write(path: Path | None = None) -> Checkpoint:
    """Append the signed end of both chains to `path` (default SPOR_AUDIT_CHECKPOINT_FILE) and log it.

    Both heads are locked while they are read, so the checkpoint names rows that are committed and
    last. Nothing personal is written: ids, hashes and the time.
    """
    path = path or settings.AUDIT_CHECKPOINT_FILE
    heads: dict[str, tuple[int, str]] = {}
    with transaction.atomic():
        for chain, model in CHAINS.items():
            _lock_head(chain)
            heads[chain] = model.objects.order_by("-id").values_list("id", "row_hash").first() or (0, GENESIS)
    at = timezone.now().isoformat(timespec="seconds")
    checkpoint = Checkpoint(at=at, heads=heads, mac=_mac(Checkpoint.message(at, heads)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(checkpoint.line() + "\n")
    logger.info("audit checkpoint %s", checkpoint.line())
    return checkpoint


def checkpoints_read(path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in `path` (none if it does not exist); CheckpointError for a bad line."""
    path = path or settings.AUDIT_CHECKPOINT_FILE
    if not path.exists():
        return []
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            heads = {chain: (int(data[chain][0]), str(data[chain][1])) for chain in CHAINS}
            checkpoint = Checkpoint(at=str(data["at"]), heads=heads, mac=str(data["mac"]))
        except (ValueError, KeyError, TypeError, IndexError):
            raise CheckpointError(f"{path}, line {number}: not an audit checkpoint") from None
        if not hmac.compare_digest(checkpoint.mac, _mac(Checkpoint.message(checkpoint.at, heads))):
            raise CheckpointError(f"{path}, line {number}: the signature does not match (forged, or another key)")
        found.append(checkpoint)
    return found


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    chain: str
    checked: int
    broken_at: int | None  # id of the first row that was altered, removed or inserted
    problem: str = ""  # what is wrong there, for the operator

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def _row_ok(chain: str, head: ChainHead, prev: str, entry: AuditEvent | ReadLog) -> bool:
    if entry.prev_hash != prev:
        return False
    row = _row(entry)
    expected = _digest(prev, row) if entry.id <= head.legacy_until else _keyed_digest(chain, prev, row)
    return hmac.compare_digest(entry.row_hash, expected)


def chain_verify(chain: str = EVENTS, *, checkpoints: Iterable[Checkpoint] = ()) -> ChainReport:
    """Walk one chain; report the first row that was altered, removed or inserted.

    Given checkpoints, also report a checkpointed row that is gone (the newest rows removed) or
    whose hash changed. The unkeyed prefix of an upgraded database must end where its seal says.
    """
    head = ChainHead.objects.filter(chain=chain).first() or ChainHead(chain=chain)
    expected = {c.heads[chain][0]: c.heads[chain][1] for c in checkpoints if c.heads[chain][0]}
    prev, checked, boundary_hash = GENESIS, 0, None
    for entry in CHAINS[chain].objects.order_by("id").iterator(chunk_size=2000):
        if not _row_ok(chain, head, prev, entry):
            return ChainReport(chain, checked, entry.id, "a row was altered, removed or inserted")
        if entry.id in expected and expected.pop(entry.id) != entry.row_hash:
            return ChainReport(chain, checked, entry.id, "the row differs from its checkpoint")
        if entry.id == head.legacy_until:
            boundary_hash = entry.row_hash
        prev = entry.row_hash
        checked += 1
    if expected:
        return ChainReport(chain, checked, min(expected), "a checkpointed row is gone: the newest rows were removed")
    if head.legacy_until:
        seal = _seal(chain, head.legacy_until, boundary_hash or "")
        if boundary_hash is None or not hmac.compare_digest(head.legacy_seal, seal):
            return ChainReport(chain, checked, head.legacy_until, "the end of the unkeyed prefix was moved")
    return ChainReport(chain, checked, None)
