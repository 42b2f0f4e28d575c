"""Encrypt the free text typed about persons that was stored in plain text, history tables too.

The plain column's text is copied, encrypted, into its `*_ct` column
(docs/architecture.md#encryption-at-rest); the plain columns are dropped by the next migration.
The reverse decrypts back into the plain columns. The helpers are copied from the app's crypto
module as they were when this was written (migrations import nothing from the project).
"""

import json

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import migrations

APP = "cases"
#: model -> (plain column, encrypted column)
COLUMNS = {
    "Decision": ("exception_reason", "exception_reason_ct"),
    "HistoricalDecision": ("exception_reason", "exception_reason_ct"),
    "Stay": ("place", "place_ct"),
    "HistoricalStay": ("place", "place_ct"),
    "StatusRecord": ("reason", "reason_ct"),
}
BATCH = 500


def _fernet():
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_KEYS])


def _encrypt(fernet, value):
    if value in (None, ""):
        return ""
    return fernet.encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).decode()


def _decrypt(fernet, token):
    return json.loads(fernet.decrypt(token.encode())) if token else ""


def _copy(apps, *, from_plain, convert):
    fernet = _fernet()
    for name, columns in COLUMNS.items():
        model = apps.get_model(APP, name)
        plain, encrypted = columns
        read, write = (plain, encrypted) if from_plain else (encrypted, plain)
        rows = []
        for row in model._default_manager.exclude(**{read: ""}).only(model._meta.pk.name, read).iterator():
            setattr(row, write, convert(fernet, getattr(row, read)))
            rows.append(row)
        model._default_manager.bulk_update(rows, [write], batch_size=BATCH)


def encrypt(apps, schema_editor):
    _copy(apps, from_plain=True, convert=_encrypt)


def decrypt(apps, schema_editor):
    _copy(apps, from_plain=False, convert=_decrypt)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_encrypted_free_text_columns")]

    operations = [migrations.RunPython(encrypt, decrypt)]
