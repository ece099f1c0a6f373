"""Security of the e-mail channel: a secret per forward, unverified replies, hard-bounce
suppression and the IMAP intake guard. Existing forwards each get their own secret."""

import secrets

from django.db import migrations, models

import kcc.mail.models


def fill_secrets(apps, schema_editor):
    Forward = apps.get_model("mail", "Forward")
    for forward in Forward.objects.filter(secret__isnull=True).only("pk").iterator():
        Forward.objects.filter(pk=forward.pk).update(secret=secrets.token_hex(12))


class Migration(migrations.Migration):

    dependencies = [
        ('mail', '0002_attachment_tnef'),
    ]

    operations = [
        migrations.CreateModel(
            name='SuppressedAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.CharField(max_length=254, unique=True, verbose_name='e-mailadres')),
                ('until', models.DateTimeField(verbose_name='geen automatische berichten tot')),
                ('reason', models.CharField(max_length=300, verbose_name='reden')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'geblokkeerd adres (harde bounce)',
                'verbose_name_plural': 'geblokkeerde adressen (harde bounces)',
                'ordering': ['-until'],
            },
        ),
        migrations.AddField(
            model_name='forward',
            name='secret',
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(fill_secrets, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='forward',
            name='secret',
            field=models.CharField(default=kcc.mail.models.new_forward_secret, editable=False, max_length=32, unique=True),
        ),
        migrations.AddField(
            model_name='mailbox',
            name='pending_attempts',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='mailbox',
            name='pending_uid',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='message',
            name='verification',
            field=models.CharField(blank=True, help_text='How a back-office reply proved (or failed to prove) it belongs to its forward.', max_length=300, verbose_name='controle backoffice-antwoord'),
        ),
        migrations.AlterField(
            model_name='message',
            name='kind',
            field=models.CharField(choices=[('inwoner', 'Van inwoner'), ('automatisch', 'Automatisch bericht (afwezig, onbestelbaar, lijst)'), ('backoffice', 'Antwoord van backoffice'), ('bevestiging', 'Ontvangstbevestiging'), ('antwoord', 'Antwoord aan inwoner'), ('doorsturing', 'Doorgestuurd naar backoffice'), ('herinnering', 'Herinnering of escalatie'), ('quarantaine', 'Niet te lezen (quarantaine)'), ('onbevestigd', 'Lijkt antwoord backoffice, niet bevestigd (beoordelen)')], max_length=20, verbose_name='soort'),
        ),
    ]
