"""Outbox dead letters: when a message was given up, when the beheerder was told, and who may re-queue it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_user_session_version'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='outboxmessage',
            options={'ordering': ['created_at'], 'permissions': [('requeue_outboxmessage', 'Mag mislukte uitgaande e-mail opnieuw versturen')], 'verbose_name': 'uitgaand bericht', 'verbose_name_plural': 'uitgaande berichten (outbox)'},
        ),
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
