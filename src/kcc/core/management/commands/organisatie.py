import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.core.organisation import ImportFormatError, import_units_file


class Command(BaseCommand):
    help = "Organisatie-eenheden beheren: `kcc organisatie import BESTAND --format json`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="Eenheden toevoegen of bijwerken uit een JSON-bestand.")
        importer.add_argument("path", type=Path)
        importer.add_argument("--format", default="json", choices=["json"])

    def handle(self, *args, action: str, path: Path, format: str, **options) -> None:
        try:
            report = import_units_file(path, format)
        except ImportFormatError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if not report.ok:
            raise CommandError(f"{len(report.rejected)} eenheid/eenheden afgewezen; er is niets gewijzigd.")
