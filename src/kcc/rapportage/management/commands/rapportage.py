"""``kcc rapportage <tabel> --van YYYY-MM-DD --tot YYYY-MM-DD [--eenheid CODE] [--niveau dienst] [--json|--csv]``
and ``kcc rapportage jaarverslag --jaar YYYY --output FILE.pdf``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.rapportage import exports, selectors, services, tables


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Managementinformatie: een tabel over een periode (tekst, JSON of CSV) of het jaarverslag als PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for table in tables.all_tables():
            table_parser = sub.add_parser(table.key, help=table.description)
            table_parser.add_argument("--van", required=True, help="eerste dag (JJJJ-MM-DD), inclusief")
            table_parser.add_argument("--tot", required=True, help="laatste dag (JJJJ-MM-DD), inclusief")
            table_parser.add_argument("--eenheid", help="code van een eenheid: alleen die eenheid en wat eronder valt")
            table_parser.add_argument("--niveau", default="dienst", help="dienst, sector of afdeling (bereikbaarheid)")
            output = table_parser.add_mutually_exclusive_group()
            output.add_argument("--json", action="store_true", help="de cijfers als JSON")
            output.add_argument("--csv", action="store_true", help="de tabel als CSV")
        aggregates = sub.add_parser("aggregaten", help="dagtellingen van het dashboard controleren of herberekenen")
        action = aggregates.add_mutually_exclusive_group(required=True)
        action.add_argument("--controleer", action="store_true", help="vergelijk de dagtellingen met de gegevens")
        action.add_argument("--herbereken", action="store_true", help="tel alles opnieuw uit de gegevens")
        annual = sub.add_parser("jaarverslag", help="jaarverslag aan de raad als PDF")
        annual.add_argument("--jaar", type=int, required=True)
        annual.add_argument("--output", required=True, help="PDF-bestand")

    def handle(self, *args, subcommand: str, **options) -> None:
        try:
            if subcommand == "jaarverslag":
                self._annual(options["jaar"], Path(options["output"]))
                return
            if subcommand == "aggregaten":
                self._aggregates(rebuild=options["herbereken"])
                return
            context = selectors.build_context(options["van"], options["tot"], options["eenheid"], options["niveau"])
            report = selectors.report(subcommand, context)
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.data, ensure_ascii=False))
        elif options["csv"]:
            self.stdout.write(exports.to_csv(report), ending="")
        else:
            self._text(report)

    def _aggregates(self, *, rebuild: bool) -> None:
        if rebuild:
            rows = services.rebuild_aggregates()
            self.stdout.write("Dagtellingen herberekend: " + ", ".join(f"{name} {n}" for name, n in rows.items()))
            return
        differences = selectors.aggregate_differences()
        for name, wrong in differences.items():
            self.stdout.write(f"{name}: {len(wrong)} tellingen wijken af, bijvoorbeeld {next(iter(wrong.items()))}")
        if differences:
            raise CommandError("De dagtellingen kloppen niet: herstel ze met ‘kcc rapportage aggregaten --herbereken’.")
        self.stdout.write("De dagtellingen kloppen met de gegevens.")

    def _annual(self, year: int, output: Path) -> None:
        reports = selectors.annual_reports(year)
        if output.suffix.lower() != ".pdf":
            raise CommandError(f"Het jaarverslag wordt een PDF: geef een bestandsnaam die eindigt op .pdf ({output}).")
        if not output.parent.exists():
            raise CommandError(f"Map {output.parent} bestaat niet.")
        output.write_bytes(exports.annual_pdf(year, reports, selectors.council_notes(year)))
        self.stderr.write(f"Jaarverslag {year} geschreven naar {output}")

    def _text(self, report: tables.Report) -> None:
        self.stdout.write(f"{report.title}, {report.context.period.label}")
        for figure in report.figures:
            self.stdout.write(f"  {figure.label}: {figure.value_text} (norm {figure.norm_text}) {figure.light}")
        for grid in report.grids:
            self.stdout.write(f"\n{grid.title}")
            rows = [grid.header, *([cell.text for cell in row] for row in grid.rows)]
            if grid.footer:
                rows.append([cell.text for cell in grid.footer])
            widths = [max(len(str(row[i])) for row in rows if i < len(row)) for i in range(len(grid.header))]
            for row in rows:
                self.stdout.write("  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=False)))
