"""Reads of retention: the term per register, the holds in force, the register of processing."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count

from kcc.core.roles import declared_permissions
from kcc.retentie.models import LegalHold, RetentionTerm
from kcc.retentie.registers import all_registers, retention_registers
from kcc.retentie.registry import Register


def terms() -> dict[str, int]:
    """Register key → months: the beheerder's term where set, else the documented default."""
    configured = dict(RetentionTerm.objects.values_list("register", "months"))
    return {register.key: configured.get(register.key, register.default_months) for register in retention_registers()}


def active_holds() -> dict[str, dict[str, str]]:
    """Register key → {record id ('' = the whole register) → reason}: manual holds and running complaints."""
    holds: dict[str, dict[str, str]] = {}
    for register in retention_registers():
        if register.holds is not None:
            holds[register.key] = register.holds()
    for hold in LegalHold.objects.filter(ended_at__isnull=True):
        holds.setdefault(hold.register, {})[hold.record_id] = hold.reason
    return holds


@dataclass(frozen=True)
class DataItem:
    model: str
    field: str
    label: str


@dataclass(frozen=True)
class ProcessingLine:
    register: Register
    data: list[DataItem]
    retention: str
    roles: list[str]
    holds: int


def _roles_reading(register: Register) -> list[str]:
    wanted = {tuple(permission.split(".", 1)) for permission in register.readers}
    return sorted(role for role, pairs in declared_permissions().items() if pairs & wanted)


def processing_register() -> list[ProcessingLine]:
    """The register of processing (AVG art. 30), generated from the declarations and the role permissions."""
    current = terms()
    hold_counts = dict(
        LegalHold.objects.filter(ended_at__isnull=True).order_by().values_list("register").annotate(n=Count("pk"))
    )
    lines = []
    for register in all_registers():
        data = []
        for label, names in register.personal_data.items():
            model = apps.get_model(label)
            data.extend(
                DataItem(str(model._meta.verbose_name), name, str(model._meta.get_field(name).verbose_name))
                for name in names
            )
        if register.has_retention:
            months = current[register.key]
            retention = f"{months} maanden {register.term_start}".strip()
        else:
            retention = register.manual_retention
        holds = hold_counts.get(register.key, 0)
        lines.append(ProcessingLine(register, data, retention, _roles_reading(register), holds))
    return lines
