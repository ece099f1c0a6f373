from django.core.management.base import BaseCommand, CommandError

from kcc.accounts import services
from kcc.core.models import User


class Command(BaseCommand):
    help = (
        "Maak een gebruiker superuser (--aan) of neem dat af (--uit). Alleen hier kan dat; "
        "elke wijziging komt in het auditlog en beëindigt de sessies van die gebruiker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("gebruikersnaam")
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--aan", action="store_true", help="superuser maken")
        group.add_argument("--uit", action="store_true", help="superuser-status afnemen")

    def handle(self, *args, gebruikersnaam: str, aan: bool, uit: bool, **options) -> None:
        user = User.objects.filter(username=gebruikersnaam).first()
        if user is None:
            raise CommandError(f"Er is geen gebruiker '{gebruikersnaam}'.")
        changed = services.set_superuser(user=user, value=aan, via="kcc superuser")
        state = "superuser" if aan else "geen superuser"
        if changed:
            self.stdout.write(self.style.SUCCESS(f"{gebruikersnaam} is nu {state}. Vastgelegd in het auditlog."))
        else:
            self.stdout.write(f"{gebruikersnaam} was al {state}; er is niets gewijzigd.")
