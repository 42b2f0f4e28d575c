# Inquiries closed without a case (outcome, duplicate, day, encrypted note) and the queue's indexes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_referral_details'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalinquiry',
            name='closed_on',
            field=models.DateField(blank=True, null=True, verbose_name='afsluttet'),
        ),
        migrations.AddField(
            model_name='historicalinquiry',
            name='duplicate_of',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cases.inquiry'),
        ),
        migrations.AddField(
            model_name='historicalinquiry',
            name='outcome',
            field=models.CharField(blank=True, choices=[('advice_given', 'rådgivning givet'), ('referred_elsewhere', 'henvist til anden aktør'), ('no_person_concerned', 'ingen person berørt'), ('duplicate', 'dublet af anden henvendelse'), ('not_reached', 'kunne ikke kontaktes')], default='', max_length=32, verbose_name='udfald'),
        ),
        migrations.AddField(
            model_name='inquiry',
            name='closed_on',
            field=models.DateField(blank=True, null=True, verbose_name='afsluttet'),
        ),
        migrations.AddField(
            model_name='inquiry',
            name='duplicate_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cases.inquiry'),
        ),
        migrations.AddField(
            model_name='inquiry',
            name='outcome',
            field=models.CharField(blank=True, choices=[('advice_given', 'rådgivning givet'), ('referred_elsewhere', 'henvist til anden aktør'), ('no_person_concerned', 'ingen person berørt'), ('duplicate', 'dublet af anden henvendelse'), ('not_reached', 'kunne ikke kontaktes')], default='', max_length=32, verbose_name='udfald'),
        ),
        migrations.AddField(
            model_name='inquiry',
            name='outcome_note_ct',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(fields=['state', 'received_on', 'id'], name='inquiry_state_idx'),
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(fields=['assigned_to', 'state', 'received_on'], name='inquiry_assignee_idx'),
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(fields=['channel', 'received_on'], name='inquiry_channel_idx'),
        ),
        migrations.AddIndex(
            model_name='inquiry',
            index=models.Index(fields=['sender_type', 'received_on'], name='inquiry_sender_idx'),
        ),
    ]
