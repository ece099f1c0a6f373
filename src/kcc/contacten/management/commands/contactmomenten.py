from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.contacten.importer import import_contacts_file


class Command(BaseCommand):
    help = "Contactmomenten importeren: `kcc contactmomenten import BESTAND.jsonl` (één contact per regel)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="Contactmomenten toevoegen uit JSON lines; idempotent op extern_id.")
        importer.add_argument("path", type=Path)

    def handle(self, *args, action: str, path: Path, **options) -> None:
        if not path.is_file():
            raise CommandError(f"Bestand ‘{path}’ niet gevonden.")
        try:
            report = import_contacts_file(path)
        except UnicodeDecodeError as error:
            raise CommandError(f"Bestand ‘{path}’ is geen UTF-8-tekst: {error}") from error
        for rejected in report.rejected:
            self.stderr.write(str(rejected))
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(
                f"{len(report.rejected)} regel(s) niet opgeslagen; de andere regels zijn wel opgeslagen."
            )
