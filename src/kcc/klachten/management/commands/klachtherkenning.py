"""``kcc klachtherkenning``: score texts for complaint signals (the contract in issue 6).

    echo "tekst" | kcc klachtherkenning --json
    kcc klachtherkenning --batch teksten.jsonl --json
    kcc klachtherkenning train [--json]

``train`` trains a new version of the learned model on the agents' decisions and activates it only
when it beats the rules (see kcc.klachten.learning); it prints the figures of the new version.

Batch input is JSON lines ``{"id": str, "tekst": str}``; output is one JSON line per input line.
A malformed line is reported on standard error with its line number and skipped; the other lines
are still scored, and the command exits with status 1 when any line was bad (so a caller never
mistakes a partial run for a complete one).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.klachten.recognition import recognise


class Command(BaseCommand):
    help = "Klachtherkenning: lees een tekst (of JSON-regels met --batch) en geef klachtsignaal, score en redenen."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("actie", nargs="?", choices=["train"], help="train: leer een nieuwe versie van het model")
        parser.add_argument("--json", action="store_true", help="uitvoer als JSON (standaard)")
        parser.add_argument("--batch", metavar="BESTAND", help="JSON-regels met id en tekst; '-' is standaardinvoer")

    def handle(self, *args, actie: str | None = None, batch: str | None = None, **options) -> None:
        if actie == "train":
            self._train(as_json=options["json"])
        elif batch is None:
            self._single()
        else:
            self._batch(batch)

    def _train(self, *, as_json: bool) -> None:
        from django.core.exceptions import ValidationError

        from kcc.klachten import services

        try:
            row = services.train_recognition_model()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if as_json:
            fields = ("version", "training_size", "held_out_size", "held_out", "blind", "active", "decision")
            self.stdout.write(json.dumps({name: getattr(row, name) for name in fields}, ensure_ascii=False))
            return
        held = row.held_out
        self.stdout.write(
            f"Versie {row.version}: {row.training_size} voorbeelden getraind, {row.held_out_size} achtergehouden.\n"
            f"Achtergehouden: model precision {held['model']['precision']:.3f} recall {held['model']['recall']:.3f}; "
            f"regels precision {held['regels']['precision']:.3f} recall {held['regels']['recall']:.3f}.\n"
            f"{row.decision}"
        )

    def _single(self) -> None:
        text = sys.stdin.read()
        if not text.strip():
            raise CommandError("Geen tekst ontvangen op standaardinvoer.")
        self.stdout.write(json.dumps(recognise(text).as_json(), ensure_ascii=False))

    def _batch(self, name: str) -> None:
        if name == "-":
            lines = sys.stdin.read().splitlines()
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"Bestand niet gevonden: {name}")
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except UnicodeDecodeError as error:
                raise CommandError(f"{name} is geen UTF-8-tekst: {error}") from None
        bad = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if (
                    not isinstance(item, dict)
                    or not isinstance(item.get("id"), str)
                    or not isinstance(item.get("tekst"), str)
                ):
                    raise ValueError('verwacht {"id": tekst, "tekst": tekst}')
            except ValueError as error:
                bad += 1
                self.stderr.write(f"regel {number}: ongeldige invoer overgeslagen ({error})")
                continue
            self.stdout.write(json.dumps({"id": item["id"], **recognise(item["tekst"]).as_json()}, ensure_ascii=False))
        if bad:
            raise CommandError(f"{bad} ongeldige regel(s) overgeslagen; zie de meldingen hierboven.")
