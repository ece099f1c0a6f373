"""``kcc kennisbank import|export|publiceren|search|zoektermen-leren``: the knowledge base from the command line.

``search`` is a stable contract used by acceptance checks (see docs/kennisbank-import.md):
one JSON object per query with the query, the time the search call took inside this process,
and the results best first.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kcc.core.search import QueryTooLong
from kcc.integraties.services import sync
from kcc.kennisbank.exporters import write_kiss_vacs
from kcc.kennisbank.importers import FORMATS, ImportFileError, import_file, import_from_objects_api
from kcc.kennisbank.objects_api import SYSTEM, configured_objects_url, queue_all
from kcc.kennisbank.search import search_vacs
from kcc.kennisbank.services import learn_search_terms

EXPORT_FORMATS = ("kiss-vac",)


class Command(BaseCommand):
    help = "Kennisbank: VAC's importeren, exporteren en doorzoeken."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{import,export,publiceren,search,zoektermen-leren}"
        )
        importing = actions.add_parser("import", help="VAC's importeren uit een bestand of een Objects API.")
        importing.add_argument("path", type=Path, nargs="?")
        importing.add_argument("--format", help=f"Een van: {', '.join(FORMATS)}.")
        importing.add_argument(
            "--objects-api",
            nargs="?",
            const="",
            metavar="URL",
            help="Uit een Objects API (API-root; zonder URL de ingestelde). Token: KCC_OBJECTS_API_TOKEN.",
        )
        importing.add_argument("--objecttype", help="URL van het VAC-objecttype (standaard KCC_VAC_OBJECTTYPE_URL).")
        exporting = actions.add_parser("export", help="Alle VAC's exporteren.")
        exporting.add_argument("--format", required=True, help=f"Een van: {', '.join(EXPORT_FORMATS)}.")
        exporting.add_argument("--output", type=Path, help="Bestand om naar te schrijven (standaard: stdout).")
        exporting.add_argument(
            "--objects-api-url",
            help="API-root van de Objects API met de VAC's (voor gerelateerdeVACs; standaard KCC_OBJECTS_API_URL).",
        )
        actions.add_parser("publiceren", help="Alle VAC's nu (opnieuw) naar de Objects API sturen.")
        searching = actions.add_parser("search", help="Zoeken zoals een medewerker (actieve VAC's).")
        searching.add_argument("query", nargs="?", help="De zoekvraag.")
        searching.add_argument("--batch", type=Path, help="Bestand met één zoekvraag per regel.")
        searching.add_argument("--json", action="store_true", help="Uitvoer als JSON.")
        searching.add_argument("--limit", type=int, default=10)
        actions.add_parser(
            "zoektermen-leren",
            help="Zoektermen leren uit de zoekopdrachten van medewerkers (gebeurt ook elke nacht).",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"handle_{action.replace('-', '_')}")(**options)

    def handle_zoektermen_leren(self, **options: Any) -> None:
        report = learn_search_terms()
        self.stdout.write(
            f"Geleerde zoektermen die meetellen: {report.active}. Nieuw: {report.added}, "
            f"vervallen: {report.dropped}, VAC's opnieuw geïndexeerd: {report.reindexed}."
        )

    def handle_import(
        self, *, path: Path | None, format: str | None, objects_api: str | None, objecttype: str | None, **options: Any
    ) -> None:
        from_api = objects_api is not None
        if from_api == (path is not None) or (path is not None and not format):
            raise CommandError("Geef een bestand met --format, óf --objects-api [URL].")
        unit = "record" if from_api else "regel"
        try:
            report = import_from_objects_api(objects_api, objecttype) if from_api else import_file(path, format)
        except ImportFileError as error:
            raise CommandError(f"{error} Er is niets geïmporteerd.") from None
        self.stdout.write(
            f"Toegevoegd: {report.added}, bijgewerkt: {report.updated}, "
            f"ongewijzigd: {report.unchanged}, geweigerd: {len(report.rejected)}."
        )
        for line, reason in report.rejected:
            self.stderr.write(f"{unit.capitalize()} {line} geweigerd: {reason}")
        for line, reason in report.warnings:
            self.stderr.write(f"{unit.capitalize()} {line} geïmporteerd, maar: {reason}")
        if not report.ok:
            raise CommandError(f"{len(report.rejected)} {unit}(s) geweigerd; de andere zijn geïmporteerd.")

    def handle_export(self, *, format: str, output: Path | None, objects_api_url: str | None, **options: Any) -> None:
        if format not in EXPORT_FORMATS:
            raise CommandError(f"Onbekend exportformaat ‘{format}’. Kies uit: {', '.join(EXPORT_FORMATS)}.")
        objects_url = objects_api_url or configured_objects_url()
        if output is None:
            count = write_kiss_vacs(self.stdout, objects_url)
        else:
            try:
                with output.open("w", encoding="utf-8") as stream:
                    count = write_kiss_vacs(stream, objects_url)
            except OSError as error:
                raise CommandError(f"Kan {output} niet schrijven: {error.strerror}.") from None
        self.stderr.write(f"{count} VAC's geëxporteerd.")
        if not objects_url:
            self.stderr.write(
                "Let op: zonder --objects-api-url (of KCC_OBJECTS_API_URL) zijn de gerelateerde VAC's weggelaten."
            )

    def handle_publiceren(self, **options: Any) -> None:
        try:
            queued = queue_all(timezone.now().strftime("volledig-%Y%m%d%H%M%S"))
        except LookupError as error:
            raise CommandError(str(error)) from None
        run = sync(SYSTEM)
        self.stdout.write(
            f"VAC's: {queued}. Verstuurd: {run.sent}, later opnieuw: {run.retried + run.waiting}, "
            f"geparkeerd: {run.parked}, mislukt: {run.failed}."
        )
        if run.retried or run.waiting or run.parked or run.failed:
            raise CommandError("Niet alles is aangekomen; zie de integratiestatus in het beheer.")

    def handle_search(self, *, query: str | None, batch: Path | None, json: bool, limit: int, **options: Any) -> None:
        if (query is None) == (batch is None):
            raise CommandError("Geef een zoekvraag óf --batch BESTAND.")
        if limit < 1:
            raise CommandError("--limit moet 1 of meer zijn.")
        search_vacs("", public_only=False)  # opens the connection and loads the synonyms: not search time
        failed = 0
        for line in self._queries(query, batch):
            result = self._search(line, limit)
            failed += "error" in result
            self._print(result, as_json=json)
        if failed:
            raise CommandError(f"{failed} zoekvraag/-vragen konden niet worden uitgevoerd.")

    def _queries(self, query: str | None, batch: Path | None):
        if query is not None:
            yield query
            return
        try:
            with batch.open(encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        yield line.rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan {batch} niet lezen als UTF-8-tekst: {error}.") from None

    def _search(self, query: str, limit: int) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            results = search_vacs(query, public_only=False, limit=limit)
        except QueryTooLong as error:
            return {"query": query, "took_ms": 0.0, "results": [], "error": str(error)}
        took_ms = (time.perf_counter() - started) * 1000
        return {
            "query": query,
            "took_ms": round(took_ms, 3),
            "results": [
                {
                    "id": result.vac.pk,
                    "external_id": result.vac.external_id,
                    "vraag": result.vac.vraag,
                    "score": round(result.score, 6),
                }
                for result in results
            ],
        }

    def _print(self, result: dict[str, Any], *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json_dumps(result))
            return
        if "error" in result:
            self.stderr.write(result["error"])
            return
        self.stdout.write(f"{result['query']} ({len(result['results'])} resultaten, {result['took_ms']:.1f} ms)")
        for number, hit in enumerate(result["results"], 1):
            self.stdout.write(f"  {number:2}. [{hit['score']:.3f}] {hit['vraag']} (id {hit['id']})")


def json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
