from django.core.management.base import BaseCommand, CommandError

from kcc.accounts import services
from kcc.core.models import User


class Command(BaseCommand):
    help = (
        "Geef een gebruiker een nieuw API-token (een eerder token vervalt). Het token staat alleen op de "
        "laatste regel en wordt nergens bewaard; KCC bewaart er alleen een hash van."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("gebruikersnaam")

    def handle(self, *args, gebruikersnaam: str, **options) -> None:
        user = User.objects.filter(username=gebruikersnaam, is_active=True).first()
        if user is None:
            raise CommandError(f"Er is geen actieve gebruiker '{gebruikersnaam}'.")
        token = services.issue_api_token(actor=None, user=user)
        self.stderr.write(f"Nieuw API-token voor {gebruikersnaam}; een eerder token werkt niet meer.")
        self.stdout.write(token)
