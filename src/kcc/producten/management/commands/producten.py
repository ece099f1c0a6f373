"""``kcc producten import PATH --format upl-csv``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.producten.imports import ImportFileError, import_upl_csv

FORMATS = ("upl-csv",)


class Command(BaseCommand):
    help = "Productencatalogus: producten importeren uit de Uniforme Productnamenlijst."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        do_import = actions.add_parser("import", help="Gemeentelijke producten laden of bijwerken (idempotent)")
        do_import.add_argument("path", type=Path)
        do_import.add_argument("--format", required=True, choices=FORMATS)

    def handle(self, *args, action: str, path: Path, **options) -> None:
        try:
            report = import_upl_csv(path)
        except ImportFileError as error:
            raise CommandError(f"{error} Er is niets veranderd.") from error
        for rejected in report.rejected:
            self.stdout.write(f"regel {rejected.line}: {rejected.name or '-'}: afgewezen ({rejected.reason})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Import klaar: {len(report.added)} toegevoegd, {len(report.updated)} bijgewerkt, "
                f"{len(report.unchanged)} ongewijzigd, {len(report.rejected)} afgewezen, "
                f"{report.skipped_not_municipal} regels overgeslagen (niet gemeentelijk)"
            )
        )
