"""``kcc klachten jaaroverzicht --jaar YYYY [--output FILE]``: the register of written complaints
(Awb 9:12a) as CSV, one row per complaint, followed by nothing else (totals are on the page)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.klachten import selectors


class Command(BaseCommand):
    help = "Klachten: jaaroverzicht van de schriftelijke klachten (Awb 9:12a) als CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        year = sub.add_parser("jaaroverzicht", help="register van een jaar als CSV")
        year.add_argument("--jaar", type=int, required=True)
        year.add_argument("--output", help="bestand (standaard: standaarduitvoer)")

    def handle(self, *args, subcommand: str, jaar: int, output: str | None = None, **options) -> None:
        if not 1900 <= jaar <= 9999:
            raise CommandError(f"Ongeldig jaar: {jaar}")
        rows = selectors.register(jaar)
        if output:
            with Path(output).open("w", newline="", encoding="utf-8") as handle:
                self._write(handle, rows)
            self.stderr.write(f"{len(rows)} klachten geschreven naar {output}")
        else:
            self._write(sys.stdout, rows)

    @staticmethod
    def _write(handle, rows) -> None:
        writer = csv.writer(handle)
        writer.writerow(selectors.REGISTER_HEADER)
        for row in rows:
            kept = "" if row.term_kept is None else ("ja" if row.term_kept else "nee")
            writer.writerow([
                row.number, row.received_on.isoformat(), row.channel, row.form, row.subject_unit, row.status,
                row.judgment, row.deadline.isoformat(), row.closed_on.isoformat() if row.closed_on else "", kept,
            ])  # fmt: skip
