"""Key both audit chains: a chain-head row per chain (the append lock) and a hash chain on the read log.

Rows written before this migration keep their unkeyed SHA-256 hashes: re-chaining them with the
key would bless any change made to them before. Instead the head row records where that prefix
ends (`legacy_until`) and seals the boundary with an HMAC under SPOR_AUDIT_KEY, so `spor
audit-verify` checks the prefix the old way and the keyed rows after it with the key, and no one
without the key can move the boundary to pass a rewritten chain off as old. The key in force when
this migration runs is the one the chain is sealed with (docs/operations.md, "Audit trail").
Read-log rows had no hashes at all: they get an unkeyed chain here, so the whole log is one chain.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64


def _digest(prev_hash, row):
    # The unkeyed digest of spor.audit.services, copied: migrations import nothing from spor.
    payload = json.dumps(row, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def _seal(chain, legacy_until, row_hash):
    # As spor.audit.services._seal.
    message = f"legacy|{chain}|{legacy_until}|{row_hash}"
    return hmac.new(settings.AUDIT_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def chain_read_log_and_seal(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    ReadLog = apps.get_model("audit", "ReadLog")
    ChainHead = apps.get_model("audit", "ChainHead")
    prev = GENESIS
    for entry in ReadLog.objects.order_by("id").iterator(chunk_size=2000):
        row = {
            "at": entry.at.isoformat(timespec="milliseconds"),
            "actor": entry.actor_id,
            "person_code": entry.person_code,
            "via": entry.via,
            "fields": entry.fields,
        }
        entry.prev_hash, entry.row_hash = prev, _digest(prev, row)
        entry.save(update_fields=["prev_hash", "row_hash"])
        prev = entry.row_hash
    for chain, model in (("events", AuditEvent), ("reads", ReadLog)):
        last_id, last_hash = model.objects.order_by("-id").values_list("id", "row_hash").first() or (0, "")
        seal = _seal(chain, last_id, last_hash) if last_id else ""
        ChainHead.objects.update_or_create(chain=chain, defaults={"legacy_until": last_id, "legacy_seal": seal})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_trail"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("chain", models.CharField(max_length=16, primary_key=True, serialize=False)),
                ("legacy_until", models.PositiveBigIntegerField(default=0)),
                ("legacy_seal", models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name="readlog",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="readlog",
            name="row_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(chain_read_log_and_seal, migrations.RunPython.noop),
    ]
