"""``kcc mail receive`` (one raw message on standard input, for an MTA pipe transport) and
``kcc mail poll`` (every IMAP mailbox once).

``receive`` prints exactly one JSON line ``{"nummer": str, "status": str, "thread": str}``; status
is ``nieuw``, ``toegevoegd``, ``duplicaat`` or ``quarantaine``. Unreadable input is kept raw and
quarantined (exit 0); only a failure to store anything at all (e.g. no database) exits 75
(EX_TEMPFAIL), so the MTA delivers again later.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandParser

from kcc.mail import imap, services

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "E-mail: één bericht inlezen van standaardinvoer (receive) of de IMAP-postvakken ophalen (poll)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("receive", help="lees één RFC 5322-bericht van standaardinvoer")
        poll = sub.add_parser("poll", help="haal nieuwe berichten op uit elk actief IMAP-postvak")
        poll.add_argument("--limit", type=int, default=None, help="hoogstens zoveel berichten per postvak")

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "receive":
            self._receive()
        else:
            self._poll(options.get("limit"))

    def _receive(self) -> None:
        raw = sys.stdin.buffer.read()
        try:
            result = services.ingest(raw)
        except Exception as error:
            self.stderr.write(f"Bericht niet opgeslagen, probeer later opnieuw: {type(error).__name__}: {error}")
            sys.exit(EX_TEMPFAIL)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))

    def _poll(self, limit: int | None) -> None:
        failed = False
        for result in imap.poll_all(limit=limit):
            line = {"postvak": result.mailbox, "opgehaald": result.fetched, "statussen": result.statuses}
            if result.error:
                line["fout"] = result.error
                failed = True
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if failed:
            sys.exit(1)
