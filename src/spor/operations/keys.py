"""Key rotation: re-encrypt every encrypted column of every app under the newest field key.

Encrypted columns are the text fields named `*_ct` (the convention of `spor.common.crypto`), found
on every model of every Spor app, so a new encrypted column is rotated without being listed here.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models, transaction

from spor.audit import services as audit
from spor.common import crypto

BATCH = 500


def encrypted_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Every model of Spor's apps that has encrypted columns, with those columns' names."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("spor."):
            continue
        for model in config.get_models():
            columns = [
                field.attname
                for field in model._meta.concrete_fields
                if field.name.endswith("_ct") and isinstance(field, models.TextField | models.CharField)
            ]
            if columns:
                found.append((model, columns))
    return found


def keys_rotate() -> int:
    """Re-encrypt every encrypted value under the newest key of SPOR_FIELD_KEYS; returns the rows.

    Operator command only (`spor rotate-keys`). Runs in batches, one transaction per batch, so a
    crash leaves every value readable (each value is under either the old or the new key, and
    both keys are configured). Audit: keys.rotated (the row count).
    """
    count = 0
    for model, columns in encrypted_columns():
        manager: Any = model._default_manager
        ids = list(manager.values_list("pk", flat=True).order_by("pk"))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                rows = list(manager.select_for_update().filter(pk__in=ids[start : start + BATCH]))
                for row in rows:
                    for column in columns:
                        setattr(row, column, crypto.rotate(getattr(row, column)))
                manager.bulk_update(rows, columns)
                count += len(rows)
    audit.record(actor=None, event="keys.rotated", extra={"rows": count})
    return count
