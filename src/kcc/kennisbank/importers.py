"""Importing VAC's from files: the project's own JSON lines and the Rijksoverheid FAQ CSV export.

Every row is written through ``save_vac`` in its own transaction, so a rejected row changes
nothing while the valid rows are imported, and the search index is up to date afterwards.
Rows are matched on ``external_id``: importing the same file twice adds nothing and creates no
new versions (the row counts as unchanged). Problems with the file as a whole (unknown format,
missing file, not UTF-8, wrong columns) are raised before any row is written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kcc.core.models import OrganisationUnit, User
from kcc.kennisbank.models import VAC
from kcc.kennisbank.services import EDITABLE_FIELDS, save_vac


class ImportFileError(Exception):
    """The file cannot be imported at all; nothing was written."""


class RowRejected(Exception):
    """One row cannot be imported; the message says why, in Dutch."""


@dataclass(frozen=True)
class RowInput:
    """A parsed row: the fields for ``save_vac`` and the references to resolve."""

    fields: dict[str, Any]
    afdelingen: tuple[str, ...] | None = None
    related: tuple[str, ...] | None = None


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    @property
    def ok(self) -> bool:
        return not self.rejected


# -- JSON lines -----------------------------------------------------------------------------

JSONL_FIELDS = {
    "external_id": str,
    "vraag": str,
    "antwoord": str,
    "toelichting": str,
    "trefwoorden": list,
    "doelgroep": str,
    "status": str,
    "is_public": bool,
    "review_date": (str, type(None)),
    "links": list,
    "source": str,
    "owner_unit": (str, type(None)),
    "afdelingen": list,
    "related": list,
}
JSONL_REQUIRED = ("external_id", "vraag", "antwoord")
JSONL_DEFAULTS = {"status": VAC.Status.ACTIVE, "source": "jsonl"}


def parse_jsonl(text: str) -> Iterator[tuple[int, RowInput | RowRejected]]:
    """One VAC per non-empty line (see docs/kennisbank-import.md for the fields)."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, _jsonl_row(line)
        except RowRejected as rejected:
            yield number, rejected


def _jsonl_row(line: str) -> RowInput:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise RowRejected(f"Geen geldige JSON ({error.msg}, teken {error.colno}).") from None
    if not isinstance(data, dict):
        raise RowRejected("Elke regel moet één JSON-object zijn.")
    unknown = sorted(set(data) - set(JSONL_FIELDS))
    if unknown:
        raise RowRejected(f"Onbekende velden: {', '.join(unknown)}.")
    for name in JSONL_REQUIRED:
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise RowRejected(f"Het veld ‘{name}’ ontbreekt of is leeg.")
    for name, kind in JSONL_FIELDS.items():
        if name in data and not isinstance(data[name], kind):
            raise RowRejected(f"Het veld ‘{name}’ heeft een verkeerd type.")
    for name in ("trefwoorden", "afdelingen", "related"):
        if not all(isinstance(item, str) for item in data.get(name, [])):
            raise RowRejected(f"Het veld ‘{name}’ moet een lijst van teksten zijn.")
    if data.get("review_date"):
        try:
            date.fromisoformat(data["review_date"])
        except ValueError:
            raise RowRejected("Het veld ‘review_date’ is geen datum (JJJJ-MM-DD).") from None
    for link in data.get("links", []):
        if not (isinstance(link, dict) and isinstance(link.get("url"), str) and isinstance(link.get("label", ""), str)):
            raise RowRejected("Elke link is een object met ‘label’ en ‘url’.")
        if not link["url"].startswith(("https://", "http://", "mailto:", "tel:")):
            raise RowRejected(f"De link ‘{link['url'][:60]}’ is geen webadres.")
    fields = {**JSONL_DEFAULTS, **{k: v for k, v in data.items() if k in EDITABLE_FIELDS and k != "owner_unit"}}
    fields["external_id"] = data["external_id"].strip()
    if "owner_unit" in data:
        fields["owner_unit"] = _unit(data["owner_unit"]) if data["owner_unit"] else None
    return RowInput(
        fields=fields,
        afdelingen=tuple(data["afdelingen"]) if "afdelingen" in data else None,
        related=tuple(data["related"]) if "related" in data else None,
    )


# -- Rijksoverheid CSV ----------------------------------------------------------------------

RIJKSOVERHEID_COLUMNS = (
    "id",
    "question",
    "reference_answer",
    "reference_answer_html",
    "canonical",
    "dataurl",
    "lastmodified",
    "authorities",
    "subjects",
    "themes",
    "organisationalunits",
    "license",
    "language",
    "location",
)
RIJKSOVERHEID_REQUIRED = ("id", "question", "reference_answer_html", "subjects", "canonical")


def parse_rijksoverheid_csv(text: str) -> Iterator[tuple[int, RowInput | RowRejected]]:
    """The FAQ export of rijksoverheid.nl (opendata.rijksoverheid.nl), one VAC per record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFileError("Het bestand heeft geen kopregel met kolomnamen.") from None
    missing = [column for column in RIJKSOVERHEID_REQUIRED if column not in header]
    if missing:
        raise ImportFileError(
            f"Dit is geen Rijksoverheid-export: de kolommen {', '.join(missing)} ontbreken "
            f"(verwacht: {', '.join(RIJKSOVERHEID_COLUMNS)})."
        )
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, RowRejected(f"De regel is geen geldige CSV ({error}); controleer de aanhalingstekens.")
            continue
        if not any(value.strip() for value in record):
            continue
        if len(record) != len(header):
            yield start, RowRejected(f"De regel heeft {len(record)} kolommen in plaats van {len(header)}.")
            continue
        try:
            yield start, _rijksoverheid_row(dict(zip(header, record, strict=True)))
        except RowRejected as rejected:
            yield start, rejected


def _rijksoverheid_row(row: dict[str, str]) -> RowInput:
    for column, label in (("id", "id"), ("question", "vraag (question)"), ("reference_answer_html", "antwoord")):
        if not row[column].strip():
            raise RowRejected(f"De kolom ‘{column}’ ({label}) is leeg.")
    keywords = [part.strip() for column in ("subjects", "themes") for part in row.get(column, "").split("|")]
    canonical = row["canonical"].strip()
    if canonical and not canonical.startswith(("https://", "http://")):
        raise RowRejected(f"De link ‘{canonical[:60]}’ is geen webadres.")
    return RowInput(
        fields={
            "external_id": row["id"].strip(),
            "vraag": row["question"],
            "antwoord": row["reference_answer_html"],
            "trefwoorden": [keyword for keyword in keywords if keyword],
            "links": [{"label": "Rijksoverheid.nl", "url": canonical}] if canonical else [],
            "source": "rijksoverheid",
            "status": VAC.Status.ACTIVE,
            "is_public": True,
        }
    )


# -- writing --------------------------------------------------------------------------------

FORMATS: dict[str, Callable[[str], Iterator[tuple[int, RowInput | RowRejected]]]] = {
    "jsonl": parse_jsonl,
    "rijksoverheid-csv": parse_rijksoverheid_csv,
}


def read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(f"Het bestand {path} bestaat niet.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is een map, geen bestand.") from None
    except UnicodeDecodeError as error:
        raise ImportFileError(f"Het bestand {path} is geen UTF-8 (byte {error.start}).") from None


def import_file(path: Path, format_name: str, *, actor: User | None = None) -> ImportReport:
    """Import every row of ``path``; raises ``ImportFileError`` when the file as a whole is unusable."""
    parse = FORMATS.get(format_name)
    if parse is None:
        raise ImportFileError(f"Onbekend formaat ‘{format_name}’. Kies uit: {', '.join(FORMATS)}.")
    rows = parse(read_text(path))
    report = ImportReport()
    first = next(rows, None)  # parsing the header may still reject the whole file
    if first is None:
        return report
    for line, row in (first, *rows):
        if isinstance(row, RowRejected):
            report.rejected.append((line, str(row)))
            continue
        try:
            with transaction.atomic():
                outcome = _write(row, actor)
        except RowRejected as rejected:
            report.rejected.append((line, str(rejected)))
        except ValidationError as error:
            report.rejected.append((line, _validation_message(error)))
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _write(row: RowInput, actor: User | None) -> str:
    """Create or update the row's VAC; 'added', 'updated' or 'unchanged' (then rolled back)."""
    afdelingen = [_unit(code) for code in row.afdelingen] if row.afdelingen is not None else None
    related = _related(row.related) if row.related is not None else None
    existing = VAC.objects.filter(external_id=row.fields["external_id"]).first()
    if existing is None:
        save_vac(actor=actor, afdelingen=afdelingen, related=related, **row.fields)
        return "added"
    before = _state(existing)
    savepoint = transaction.savepoint()
    vac = save_vac(vac=existing, actor=actor, afdelingen=afdelingen, related=related, **row.fields)
    if _state(vac) == before:
        # save_vac cleans exactly as it stores, so comparing after it is the only honest test.
        transaction.savepoint_rollback(savepoint)
        return "unchanged"
    transaction.savepoint_commit(savepoint)
    return "updated"


def _state(vac: VAC) -> dict[str, Any]:
    state = {name: getattr(vac, VAC._meta.get_field(name).attname) for name in EDITABLE_FIELDS}
    state["afdelingen"] = sorted(vac.afdelingen.values_list("pk", flat=True))
    state["related"] = sorted(vac.related.values_list("pk", flat=True))
    return state


def _unit(code: str) -> OrganisationUnit:
    unit = OrganisationUnit.objects.filter(code=code).first()
    if unit is None:
        raise RowRejected(f"Onbekende afdeling ‘{code}’.")
    return unit


def _related(external_ids: tuple[str, ...]) -> list[VAC]:
    found = {vac.external_id: vac for vac in VAC.objects.filter(external_id__in=external_ids)}
    missing = [external_id for external_id in external_ids if external_id not in found]
    if missing:
        raise RowRejected(f"Gerelateerde VAC('s) niet gevonden: {', '.join(missing)} (importeer die eerst).")
    return [found[external_id] for external_id in external_ids]


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)
