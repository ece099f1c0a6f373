import json

from django.core.management.base import BaseCommand

from kcc.contacten.services import apply_retention


class Command(BaseCommand):
    help = "Anonimiseer contactgegevens waarvan de bewaartermijn voorbij is (ook dagelijks als achtergrondtaak)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(json.dumps(apply_retention(), ensure_ascii=False))
