"""Seed the reintegration rates 2026–2029 (docs/definitions.md#reintegration-rates; action plan 2026–2029).

Maximum amounts in DKK: in kind 40,000 per adult + 9,000 per minor child; cash 10,000 without
dependants, 20,000 for providers. Data, not code: later rates are added as rows.
"""

from datetime import date

from django.db import migrations

RATES = [
    ("in_kind_adult", 40_000),
    ("in_kind_child", 9_000),
    ("cash_single", 10_000),
    ("cash_provider", 20_000),
]


def seed(apps, schema_editor):
    Rate = apps.get_model("cases", "ReintegrationRate")
    for kind, amount in RATES:
        Rate.objects.get_or_create(
            kind=kind, valid_from=date(2026, 1, 1), valid_to=date(2029, 12, 31), defaults={"amount_dkk": amount}
        )


def unseed(apps, schema_editor):
    Rate = apps.get_model("cases", "ReintegrationRate")
    Rate.objects.filter(valid_from=date(2026, 1, 1), valid_to=date(2029, 12, 31)).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_referral_process")]
    operations = [migrations.RunPython(seed, unseed)]
