"""Drop the plain free-text columns, now encrypted in their `*_ct` columns (step 3 of 3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_encrypt_free_text")]

    operations = [
        migrations.RemoveField(model_name="decision", name="exception_reason"),
        migrations.RemoveField(model_name="historicaldecision", name="exception_reason"),
        migrations.RemoveField(model_name="stay", name="place"),
        migrations.RemoveField(model_name="historicalstay", name="place"),
        migrations.RemoveField(model_name="statusrecord", name="reason"),
    ]
