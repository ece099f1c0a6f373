import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.medewerkers.imports import ImportFormatError, import_people_file


class Command(BaseCommand):
    help = "Medewerkersgids: `kcc medewerkers import BESTAND --format csv` (kolommen: zie docs/medewerkers.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="Medewerkers toevoegen of bijwerken uit een CSV-bestand.")
        importer.add_argument("path", type=Path)
        importer.add_argument("--format", default="csv", choices=["csv"])

    def handle(self, *args, action: str, path: Path, format: str, **options) -> None:
        try:
            report = import_people_file(path, format)
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if not report.ok:
            raise CommandError(
                f"{len(report.rejected)} regel(s) afgewezen; de andere regels zijn verwerkt, de afgewezen niet."
            )
