"""``kcc zoekindex opbouwen [--source X]``: rebuild the search index of the registered sources.

Needed after a bulk change outside the services (a database restore, a raw import), or to let
compound splitting use the full vocabulary: indexing one document at a time only knows the words
indexed before it.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.core.search import get_engine, registered_sources


class Command(BaseCommand):
    help = "Zoekindex beheren."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{opbouwen}")
        rebuild = actions.add_parser("opbouwen", help="De zoekindex opnieuw opbouwen.")
        rebuild.add_argument("--source", help="Alleen deze bron (standaard: alle).")

    def handle(self, *args: Any, action: str, source: str | None = None, **options: Any) -> None:
        sources = registered_sources()
        if source is not None and source not in sources:
            raise CommandError(f"Onbekende bron ‘{source}’. Bekende bronnen: {', '.join(sorted(sources)) or 'geen'}.")
        engine = get_engine()
        for name in [source] if source else sorted(sources):
            started = time.perf_counter()
            count = engine.rebuild(name, sources[name]())
            self.stdout.write(f"{name}: {count} documenten geïndexeerd in {time.perf_counter() - started:.1f} s.")
