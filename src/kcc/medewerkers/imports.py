"""``kcc medewerkers import FILE --format csv``: people from a spreadsheet, idempotent on e-mail.

Every row is checked first; a row with an unknown unit code, a bad phone number, a bad schedule
or an unknown stand-in is rejected with its line number and a reason, and the others are added
or updated, each in its own transaction. A row is never half-imported. Columns (header row
required, comma or semicolon separated, UTF-8):

``email`` (required, the key), ``naam`` (required), ``functie``, ``eenheden`` (unit codes separated
by ``|``, the first is the main unit, required), ``telefoon_intern``, ``mobiel``, ``mobiel_tonen``
(ja/nee), ``vaardigheden`` (separated by ``|``), ``rooster`` (``ma:ochtend,middag;di:ochtend`` or
``ma-vr:ochtend,middag``), ``vervanger`` (an e-mail address of a person or a unit code), ``actief``
(ja/nee, default ja).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kcc.core.models import OrganisationUnit
from kcc.medewerkers.models import Person
from kcc.medewerkers.services import clean_phone, clean_schedule, clean_skills, save_person
from kcc.medewerkers.snapshot import bump

REQUIRED_COLUMNS = ("email", "naam", "eenheden")
COLUMNS = (
    "email",
    "naam",
    "functie",
    "eenheden",
    "telefoon_intern",
    "mobiel",
    "mobiel_tonen",
    "vaardigheden",
    "rooster",
    "vervanger",
    "actief",
)
IMPORTED_FIELDS = (
    "name",
    "function",
    "email",
    "phone_internal",
    "phone_mobile",
    "show_mobile",
    "skills",
    "schedule",
    "is_active",
)
YES = {"ja", "j", "yes", "true", "1", "waar"}
NO = {"nee", "n", "no", "false", "0", "onwaar", ""}


class ImportFormatError(Exception):
    """The file as a whole cannot be read."""


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "toegevoegd": len(self.added),
            "bijgewerkt": len(self.updated),
            "ongewijzigd": len(self.unchanged),
            "afgewezen": [{"regel": line, "reden": reason} for line, reason in self.rejected],
        }


@dataclass
class _Row:
    line: int
    email: str
    fields: dict[str, Any]
    unit_codes: list[str]
    stand_in: str
    is_new: bool = True


def _flag(value: str, column: str, default: bool) -> bool:
    text = (value or "").strip().lower()
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(f"‘{column}’ is ja of nee (kreeg ‘{value}’).")


def _parse_row(line: int, raw: dict[str, str]) -> _Row:
    values = {key: (value or "").strip() for key, value in raw.items() if key}
    email = values.get("email", "").lower()
    if not email:
        raise ValidationError("‘email’ ontbreekt.")
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(f"‘{email}’ is geen geldig e-mailadres.") from error
    if not values.get("naam"):
        raise ValidationError("‘naam’ ontbreekt.")
    codes = [code.strip() for code in values.get("eenheden", "").split("|") if code.strip()]
    if not codes:
        raise ValidationError("‘eenheden’ ontbreekt: noem ten minste één eenheidscode.")
    fields = {
        "name": values["naam"][:200],
        "function": values.get("functie", "")[:200],
        "email": email,
        "phone_internal": clean_phone(values.get("telefoon_intern", ""), "Intern nummer"),
        "phone_mobile": clean_phone(values.get("mobiel", ""), "Mobiel nummer"),
        "show_mobile": _flag(values.get("mobiel_tonen", ""), "mobiel_tonen", False),
        "skills": clean_skills(values.get("vaardigheden", "")),
        "schedule": clean_schedule(values.get("rooster", "")),
        "is_active": _flag(values.get("actief", ""), "actief", True),
    }
    return _Row(line, email, fields, codes, values.get("vervanger", "").lower())


def _read(text: str) -> list[tuple[int, dict[str, str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if missing := [column for column in REQUIRED_COLUMNS if column not in header]:
        raise ImportFormatError(f"De kopregel mist de kolom(men) {', '.join(missing)}.")
    if unknown := [column for column in header if column not in COLUMNS]:
        raise ImportFormatError(f"Onbekende kolom(men): {', '.join(unknown)}. Toegestaan: {', '.join(COLUMNS)}.")
    reader.fieldnames = header
    return [(reader.line_num, row) for row in reader if any((value or "").strip() for value in row.values())]


def _current(person: Person) -> tuple:
    """What a row would set, as the person is now (``memberships__unit`` and stand-ins loaded)."""
    stand_in = person.stand_in_person.email if person.stand_in_person else ""
    stand_in = stand_in or (person.stand_in_unit.code if person.stand_in_unit else "")
    fields = {name: getattr(person, name) for name in IMPORTED_FIELDS}
    return fields, [membership.unit.code for membership in person.memberships.all()], stand_in


def import_people(text: str) -> ImportReport:
    rows = _read(text)
    units = {unit.code: unit for unit in OrganisationUnit.objects.all()}
    parsed: dict[str, _Row] = {}
    rejected: dict[int, str] = {}
    for line, raw in rows:
        try:
            row = _parse_row(line, raw)
        except ValidationError as error:
            rejected[line] = " ".join(error.messages)
            continue
        if unknown := [code for code in row.unit_codes if code not in units]:
            rejected[line] = f"Onbekende eenheidscode(s): {', '.join(unknown)}."
        elif row.email in parsed:
            rejected[line] = f"‘{row.email}’ staat al op regel {parsed[row.email].line}."
        elif row.stand_in == row.email:
            rejected[line] = "Een medewerker kan niet zijn eigen vervanger zijn."
        else:
            parsed[row.email] = row
    known = set(Person.objects.filter(email__in=[r.stand_in for r in parsed.values()]).values_list("email", flat=True))
    # A stand-in must be a unit, a known person or a person in an accepted row; rejecting a row
    # can invalidate rows that named it, so repeat until nothing changes.
    changed = True
    while changed:
        changed = False
        for email, row in list(parsed.items()):
            target = row.stand_in
            if target and target not in units and target not in known and target not in parsed:
                rejected[row.line] = f"De vervanger ‘{target}’ is geen bekende medewerker of eenheidscode."
                del parsed[email]
                changed = True
    report = ImportReport()
    deferred: list[_Row] = []
    for row in parsed.values():
        try:
            with transaction.atomic():
                outcome = _save_row(row, units)
        except ValidationError as error:
            rejected[row.line] = " ".join(error.messages)
            continue
        if outcome == "deferred":
            deferred.append(row)
            outcome = "added" if row.is_new else "updated"
        getattr(report, outcome).append(row.line)
    for row in deferred:
        _link_stand_in(row)
    report.rejected = sorted(rejected.items())
    return report


def _save_row(row: _Row, units: dict[str, OrganisationUnit]) -> str:
    """Add or update one person; ``deferred`` when the stand-in is a person further down the file."""
    person = (
        Person.objects.filter(email=row.email)
        .select_related("stand_in_person", "stand_in_unit")
        .prefetch_related("memberships__unit")
        .first()
    )
    row.is_new = person is None
    if person is not None and _current(person) == (row.fields, row.unit_codes, row.stand_in):
        return "unchanged"
    stand_in: Person | OrganisationUnit | None = units.get(row.stand_in)
    if stand_in is None and row.stand_in:
        stand_in = Person.objects.filter(email=row.stand_in).first()
    save_person(
        actor=None, person=person, units=[units[code] for code in row.unit_codes], stand_in=stand_in, **row.fields
    )
    if row.stand_in and stand_in is None:
        return "deferred"
    return "added" if row.is_new else "updated"


@transaction.atomic
def _link_stand_in(row: _Row) -> None:
    bump()  # update() sends no signal
    Person.objects.filter(email=row.email).update(
        stand_in_person=Person.objects.get(email=row.stand_in), stand_in_unit=None
    )


def import_people_file(path: Path, file_format: str = "csv") -> ImportReport:
    if file_format != "csv":
        raise ImportFormatError(f"Onbekend formaat ‘{file_format}’. Gebruik --format csv.")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise ImportFormatError(f"Het bestand {path} bestaat niet.") from error
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"Het bestand {path} is geen UTF-8-tekst.") from error
    return import_people(text)
