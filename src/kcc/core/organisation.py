"""Importing the organisation tree (``kcc organisatie import``) and reading it.

The import is all-or-nothing: the file is checked as a whole (codes, parents, depth, cycles,
numbers, windows) and either every unit is added or updated, or nothing changes and the
report says, per unit, what is wrong. A tree with holes is worse than yesterday's tree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from django.db import transaction

from kcc.core.models import OrganisationUnit, ReachabilityWindow
from kcc.core.phone import normalise_phone
from kcc.core.signals import units_imported

WEEKDAYS = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}
KINDS = {choice.value for choice in OrganisationUnit.Kind}
POLICIES = {choice.value for choice in OrganisationUnit.TransferPolicy}


class ImportFormatError(Exception):
    """The file as a whole cannot be read (not JSON, not a list, unknown format)."""


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "toegevoegd": len(self.added),
            "bijgewerkt": len(self.updated),
            "afgewezen": [{"eenheid": code, "reden": reason} for code, reason in self.rejected],
        }


@dataclass
class _UnitRow:
    code: str
    values: dict[str, Any]
    parent_code: str | None
    windows: list[tuple[int, time, time]] | None


def _parse_time(text: Any, what: str) -> time:
    try:
        hours, minutes = str(text).split(":")
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise ValueError(f"{what} ‘{text}’ is geen tijd; schrijf uu:mm, bijvoorbeeld 08:30.") from error


def _parse_windows(raw: Any) -> list[tuple[int, time, time]]:
    if not isinstance(raw, list):
        raise ValueError("‘vensters’ moet een lijst zijn van {dagen, van, tot}.")
    windows = []
    for window in raw:
        if not isinstance(window, dict):
            raise ValueError("Elk venster is een object met ‘dagen’, ‘van’ en ‘tot’.")
        days = window.get("dagen")
        if not isinstance(days, list) or not days or any(day not in WEEKDAYS for day in days):
            raise ValueError(f"‘dagen’ moet een lijst zijn met ma, di, wo, do, vr, za of zo (kreeg {days!r}).")
        start = _parse_time(window.get("van"), "Begintijd")
        end = _parse_time(window.get("tot"), "Eindtijd")
        if end <= start:
            raise ValueError(f"Het venster eindigt ({end:%H:%M}) voordat het begint ({start:%H:%M}).")
        windows.extend((WEEKDAYS[day], start, end) for day in days)
    return windows


def _parse_unit(raw: Any) -> _UnitRow:
    if not isinstance(raw, dict):
        raise ValueError("Elke eenheid is een JSON-object.")
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 40:
        raise ValueError("‘code’ ontbreekt of is langer dan 40 tekens.")
    name = raw.get("naam")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("‘naam’ ontbreekt.")
    kind = raw.get("soort")
    if kind not in KINDS:
        raise ValueError(f"‘soort’ moet dienst, sector, afdeling of extern zijn (kreeg {kind!r}).")
    parent = raw.get("ouder")
    if parent is not None and not isinstance(parent, str):
        raise ValueError("‘ouder’ is de code van een andere eenheid of null.")
    policy = raw.get("doorverbinden", OrganisationUnit.TransferPolicy.WARM)
    if policy not in POLICIES:
        raise ValueError(f"‘doorverbinden’ moet warm, geen_doorverbinding of alleen_spoed zijn (kreeg {policy!r}).")
    values: dict[str, Any] = {
        "name": name.strip()[:200],
        "kind": kind,
        "is_external": kind == OrganisationUnit.Kind.EXTERN or bool(raw.get("extern", False)),
        "transfer_policy": policy,
    }
    for source, target in (("telefoon", "phone"), ("achtervang", "backup_phone")):
        if raw.get(source):
            values[target] = normalise_phone(str(raw[source]))
    if raw.get("email"):
        email = str(raw["email"]).strip()
        if "@" not in email or " " in email:
            raise ValueError(f"‘{email}’ is geen e-mailadres.")
        values["email"] = email
    if "terugbeltermijn" in raw:
        days = raw["terugbeltermijn"]
        if not isinstance(days, int) or not 1 <= days <= 60:
            raise ValueError("‘terugbeltermijn’ is een aantal werkdagen van 1 tot 60.")
        values["callback_days"] = days
    windows = _parse_windows(raw["vensters"]) if "vensters" in raw else None
    return _UnitRow(code=code.strip(), values=values, parent_code=parent, windows=windows)


def _check_tree(rows: dict[str, _UnitRow], rejected: dict[str, str]) -> None:
    existing_parents = dict(OrganisationUnit.objects.values_list("code", "parent__code"))

    def parent_of(code: str) -> str | None:
        if code in rows:
            return rows[code].parent_code
        return existing_parents.get(code)

    for code, row in rows.items():
        if code in rejected:
            continue
        if row.parent_code is not None and row.parent_code not in rows and row.parent_code not in existing_parents:
            rejected[code] = f"De ouder ‘{row.parent_code}’ bestaat niet."
            continue
        chain, node = [code], row.parent_code
        while node is not None and node not in chain:
            chain.append(node)
            node = parent_of(node)
        if node is not None:
            rejected[code] = "De eenheid is (via haar ouders) haar eigen ouder."
        elif len(chain) > OrganisationUnit.MAX_DEPTH:
            rejected[code] = f"De boom is dieper dan {OrganisationUnit.MAX_DEPTH} niveaus."
        elif row.parent_code in rejected:
            rejected[code] = f"De ouder ‘{row.parent_code}’ is afgewezen."


def import_units(data: Any) -> ImportReport:
    """Add or update every unit in ``data`` (a parsed JSON array), or none of them."""
    if not isinstance(data, list):
        raise ImportFormatError("Het bestand moet een JSON-lijst van eenheden zijn.")
    report = ImportReport()
    rows: dict[str, _UnitRow] = {}
    rejected: dict[str, str] = {}
    for index, raw in enumerate(data, start=1):
        label = raw.get("code") if isinstance(raw, dict) and isinstance(raw.get("code"), str) else f"#{index}"
        try:
            row = _parse_unit(raw)
        except ValueError as error:
            rejected[label] = str(error)
            continue
        if row.code in rows:
            rejected[row.code] = "Deze code staat meer dan eens in het bestand."
            continue
        rows[row.code] = row
    _check_tree(rows, rejected)
    if rejected:
        report.rejected = sorted(rejected.items())
        return report
    with transaction.atomic():
        units: dict[str, OrganisationUnit] = {}
        for code, row in rows.items():
            unit, created = OrganisationUnit.objects.update_or_create(code=code, defaults=row.values)
            units[code] = unit
            (report.added if created else report.updated).append(code)
        for code, row in rows.items():
            parent = None
            if row.parent_code is not None:
                parent = units.get(row.parent_code) or OrganisationUnit.objects.get(code=row.parent_code)
            OrganisationUnit.objects.filter(pk=units[code].pk).update(parent=parent)
            if row.windows is not None:
                ReachabilityWindow.objects.filter(unit=units[code]).delete()
                ReachabilityWindow.objects.bulk_create(
                    ReachabilityWindow(unit=units[code], weekday=day, start=start, end=end)
                    for day, start, end in row.windows
                )
        units_imported.send(sender=OrganisationUnit, units=list(units.values()))
    return report


def import_units_file(path: Path, file_format: str = "json") -> ImportReport:
    if file_format != "json":
        raise ImportFormatError(f"Onbekend formaat ‘{file_format}’. Gebruik --format json.")
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ImportFormatError(f"Het bestand {path} bestaat niet.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFormatError(f"Het bestand {path} is geen geldige JSON: {error}") from error
    return import_units(data)
