"""``kcc klantinteracties sync``: send everything pending to Klantinteracties now."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kcc.integraties import services
from kcc.integraties.models import IntegrationJob
from kcc.klantinteracties.services import NAME, SYSTEM


class Command(BaseCommand):
    help = "Klantinteracties (Open Klant): 'sync' verstuurt alles wat klaarstaat en meldt wat niet lukte."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["sync"])

    def handle(self, *args, **options) -> None:
        if SYSTEM.connection() is None:
            raise CommandError("Klantinteracties is niet ingesteld (KCC_KLANTINTERACTIES_URL of het beheer).")
        run = services.sync(NAME)
        left = IntegrationJob.objects.filter(system=NAME).exclude(status=IntegrationJob.Status.SENT)
        counts = {status: left.filter(status=status).count() for status in IntegrationJob.Status.values}
        self.stdout.write(
            f"verstuurd: {run.sent}; opnieuw te proberen: {counts['pending']}; "
            f"geparkeerd: {counts['parked']}; mislukt: {counts['failed']}"
        )
        if counts["pending"] or counts["parked"] or counts["failed"]:
            raise CommandError("Niet alles is door Klantinteracties aangenomen; zie /koppelingen/.", returncode=2)
