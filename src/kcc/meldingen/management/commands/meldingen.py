"""``kcc meldingen categorieen import PATH --format signalen-csv [--afdeling CODE]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.core.models import OrganisationUnit
from kcc.meldingen.imports import import_signalen_csv

FORMATS = ("signalen-csv",)


class Command(BaseCommand):
    help = "Beheer van meldingen: categorieën importeren."

    def add_arguments(self, parser: CommandParser) -> None:
        subjects = parser.add_subparsers(dest="subject", required=True)
        categories = subjects.add_parser("categorieen", help="Categorieën van meldingen")
        actions = categories.add_subparsers(dest="action", required=True)
        do_import = actions.add_parser("import", help="Categorieën laden of bijwerken (idempotent)")
        do_import.add_argument("path", type=Path)
        do_import.add_argument("--format", required=True, choices=FORMATS)
        do_import.add_argument("--afdeling", default=None, help="code van de verantwoordelijke afdeling")

    def handle(self, *args, subject: str, action: str, path: Path, afdeling: str | None, **options) -> None:
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        unit = None
        if afdeling:
            unit = OrganisationUnit.objects.filter(code=afdeling).first()
            if unit is None:
                raise CommandError(f"Onbekende afdeling: {afdeling}")
        report = import_signalen_csv(path, unit=unit)
        for row in report.rows:
            line = f"regel {row.line}: {row.code or '-'}: {row.outcome}"
            self.stdout.write(f"{line} ({row.message})" if row.message else line)
        summary = ", ".join(
            f"{report.count(outcome)} {outcome}" for outcome in ("toegevoegd", "bijgewerkt", "ongewijzigd", "afgewezen")
        )
        if not report.ok:
            raise CommandError(f"Import klaar met fouten: {summary}")
        self.stdout.write(self.style.SUCCESS(f"Import klaar: {summary}"))
