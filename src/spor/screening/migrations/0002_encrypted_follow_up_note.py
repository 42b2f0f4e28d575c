"""Add the encrypted column for the follow-up note (step 1 of 3)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_ads_versions_images_crawls")]

    operations = [
        migrations.AddField(model_name="followup", name="note_ct", field=models.TextField(blank=True, default="")),
    ]
