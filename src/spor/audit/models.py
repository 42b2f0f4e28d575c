"""The audit trail: events written by services, reads of identifying data, each a keyed hash chain.

Each row carries an HMAC (key `SPOR_AUDIT_KEY`) of its own content and of the row before it, so
deleting, editing or inserting a row breaks the chain from there on, and a rewritten chain cannot be
sealed again without the key. Signed checkpoints outside the database catch removal of the newest
rows. `spor audit-verify` walks both chains (docs/operations.md#audit-trail, docs/architecture.md#hash-chain).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    event = models.CharField(max_length=64, db_index=True)
    subject_type = models.CharField(max_length=64, blank=True)
    subject_code = models.CharField(max_length=64, blank=True, db_index=True)
    extra = models.JSONField(default=dict, blank=True)
    # Where it came from: "web:cases:person-detail", "api:token:<token code>", "cli:import".
    via = models.CharField(max_length=120, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]


class ReadLog(models.Model):
    """One read of a person's identifying data (docs/architecture.md#read-log: who, when, which person, from where)."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person_code = models.CharField(max_length=64, db_index=True)
    via = models.CharField(max_length=120, blank=True)
    fields = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    row_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]


class ChainHead(models.Model):
    """One row per chain: the lock every append takes, and the end of the chain's unkeyed prefix.

    Appending locks this row (select_for_update) before it reads the chain's last row, so two
    writers can never chain onto the same parent. Rows with id <= `legacy_until` were written
    before the chain was keyed and are checked with the old unkeyed SHA-256; `legacy_seal`, an
    HMAC of that boundary written once by the upgrading migration, stops anyone without the key
    from moving it (and so from passing a rewritten chain off as unkeyed).
    """

    chain = models.CharField(max_length=16, primary_key=True)
    legacy_until = models.PositiveBigIntegerField(default=0)
    legacy_seal = models.CharField(max_length=64, blank=True)
