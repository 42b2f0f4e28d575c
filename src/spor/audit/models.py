"""The audit trail: events written by services, reads of identifying data, chained by hash.

Each row carries the SHA-256 of its own content and of the row before it, so deleting or editing a
row breaks the chain from there on; `spor audit-verify` walks it (docs/architecture.md#hash-chain).
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

    class Meta:
        ordering = ["id"]
