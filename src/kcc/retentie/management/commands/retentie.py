import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kcc.retentie.services import apply_retention


class Command(BaseCommand):
    help = (
        "Pas de bewaartermijn van elk register toe: anonimiseer of verwijder wat over de termijn is, ook "
        "bestanden (ook dagelijks als achtergrondtaak)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Eén JSON-object, per register de aantallen."
        )
        parser.add_argument("--proef", "--dry-run", dest="dry_run", action="store_true",
                            help="Alleen tellen wat er zou gebeuren; niets wijzigen.")  # fmt: skip
        parser.add_argument("--register", action="append", dest="only", metavar="REGISTER",
                            help="Alleen dit register (mag vaker).")  # fmt: skip

    def handle(self, *args, as_json: bool = False, dry_run: bool = False, only=None, **options):
        try:
            result = apply_retention(dry_run=dry_run, only=only)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write("Proefdraai: er is niets gewijzigd." if dry_run else "Bewaartermijnen toegepast.")
        for key, run in result.items():
            line = (
                f"{key}: {run['geanonimiseerd']} geanonimiseerd, {run['verwijderd']} verwijderd, "
                f"{run['bestanden_verwijderd']} bestanden (termijn {run['termijn_maanden']} maanden)"
            )
            self.stdout.write(line)
            for skipped in run["overgeslagen"]:
                what = f"record {skipped['record']}" if skipped["record"] else "hele register"
                self.stdout.write(f"  overgeslagen ({what}): {skipped['reden']}")
