"""A public code for each recorded child: a return plan names the children who travel by it."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Child = apps.get_model("people", "Child")
    for child in Child.objects.filter(code__isnull=True).only("pk"):
        child.code = uuid.uuid4()
        child.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("people", "0003_drop_statistical_birth_date")]
    operations = [
        migrations.AddField(model_name="child", name="code", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="child",
            name="code",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
