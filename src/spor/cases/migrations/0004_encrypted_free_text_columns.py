"""Add the encrypted columns for the free text still stored in plain text (step 1 of 3)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_list_indexes")]

    operations = [
        migrations.AddField(
            model_name="decision", name="exception_reason_ct", field=models.TextField(blank=True, default="")
        ),
        migrations.AddField(
            model_name="historicaldecision", name="exception_reason_ct", field=models.TextField(blank=True, default="")
        ),
        migrations.AddField(model_name="stay", name="place_ct", field=models.TextField(blank=True, default="")),
        migrations.AddField(
            model_name="historicalstay", name="place_ct", field=models.TextField(blank=True, default="")
        ),
        migrations.AddField(
            model_name="statusrecord", name="reason_ct", field=models.TextField(blank=True, default="")
        ),
    ]
