"""``kcc zgw abonneren``: register KCC's callback for kanaal zaken with the Notificaties API."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kcc.integraties import services
from kcc.integraties.client import IntegrationError
from kcc.integraties.models import IntegrationJob
from kcc.zaken import notificaties


class Command(BaseCommand):
    help = "ZGW: 'abonneren' neemt een abonnement op kanaal zaken bij de Notificaties API (eenmalig)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["abonneren"])

    def handle(self, *args, **options) -> None:
        try:
            job = notificaties.subscribe()
        except IntegrationError as error:
            raise CommandError(str(error)) from error
        services.sync("notificaties")
        job.refresh_from_db()
        if job.status != IntegrationJob.Status.SENT:
            raise CommandError(f"Abonnement niet geregistreerd: {job.last_error or job.get_status_display()}")
        self.stdout.write(f"Abonnement op kanaal zaken: {job.result.get('abonnement', '')}")
        self.stdout.write(f"Notificaties komen binnen op {notificaties.callback_url()}")
