"""The keyed birth-date token, and every person's blind index rebuilt with the tokens of names in
other scripts and consonant skeletons (docs/operations.md#blind-index), in batches."""

from django.db import migrations, models


def rebuild(apps, schema_editor):  # type: ignore[no-untyped-def]
    from spor.people.reindex import reindex_persons

    reindex_persons(apps.get_model("people", "Person"), apps.get_model("people", "PersonToken"))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_child_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="birth_date_token",
            field=models.CharField(blank=True, db_index=True, default="", max_length=34),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True),
    ]
