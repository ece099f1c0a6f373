"""``kcc contactmomenten import``: history and migration from JSON lines, idempotent on ``extern_id``.

Each line is validated completely before anything is written; valid lines are stored in bulk per
batch. A line is stored whole or not at all, and the report names every rejected line and why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from kcc.contacten.intake import Lookups, ParsedContact, parse_contact
from kcc.contacten.models import Contactmoment
from kcc.contacten.services import store_contacts

BATCH_SIZE = 2000


@dataclass
class RejectedLine:
    line: int
    extern_id: str | None
    errors: list[str]

    def __str__(self) -> str:
        label = f"regel {self.line}" + (f" ({self.extern_id})" if self.extern_id else "")
        return f"{label}: {'; '.join(self.errors)}"


@dataclass
class ImportReport:
    stored: int = 0
    already_present: int = 0
    rejected: list[RejectedLine] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        return (
            f"{self.stored} contactmoment(en) opgeslagen, {self.already_present} al aanwezig, "
            f"{len(self.rejected)} regel(s) afgewezen."
        )


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {message}" for name, messages in error.message_dict.items() for message in messages]
    return error.messages


def _parse(line_number: int, text: str, lookups: Lookups) -> ParsedContact | RejectedLine:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return RejectedLine(line_number, None, [f"geen geldige JSON ({error.msg}, teken {error.pos + 1})"])
    if not isinstance(data, dict):
        return RejectedLine(line_number, None, ["een regel is één JSON-object met één contact"])
    extern_id = data.get("extern_id")
    if not isinstance(extern_id, str) or not extern_id.strip():
        return RejectedLine(line_number, None, ["extern_id ontbreekt: dat is nodig om dubbel importeren te voorkomen"])
    try:
        return parse_contact(data, lookups)
    except ValidationError as error:
        return RejectedLine(line_number, extern_id, _messages(error))


def _forget_keys(parsed: ParsedContact) -> None:
    """After a rolled-back insert, the instances must be inserted again as new rows."""
    objects = [parsed.contact]
    for question in parsed.questions:
        objects += [question.question, *question.attempts]
    for obj in objects:
        obj.pk = None
        obj._state.adding = True


def _store_batch(batch: list[tuple[int, ParsedContact]], report: ImportReport) -> None:
    try:
        with transaction.atomic():
            store_contacts([parsed for _, parsed in batch])
        report.stored += len(batch)
        return
    except DatabaseError:
        pass  # One line conflicts (e.g. stored meanwhile by another import): store line by line.
    for line_number, parsed in batch:
        _forget_keys(parsed)
        try:
            with transaction.atomic():
                store_contacts([parsed])
            report.stored += 1
        except DatabaseError as error:
            if Contactmoment.objects.filter(extern_id=parsed.contact.extern_id).exists():
                report.already_present += 1
            else:
                report.rejected.append(
                    RejectedLine(line_number, parsed.contact.extern_id, [f"niet opgeslagen: {error}"])
                )


def _numbered_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, text in enumerate(lines, start=1):
        if text.strip():
            yield number, text


def import_contacts(lines: Iterable[str]) -> ImportReport:
    report = ImportReport()
    lookups = Lookups.all_units()
    seen: set[str] = set()
    numbered = _numbered_lines(lines)
    while chunk := list(islice(numbered, BATCH_SIZE)):
        parsed_lines: list[tuple[int, ParsedContact]] = []
        for line_number, text in chunk:
            result = _parse(line_number, text, lookups)
            if isinstance(result, RejectedLine):
                report.rejected.append(result)
            elif result.contact.extern_id in seen:
                report.already_present += 1
            else:
                seen.add(result.contact.extern_id)
                parsed_lines.append((line_number, result))
        existing = set(
            Contactmoment.objects.filter(
                extern_id__in=[parsed.contact.extern_id for _, parsed in parsed_lines]
            ).values_list("extern_id", flat=True)
        )
        report.already_present += len(existing)
        new = [(number, parsed) for number, parsed in parsed_lines if parsed.contact.extern_id not in existing]
        if new:
            _store_batch(new, report)
    return report


def import_contacts_file(path: Path) -> ImportReport:
    with path.open(encoding="utf-8") as lines:
        return import_contacts(lines)
