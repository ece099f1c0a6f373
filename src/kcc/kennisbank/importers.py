"""Importing VAC's: the project's own JSON lines, the Rijksoverheid FAQ CSV export, and the VAC
objects of an Objects API (what KISS reads, see docs/integraties-vac.md).

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
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from kcc.core.models import OrganisationUnit, User
from kcc.integraties.client import IntegrationError
from kcc.kennisbank import objects_api
from kcc.kennisbank.models import VAC
from kcc.kennisbank.services import EDITABLE_FIELDS, save_vac
from kcc.producten.models import Product


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
    products: tuple[str, ...] | None = None  # UPL URIs; unknown ones are kept as links
    related_urls: tuple[str, ...] = ()  # object URLs, resolved after every object is in
    uuid: str = ""  # taken over by a new VAC, so publishing it later updates the same object


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line or record number, reason)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # imported, but something is missing

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


# -- VAC objects of an Objects API (KISS) ---------------------------------------------------

KISS_STATUS_IN = {"actief": VAC.Status.ACTIVE, "non-actief": VAC.Status.INACTIVE, "te-verwijderen": VAC.Status.INACTIVE}
KISS_AUDIENCE_IN = {
    "eu-burger": VAC.Audience.CITIZEN,
    "eu-bedrijf": VAC.Audience.BUSINESS,
    "eu-burger-bedrijf": VAC.Audience.BOTH,
}


def parse_kiss_objects(objects: list[Any]) -> Iterator[tuple[int, RowInput | RowRejected]]:
    """One VAC per object of the VAC objecttype (its current record), numbered from 1 in the order read."""
    for number, obj in enumerate(objects, 1):
        try:
            yield number, _kiss_row(obj)
        except RowRejected as rejected:
            where = obj.get("url") if isinstance(obj, dict) and isinstance(obj.get("url"), str) else ""
            yield number, RowRejected(f"{where}: {rejected}" if where else str(rejected))


def _list_of(data: dict, name: str, key: str) -> list[str]:
    items = data.get(name, [])
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get(key), str) and item[key].strip() for item in items
    ):
        raise RowRejected(f"‘{name}’ moet een lijst van objecten met een tekst in ‘{key}’ zijn.")
    return [item[key].strip() for item in items]


def import_from_objects_api(api_root: str | None, type_url: str | None, *, actor: User | None = None) -> ImportReport:
    """Import every VAC object of the objecttype; all pages are read first, so a failing API imports nothing."""
    try:
        type_url = type_url or objects_api.objecttype()[0]
        with objects_api.client_for(api_root or "") as client:
            objects = objects_api.fetch_vac_objects(client, type_url)
    except LookupError as error:
        raise ImportFileError(str(error)) from None
    except IntegrationError as error:
        raise ImportFileError(f"De Objects API gaf geen bruikbaar antwoord: {error}.") from None
    return import_rows(parse_kiss_objects(objects), actor=actor)


def _kiss_row(obj: Any) -> RowInput:
    if not isinstance(obj, dict) or not isinstance(obj.get("url"), str) or not obj["url"].startswith("http"):
        raise RowRejected("Het object heeft geen ‘url’.")
    record = obj.get("record")
    data = record.get("data") if isinstance(record, dict) else None
    if not isinstance(data, dict):
        raise RowRejected("Het object heeft geen record met gegevens (record.data).")
    for name in ("vraag", "antwoord"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise RowRejected(f"Het veld ‘{name}’ ontbreekt of is leeg.")
    if data.get("status") not in KISS_STATUS_IN:
        raise RowRejected(f"Onbekende status ‘{str(data.get('status'))[:40]}’ (actief, non-actief of te-verwijderen).")
    if data.get("doelgroep") not in KISS_AUDIENCE_IN:
        raise RowRejected(f"Onbekende doelgroep ‘{str(data.get('doelgroep'))[:40]}’.")
    if not isinstance(data.get("toelichting", ""), str):
        raise RowRejected("Het veld ‘toelichting’ is geen tekst.")
    units = data.get("afdelingen", [])
    if not isinstance(units, list) or not all(isinstance(unit, dict) for unit in units):
        raise RowRejected("‘afdelingen’ moet een lijst van objecten zijn.")
    codes = tuple(_unit_of_kiss(unit).code for unit in units)
    products = _list_of(data, "gerelateerdeProducten", "product")
    related = _list_of(data, "gerelateerdeVACs", "VAC")
    for url in (*products, *related):
        if not url.startswith(("https://", "http://")):
            raise RowRejected(f"‘{url[:60]}’ is geen webadres.")
    uuid_text = obj.get("uuid") if isinstance(obj.get("uuid"), str) else ""
    return RowInput(
        fields={
            "external_id": obj["url"][:200],
            "vraag": data["vraag"],
            "antwoord": data["antwoord"],
            "toelichting": data.get("toelichting", ""),
            "trefwoorden": _list_of(data, "trefwoorden", "trefwoord"),
            "doelgroep": KISS_AUDIENCE_IN[data["doelgroep"]],
            "status": KISS_STATUS_IN[data["status"]],
            "source": "objects-api",
        },
        afdelingen=codes,
        related=None,
        products=tuple(products),
        related_urls=tuple(related),
        uuid=uuid_text if _is_uuid(uuid_text) else "",
    )


def _unit_of_kiss(unit: dict) -> OrganisationUnit:
    """The unit by its code (``afdelingId``), else by its name (``afdelingNaam``)."""
    code, name = str(unit.get("afdelingId") or "").strip(), str(unit.get("afdelingNaam") or "").strip()
    found = OrganisationUnit.objects.filter(code=code).first() if code else None
    found = found or (OrganisationUnit.objects.filter(name__iexact=name).first() if name else None)
    if found is None:
        raise RowRejected(f"Onbekende afdeling ‘{name or code}’: maak die eerst aan in KCC (code of naam).")
    return found


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
    return import_rows(parse(read_text(path)), actor=actor)


def import_rows(rows: Iterator[tuple[int, RowInput | RowRejected]], *, actor: User | None = None) -> ImportReport:
    """Write each parsed row in its own transaction; a rejected row is reported, the others go in."""
    report = ImportReport()
    first = next(rows, None)  # parsing the header may still reject the whole file
    if first is None:
        return report
    pending_relations: list[tuple[int, VAC, tuple[str, ...]]] = []
    for line, row in (first, *rows):
        if isinstance(row, RowRejected):
            report.rejected.append((line, str(row)))
            continue
        try:
            with transaction.atomic():
                outcome, vac = _write(row, actor)
        except RowRejected as rejected:
            report.rejected.append((line, str(rejected)))
        except ValidationError as error:
            report.rejected.append((line, _validation_message(error)))
        else:
            setattr(report, outcome, getattr(report, outcome) + 1)
            if row.related_urls:
                pending_relations.append((line, vac, row.related_urls))
    for line, vac, urls in pending_relations:
        _relate_by_url(line, vac, urls, actor, report)
    return report


def _write(row: RowInput, actor: User | None) -> tuple[str, VAC]:
    """Create or update the row's VAC; 'added', 'updated' or 'unchanged' (then rolled back)."""
    afdelingen = [_unit(code) for code in row.afdelingen] if row.afdelingen is not None else None
    related = _related(row.related) if row.related is not None else None
    fields, products = _with_products(row)
    existing = VAC.objects.filter(external_id=fields["external_id"]).first()
    if existing is None:
        vac = save_vac(actor=actor, afdelingen=afdelingen, related=related, **fields)
        if row.uuid and not VAC.objects.filter(uuid=row.uuid).exists():
            VAC.objects.filter(pk=vac.pk).update(uuid=row.uuid)
            vac.uuid = row.uuid
        if products is not None:
            vac.products.set(products)
        return "added", vac
    before = _state(existing)
    savepoint = transaction.savepoint()
    vac = save_vac(vac=existing, actor=actor, afdelingen=afdelingen, related=related, **fields)
    if products is not None:
        vac.products.set(products)
    if _state(vac) == before:
        # save_vac cleans exactly as it stores, so comparing after it is the only honest test.
        transaction.savepoint_rollback(savepoint)
        return "unchanged", VAC.objects.get(pk=existing.pk)
    transaction.savepoint_commit(savepoint)
    return "updated", vac


def _with_products(row: RowInput) -> tuple[dict[str, Any], list[Product] | None]:
    """The row's catalogue products by UPL URI; URIs the catalogue lacks are kept as links, not lost."""
    if row.products is None:
        return row.fields, None
    found = {product.upl_uri: product for product in Product.objects.filter(upl_uri__in=row.products)}
    unknown = [{"label": "Product", "url": uri} for uri in row.products if uri not in found]
    fields = {**row.fields, "links": [*row.fields.get("links", []), *unknown]} if unknown else row.fields
    return fields, [found[uri] for uri in row.products if uri in found]


def _state(vac: VAC) -> dict[str, Any]:
    state = {name: getattr(vac, VAC._meta.get_field(name).attname) for name in EDITABLE_FIELDS}
    state["afdelingen"] = sorted(vac.afdelingen.values_list("pk", flat=True))
    state["related"] = sorted(vac.related.values_list("pk", flat=True))
    state["products"] = sorted(vac.products.values_list("pk", flat=True))
    return state


def _relate_by_url(line: int, vac: VAC, urls: tuple[str, ...], actor: User | None, report: ImportReport) -> None:
    """Second pass: link VAC's by the object URLs KISS uses (imported objects, or VAC's KCC published)."""
    uuids = {url: url.rstrip("/").rsplit("/", 1)[-1] for url in urls}
    candidates = VAC.objects.filter(Q(external_id__in=urls) | Q(uuid__in=[u for u in uuids.values() if _is_uuid(u)]))
    by_key = {key: other for other in candidates for key in (other.external_id, str(other.uuid)) if key}
    found = {url: by_key.get(url) or by_key.get(uuids[url]) for url in urls}
    missing = [url for url, other in found.items() if other is None]
    if missing:
        report.warnings.append(
            (line, f"Gerelateerde VAC('s) niet gevonden, niet gekoppeld: {', '.join(missing)[:300]}.")
        )
    wanted = {other.pk for other in found.values() if other is not None and other.pk != vac.pk}
    if wanted - set(vac.related.values_list("pk", flat=True)):
        with transaction.atomic():
            save_vac(vac=vac, actor=actor, related=[*vac.related.all(), *VAC.objects.filter(pk__in=wanted)])


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


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
