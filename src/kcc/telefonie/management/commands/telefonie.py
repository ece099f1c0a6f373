"""``kcc telefonie``: the link with the phone system.

    kcc telefonie token create NAAM      a new API token for one phone system (printed once, last line)
    kcc telefonie simuleer [--url URL]   a few realistic calls through the events API, for the demo
    kcc telefonie queuelog import FILE   queue statistics from an Asterisk/FreePBX queue_log (.gz or - too)

One ``_add_<group>`` method per subcommand group registers its parser; ``handle`` dispatches to
``_<group>`` with the parsed options.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kcc.core.models import User
from kcc.core.roles import Role
from kcc.medewerkers.models import Person
from kcc.telefonie import queuelog, services

CALLERS = ["0612345678", "0201234567", "anoniem", "0687654321", "0101234567", "0650001122"]
LINES = ["Algemeen", "Belastingen", "Burgerzaken", "Wonen"]
UNKNOWN_NUMBER = "0301234567"


class Command(BaseCommand):
    help = "Telefonie: tokens voor de telefooncentrale en een simulatie van gesprekken."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="group", required=True)
        self._add_token(sub)
        self._add_simuleer(sub)
        self._add_queuelog(sub)

    def handle(self, *args, group: str, **options: Any) -> None:
        getattr(self, f"_{group}")(**options)

    # -- token -------------------------------------------------------------------------------

    def _add_token(self, sub: Any) -> None:
        token = sub.add_parser("token", help="API-tokens van telefooncentrales")
        actions = token.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="maak een token; de laatste regel is de token zelf")
        create.add_argument("name", metavar="NAAM", help="naam van de telefooncentrale, bijvoorbeeld ‘Centrale KCC’")

    def _token(self, *, action: str, name: str, **options: Any) -> None:
        try:
            system, token = services.create_token(name)
        except ValidationError as error:
            messages = "; ".join(str(m) for ms in error.message_dict.values() for m in ms)
            raise CommandError(f"Geen token gemaakt: {messages}") from error
        self.stdout.write(
            f"Token voor ‘{system.name}’ gemaakt. Bewaar hem nu: KCC toont hem nooit meer "
            "(intrekken kan in het beheer, onder Telefooncentrales)."
        )
        self.stdout.write(token)

    # -- simuleer ----------------------------------------------------------------------------

    def _add_simuleer(self, sub: Any) -> None:
        simulate = sub.add_parser("simuleer", help="stuur een paar gesprekken door de gebeurtenissen-API")
        simulate.add_argument("--url", default="http://127.0.0.1:8000", help="adres van KCC (standaard %(default)s)")
        simulate.add_argument("--token", help="token van een telefooncentrale (standaard: er wordt er een gemaakt)")
        simulate.add_argument(
            "--medewerker",
            action="append",
            help="gebruikersnaam die opneemt (herhaalbaar; standaard alle KCC-medewerkers)",
        )
        simulate.add_argument("--gesprekken", type=int, default=3, help="aantal gesprekken (standaard %(default)s)")
        simulate.add_argument(
            "--tempo", type=float, default=3.0, help="seconden tussen de stappen (standaard %(default)s)"
        )
        simulate.add_argument("--seed", type=int, help="vaste willekeur, voor een herhaalbare simulatie")

    def _simuleer(
        self, *, url: str, token: str | None, medewerker: list[str] | None, gesprekken: int, tempo: float,
        seed: int | None, **options: Any,
    ) -> None:  # fmt: skip
        if not 1 <= gesprekken <= 1000:
            raise CommandError("Kies tussen 1 en 1000 gesprekken.")
        if tempo < 0:
            raise CommandError("Het tempo kan niet negatief zijn.")
        agents = self._agents(medewerker)
        if token is None:
            system, token = services.create_token(f"Simulatie {timezone.now():%Y-%m-%d %H:%M:%S.%f}")
            self.stdout.write(f"Token gemaakt voor ‘{system.name}’.")
        post = _Poster(url.rstrip("/") + "/api/v1/telefonie/gebeurtenissen/", token)
        rng = random.Random(seed)
        targets = [number for number in Person.objects.filter(is_active=True).exclude(phone_internal="")
                   .order_by("id").values_list("phone_internal", flat=True)[:20]] or [UNKNOWN_NUMBER]  # fmt: skip
        run = f"sim-{int(time.time() * 1000)}"
        for index in range(gesprekken):
            call = {
                "gesprek_id": f"{run}-{index + 1}",
                "van": rng.choice(CALLERS),
                "naar": "14020",
                "lijn": rng.choice(LINES),
            }
            agent = agents[index % len(agents)]
            arrived = timezone.now() - timedelta(seconds=rng.randint(8, 45))
            post(call, "binnenkomend", arrived)
            if index % 4 == 3:
                post(call, "beeindigd", timezone.now())
                self.stdout.write(f"Gesprek {call['gesprek_id']} op {call['lijn']}: opgehangen in de wachtrij.")
                continue
            result = post(call, "aangenomen", timezone.now(), medewerker=agent)
            self.stdout.write(
                f"Gesprek {call['gesprek_id']} van {call['van']} op {call['lijn']}: aangenomen door {agent} "
                f"(contactmoment {result.get('contactmoment')})."
            )
            time.sleep(tempo)
            if index % 2 == 1:
                target = rng.choice([*targets, UNKNOWN_NUMBER])
                answered = rng.random() < 0.5
                post(call, "doorverbonden", timezone.now(), doel=target, beantwoord=answered)
                self.stdout.write(f"  doorverbonden naar {target}: {'opgenomen' if answered else 'geen gehoor'}.")
                time.sleep(tempo)
            post(call, "beeindigd", timezone.now())
        self.stdout.write(f"{gesprekken} gesprekken gesimuleerd op {url}.")

    @staticmethod
    def _agents(usernames: list[str] | None) -> list[str]:
        if usernames:
            known = set(User.objects.filter(username__in=usernames, is_active=True).values_list("username", flat=True))
            if missing := [name for name in usernames if name not in known]:
                raise CommandError(f"Onbekende medewerker: {', '.join(missing)}.")
            return usernames
        group = Group.objects.filter(name=Role.AGENT.value).first()
        agents = list(group.user_set.filter(is_active=True).order_by("username").values_list("username", flat=True)
                      ) if group else []  # fmt: skip
        if not agents:
            raise CommandError("Er zijn geen KCC-medewerkers om op te nemen; geef er een met --medewerker.")
        return agents

    # -- queuelog ----------------------------------------------------------------------------

    def _add_queuelog(self, sub: Any) -> None:
        group = sub.add_parser("queuelog", help="wachtrijstatistieken uit de queue_log van Asterisk of FreePBX")
        actions = group.add_subparsers(dest="action", required=True)
        importer = actions.add_parser("import", help="lees een queue_log in; nogmaals inlezen verandert niets")
        importer.add_argument("path", metavar="BESTAND", help="queue_log, ook gecomprimeerd (.gz), of - voor stdin")

    def _queuelog(self, *, action: str, path: str, **options: Any) -> None:
        # Bytes that are not UTF-8 only occur in fields KCC does not keep (the caller's name).
        if path == "-":
            report = queuelog.import_lines(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace"))
        elif not Path(path).is_file():
            raise CommandError(f"Bestand ‘{path}’ niet gevonden.")
        else:
            opener = gzip.open if path.endswith(".gz") else open
            try:
                with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
                    report = queuelog.import_lines(lines)
            except (OSError, EOFError) as error:
                raise CommandError(f"Bestand ‘{path}’ is niet te lezen: {error}") from error
        for refused in report.refused:
            self.stderr.write(str(refused))
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError(f"{len(report.refused)} regel(s) geweigerd; de andere regels zijn wel ingelezen.")


class _Poster:
    """POSTs one event and returns the answer; any refusal stops the simulation with KCC's reason."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token

    def __call__(self, call: dict[str, str], kind: str, moment: datetime, **fields: Any) -> dict[str, Any]:
        body = json.dumps({**call, "gebeurtenis": kind, "tijdstip": moment.isoformat(), **fields}).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise CommandError(
                f"KCC weigerde ‘{kind}’ ({error.code}): {error.read().decode(errors='replace')}"
            ) from error
        except (urllib.error.URLError, OSError) as error:
            raise CommandError(
                f"Geen KCC bereikbaar op {self.url}: {error}. Start KCC met ‘kcc run’ of geef --url."
            ) from error
