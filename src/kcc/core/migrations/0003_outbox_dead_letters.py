"""Outbox dead letters: when a message was given up, and when the beheerder was told."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_outbox_attachments_cc_from'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='alerted_at',
            field=models.DateTimeField(blank=True, help_text='When the beheerder was mailed about it.', null=True),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='failed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='opgegeven op'),
        ),
    ]
