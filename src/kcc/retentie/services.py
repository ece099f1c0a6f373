"""``kcc retentie``: apply every register's term — anonymise or delete what passed it, files included."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kcc.core import audit
from kcc.core.calendar import add_months
from kcc.core.models import User
from kcc.retentie import selectors
from kcc.retentie.registers import retention_registers
from kcc.retentie.registry import NOW, Register, Step

SCRUB_BATCH = 500


@dataclass
class RegisterRun:
    months: int
    cut: datetime
    anonymised: int = 0
    deleted: int = 0
    files_removed: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "geanonimiseerd": self.anonymised,
            "verwijderd": self.deleted,
            "bestanden_verwijderd": self.files_removed,
            "overgeslagen": self.skipped,
            "termijn_maanden": self.months,
            "grens": self.cut.isoformat(timespec="seconds"),
        }


def apply_retention(
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    only: Iterable[str] | None = None,
    actor: User | None = None,
) -> dict[str, dict[str, Any]]:
    """Per register (each in its own transaction): what passed its term is anonymised or deleted.

    ``dry_run`` counts what would happen and changes nothing. Records under a legal hold (a running
    complaint, objection or ombudsman investigation) are skipped and listed with the reason.
    """
    now = now or timezone.now()
    registers = retention_registers()
    if only is not None:
        wanted = set(only)
        unknown = wanted - {register.key for register in registers}
        if unknown:
            raise ValidationError(f"Onbekend register: {', '.join(sorted(unknown))}.")
        registers = tuple(register for register in registers if register.key in wanted)
    terms = selectors.terms()
    holds = selectors.active_holds()
    result = {}
    for register in registers:
        run = RegisterRun(terms[register.key], add_months(now, -terms[register.key]))
        _apply(register, run, now, holds.get(register.key, {}), dry_run)
        result[register.key] = run
    if not dry_run:
        audit.record(actor, "retentie", ("retentie", "run"), **{key: run.as_dict() for key, run in result.items()})
    return {key: run.as_dict() for key, run in result.items()}


def _apply(register: Register, run: RegisterRun, now: datetime, held: dict[str, str], dry_run: bool) -> None:
    if "" in held:
        run.skipped.append({"record": "", "reden": held[""]})
        return
    skipped: dict[str, str] = {}
    with transaction.atomic():
        for step in register.steps:
            _apply_step(step, run, now, held, skipped, dry_run)
    run.skipped.extend({"record": record, "reden": reason} for record, reason in sorted(skipped.items()))


def _apply_step(
    step: Step, run: RegisterRun, now: datetime, held: dict[str, str], skipped: dict[str, str], dry_run: bool
) -> None:
    model = step.model_class()
    due = model._default_manager.filter(step.due(run.cut))
    done = step.done_filter()
    if done is not None:
        due = due.exclude(done)
    # Holds name records by id; a reference that is no id (a foreign origin) holds nothing here.
    held_ids = [record for record in held if record.isdigit()]
    if held_ids:
        on_hold = due.filter(**{f"{step.record}__in": held_ids})
        for record in on_hold.values_list(step.record, flat=True).distinct():
            skipped[str(record)] = held[str(record)]
        due = due.exclude(**{f"{step.record}__in": held_ids})
    files = set(due.values_list(step.file_field, flat=True)) - {"", None} if step.file_field else set()
    if dry_run:
        count = due.count()
        run.files_removed += len(files)
    elif step.deletes:
        count = due.delete()[1].get(model._meta.label, 0)
    else:
        values = {name: now if value is NOW else value for name, value in step.values.items()}
        count = _scrub(due, step.scrubbed, values) if step.scrubbed else due.update(**values)
    if files and not dry_run:
        removers = [remover for remover in map(step.orphan_file, sorted(files)) if remover is not None]
        run.files_removed += len(removers)
        for remover in removers:
            transaction.on_commit(remover)
    if step.counted:
        if step.deletes:
            run.deleted += count
        else:
            run.anonymised += count


def _scrub(due: QuerySet, fields: list[str], values: dict[str, Any]) -> int:
    """Row by row: the free text without its personal data, and the other values as they are."""
    from kcc.privacy.pii import scrub

    plain = {name: value for name, value in values.items() if name not in fields}
    count = 0
    rows = list(due.only("pk", *fields))
    for start in range(0, len(rows), SCRUB_BATCH):
        batch = rows[start : start + SCRUB_BATCH]
        for row in batch:
            for name in fields:
                setattr(row, name, scrub(getattr(row, name)))
            for name, value in plain.items():
                setattr(row, name, value)
        count += due.model._default_manager.bulk_update(batch, [*fields, *plain])
    return count
