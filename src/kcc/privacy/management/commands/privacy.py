"""``kcc privacy``: the citizen's rights from the command line (inzage, verwijdering, open verzoeken)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kcc.privacy import selectors, services
from kcc.privacy.models import Right
from kcc.privacy.pdf import access_pdf
from kcc.privacy.selectors import SecretPersonError


class Command(BaseCommand):
    help = "Rechten van betrokkenen (AVG art. 15-17): inzage en verwijdering over alle registers, open verzoeken."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for name, help_text in (
            ("inzage", "Alle gegevens over één persoon, per register (AVG art. 15)."),
            ("verwijder", "Verwijder wat de wet toestaat; toon per record waarom de rest blijft (AVG art. 17)."),
        ):
            sub = actions.add_parser(name, help=help_text)
            who = sub.add_mutually_exclusive_group(required=True)
            who.add_argument("--telefoon", default="")
            who.add_argument("--email", default="")
            who.add_argument("--bsn", default="")
            sub.add_argument("--doel", default="", help="Verplicht bij een BSN: waarvoor u het gebruikt.")
            sub.add_argument("--json", action="store_true", help="Eén JSON-object op stdout.")
            if name == "inzage":
                sub.add_argument("--pdf", type=Path, help="Schrijf de inzage ook als PDF voor de burger.")
        actions.add_parser("verzoeken", help="De open AVG-verzoeken met hun uiterste datum.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verzoeken":
            for request in selectors.open_requests():
                self.stdout.write(
                    f"{request.number}\t{request.get_right_display()}\tuiterlijk {request.deadline:%d-%m-%Y}"
                )
            return
        pdf_path = options.get("pdf")
        if pdf_path and not pdf_path.parent.is_dir():
            raise CommandError(f"De map {pdf_path.parent} bestaat niet; er is geen verzoek geregistreerd.")
        right = Right.ACCESS if action == "inzage" else Right.ERASURE
        purpose = options["doel"] or f"{right.label} op verzoek van de betrokkene"
        try:
            person = services.identify(
                user=None,
                phone=options["telefoon"],
                email=options["email"],
                bsn=options["bsn"],
                purpose=options["doel"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        request = services.open_request(right=right, person=person, purpose=purpose, user=None)
        try:
            if right == Right.ACCESS:
                answer = services.access(person, user=None, purpose=purpose, request=request)
            else:
                answer = services.erase(person, user=None, request=request)
        except SecretPersonError as error:
            services.close(request, user=None, outcome={}, note=str(error), refused=True)
            raise CommandError(str(error)) from None
        services.close(request, user=None, outcome=_counts(answer))
        answer = {"verzoek": request.number, **answer}
        if options.get("pdf"):
            try:
                options["pdf"].write_bytes(access_pdf(answer, request_number=request.number))
            except OSError as error:
                raise CommandError(f"Kan {options['pdf']} niet schrijven: {error.strerror}.") from None
        if options["json"]:
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{request.number}: {right.label} voor {person.shown}")
        for register, part in answer["registers"].items():
            self.stdout.write(f"  {register}: {_summary(part)}")
        if answer.get("melding"):
            self.stdout.write(answer["melding"])


def _counts(answer: dict[str, Any]) -> dict[str, Any]:
    return {
        register: len(part)
        if isinstance(part, list)
        else {"verwijderd": part["verwijderd"], "geweigerd": len(part["geweigerd"])}
        for register, part in answer["registers"].items()
    }


def _summary(part: list | dict) -> str:
    if isinstance(part, list):
        return f"{len(part)} record(s)"
    refused = "; ".join(f"{item['nummer'] or item['id']}: {item['reden']}" for item in part["geweigerd"])
    return f"{part['verwijderd']} verwijderd" + (f", geweigerd: {refused}" if refused else "")
