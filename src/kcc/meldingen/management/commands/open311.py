"""``kcc open311 apikey create NAME``: prints the new key alone on its last line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.meldingen.services import create_api_key


class Command(BaseCommand):
    help = "Open311 GeoReport v2: API-sleutels beheren."

    def add_arguments(self, parser: CommandParser) -> None:
        subjects = parser.add_subparsers(dest="subject", required=True)
        keys = subjects.add_parser("apikey", help="API-sleutels")
        actions = keys.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Nieuwe sleutel maken")
        create.add_argument("name")

    def handle(self, *args, subject: str, action: str, name: str, **options) -> None:
        try:
            api_key, plain = create_api_key(name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Sleutel ‘{api_key.name}’ gemaakt. Bewaar hem goed: hij wordt niet nog eens getoond.")
        self.stdout.write(plain)
