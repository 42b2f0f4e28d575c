"""Return plans record their content (reintegration kinds, partner, travelling children, whether a
rate was on file); rates carry a source and who entered them; follow-up contacts after a return.

Existing plans keep their typed number of children in `children` (no child records are invented;
docs/definitions.md#reintegration-content).
"""

import django.db.models.deletion
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models

RATES_2026_SOURCE = "Handlingsplan til bekæmpelse af menneskehandel 2026–2029"


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_case_exit_and_reopening'),
        ('people', '0004_child_code'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='reintegrationrate',
            options={'ordering': ['kind', 'valid_from'], 'verbose_name': 'reintegrationssats', 'verbose_name_plural': 'reintegrationssatser'},
        ),
        migrations.AddField(
            model_name='historicalreturnplan',
            name='partner',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='partner i hjemlandet'),
        ),
        migrations.AddField(
            model_name='historicalreturnplan',
            name='rate_on_file',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='historicalreturnplan',
            name='reintegration',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='reintegrationrate',
            name='entered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='indtastet af'),
        ),
        migrations.AddField(
            model_name='reintegrationrate',
            name='source',
            # The rates on file before this migration are those of migration 0002.
            field=models.CharField(default=RATES_2026_SOURCE, help_text='Den retsakt eller det cirkulære, satsen står i.', max_length=300, verbose_name='kilde'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='returnplan',
            name='partner',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='partner i hjemlandet'),
        ),
        migrations.AddField(
            model_name='returnplan',
            name='rate_on_file',
            field=models.BooleanField(default=True),
        ),
        migrations.AddField(
            model_name='returnplan',
            name='reintegration',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='returnplan',
            name='travelling_children',
            field=models.ManyToManyField(blank=True, related_name='return_plans', to='people.child'),
        ),
        migrations.AlterField(
            model_name='reintegrationrate',
            name='amount_dkk',
            field=models.PositiveIntegerField(verbose_name='højst (kr.)'),
        ),
        migrations.AlterField(
            model_name='reintegrationrate',
            name='kind',
            field=models.CharField(choices=[('in_kind_adult', 'naturalier pr. voksen'), ('in_kind_child', 'naturalier pr. mindreårigt barn'), ('cash_single', 'kontant uden forsørgerpligt'), ('cash_provider', 'kontant med forsørgerpligt')], max_length=24, verbose_name='sats'),
        ),
        migrations.AlterField(
            model_name='reintegrationrate',
            name='valid_from',
            field=models.DateField(verbose_name='gælder fra'),
        ),
        migrations.AlterField(
            model_name='reintegrationrate',
            name='valid_to',
            field=models.DateField(verbose_name='gælder til og med'),
        ),
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('contacted_on', models.DateField()),
                ('channel', models.CharField(choices=[('phone', 'telefon'), ('video', 'video'), ('message', 'besked'), ('in_person', 'personligt møde'), ('via_partner', 'via partneren'), ('other', 'andet')], max_length=16)),
                ('outcome', models.CharField(choices=[('in_contact', 'i kontakt'), ('lost_contact', 'kontakten er mistet'), ('retrafficked', 'udsat for menneskehandel igen'), ('other', 'andet')], max_length=16)),
                ('note_ct', models.TextField(blank=True, default='')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='cases.returnplan')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['contacted_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalFollowUp',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('code', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                ('contacted_on', models.DateField()),
                ('channel', models.CharField(choices=[('phone', 'telefon'), ('video', 'video'), ('message', 'besked'), ('in_person', 'personligt møde'), ('via_partner', 'via partneren'), ('other', 'andet')], max_length=16)),
                ('outcome', models.CharField(choices=[('in_contact', 'i kontakt'), ('lost_contact', 'kontakten er mistet'), ('retrafficked', 'udsat for menneskehandel igen'), ('other', 'andet')], max_length=16)),
                ('note_ct', models.TextField(blank=True, default='')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.returnplan')),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical follow up',
                'verbose_name_plural': 'historical follow ups',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
