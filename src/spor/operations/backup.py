"""Backup and restore of the whole database as one compressed file (docs/operations.md#backups).

The file is Django's JSON serialisation of every Spor table, gzip-compressed. Identifying data
stays encrypted inside it (the `*_ct` columns), so a backup is only readable with the field keys,
which must be kept apart from it. Restore is all or nothing: it runs in one transaction that
first empties the tables and then loads the file, so a broken file leaves the database as it was.
"""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

FORMAT = "spor-backup/1"
#: Spor's own apps and the framework tables they refer to; sessions and caches are left out.
APPS = [
    "organisations",
    "auth",
    "contenttypes",
    "audit",
    "people",
    "cases",
    "interchange",
    "screening",
    "api",
    "otp_totp",
]


def _labels() -> list[str]:
    return [label for label in APPS if label in {c.label for c in apps.get_app_configs()}]


def backup_write(path: Path) -> Counter[str]:
    """Write every row of Spor's tables to `path`; returns rows per model."""
    buffer = io.StringIO()
    call_command("dumpdata", *_labels(), format="json", natural_foreign=False, stdout=buffer)
    rows = json.loads(buffer.getvalue())
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump({"format": FORMAT, "rows": rows}, handle)
    return Counter(row["model"] for row in rows)


def backup_read(path: Path) -> list[dict[str, object]]:
    """Read and check a backup file; ValueError naming the file if it is not one."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a readable Spor backup ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("rows"), list):
        raise ValueError(f"{path}: not a Spor backup of format {FORMAT}")
    return data["rows"]


def backup_restore(path: Path, *, dry_run: bool) -> Counter[str]:
    """Replace the database's content with the backup's, in one transaction; returns rows per model."""
    rows = backup_read(path)
    counts = Counter(str(row["model"]) for row in rows)
    if dry_run:
        return counts
    with transaction.atomic():
        for label in reversed(_labels()):
            for model in reversed(list(apps.get_app_config(label).get_models())):
                model._base_manager.all().delete()
        objects = serializers.deserialize("json", json.dumps(rows))
        for obj in objects:
            obj.save()
    return counts
