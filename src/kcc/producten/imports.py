"""``upl-csv``: the Uniforme Productnamenlijst (UPL) as published by Logius/KOOP.

Columns: ``UniformeProductnaam, URI, Rijk, Provincie, Waterschap, Gemeente, Burger, Bedrijf, ...,
Grondslag, Grondslaglabel, Grondslaglink``; an ``X`` marks a yes. A product appears once per legal
basis, so rows are grouped by URI. Municipal products are those with ``Gemeente = X`` (the column
that says which layer of government offers the product); other rows are skipped and counted.

The import is idempotent on the URI (and on the name, for a URI that changed): the UPL fields are
updated, the municipality's own fields (title, term, costs, ...) are never touched. A file that
cannot be read (not UTF-8, missing columns, no rows) changes nothing; a single bad row is rejected
with its reason and the others are imported, all in one transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from kcc.producten.models import Product
from kcc.producten.search import index_product
from kcc.producten.services import unique_slug

COLUMNS = ("UniformeProductnaam", "URI", "Gemeente", "Burger", "Bedrijf")
PLACEHOLDER_NAME = "upl-naam nog niet beschikbaar"
MAX_BYTES = 20_000_000


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why, in Dutch."""


@dataclass
class Rejected:
    line: int
    name: str
    reason: str


@dataclass
class UplReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    skipped_not_municipal: int = 0


@dataclass
class _Entry:
    line: int
    name: str
    uri: str
    for_citizens: bool
    for_businesses: bool
    legal_basis: list[dict] = field(default_factory=list)


def _read(path: Path) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"Bestand niet gevonden: {path}")
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise ImportFileError("Het bestand is te groot voor een productenlijst (meer dan 20 MB).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"Het bestand is geen UTF-8-tekst (fout bij byte {error.start}).") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(f"Dit is geen UPL-bestand: kolommen ontbreken: {', '.join(missing)}.")
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(f"Het bestand is geen geldige CSV: {error}.") from None
    if not rows:
        raise ImportFileError("Het bestand bevat geen producten.")
    return rows


def _group(rows: list[dict], report: UplReport) -> list[_Entry]:
    entries: dict[str, _Entry] = {}
    for line, row in enumerate(rows, start=2):
        name = (row.get("UniformeProductnaam") or "").strip()
        uri = (row.get("URI") or "").strip()
        if (row.get("Gemeente") or "").strip().upper() != "X":
            report.skipped_not_municipal += 1
            continue
        reason = ""
        if not name:
            reason = "de productnaam ontbreekt"
        elif name.lower() == PLACEHOLDER_NAME:
            reason = "plaatshouder in de UPL, geen echt product"
        elif len(name) > 200:
            reason = "de productnaam is langer dan 200 tekens"
        elif not uri.startswith(("http://", "https://")) or len(uri) > 300:
            reason = f"de URI ‘{uri[:80]}’ is geen geldige URL"
        elif uri in entries and entries[uri].name != name:
            reason = f"dezelfde URI staat ook bij ‘{entries[uri].name}’ (regel {entries[uri].line})"
        if reason:
            report.rejected.append(Rejected(line, name, reason))
            continue
        entry = entries.setdefault(
            uri,
            _Entry(
                line,
                name,
                uri,
                row.get("Burger", "").strip().upper() == "X",
                row.get("Bedrijf", "").strip().upper() == "X",
            ),
        )
        label, link = (row.get("Grondslaglabel") or "").strip(), (row.get("Grondslaglink") or "").strip()
        if label and {"label": label, "url": link} not in entry.legal_basis:
            entry.legal_basis.append({"label": label, "url": link})
    by_name: dict[str, _Entry] = {}
    result = []
    for entry in entries.values():
        if entry.name in by_name:
            report.rejected.append(
                Rejected(entry.line, entry.name, f"dezelfde naam staat ook bij URI {by_name[entry.name].uri}")
            )
            continue
        by_name[entry.name] = entry
        result.append(entry)
    return result


def import_upl_csv(path: Path) -> UplReport:
    """Load or update the municipal products of a UPL file; raises ``ImportFileError`` for a bad file."""
    report = UplReport()
    entries = _group(_read(path), report)
    with transaction.atomic():
        existing_by_uri = {p.upl_uri: p for p in Product.objects.all()}
        existing_by_name = {p.upl_name: p for p in existing_by_uri.values()}
        for entry in entries:
            product = existing_by_uri.get(entry.uri) or existing_by_name.get(entry.name)
            clash = existing_by_name.get(entry.name)
            if product is not None and clash is not None and clash.pk != product.pk:
                report.rejected.append(
                    Rejected(entry.line, entry.name, "de naam is al in gebruik bij een ander product")
                )
                continue
            values = {
                "upl_name": entry.name,
                "upl_uri": entry.uri,
                "for_citizens": entry.for_citizens,
                "for_businesses": entry.for_businesses,
                "legal_basis": entry.legal_basis,
            }
            if product is None:
                product = Product.objects.create(slug=unique_slug(entry.name), **values)
                report.added.append(entry.name)
            else:
                changed = [name for name, value in values.items() if getattr(product, name) != value]
                if not changed:
                    report.unchanged.append(entry.name)
                    continue
                for name in changed:
                    setattr(product, name, values[name])
                product.save(update_fields=[*changed, "updated_at"])
                report.updated.append(entry.name)
            index_product(product)
    return report
