"""Drop the plain follow-up note, now encrypted in `note_ct` (step 3 of 3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("screening", "0003_encrypt_follow_up_note")]

    operations = [
        migrations.RemoveField(model_name="followup", name="note"),
    ]
