"""Follow-up that never gets lost: work for a unit goes to its coordinator or address, else to the teamleider.

:func:`notify_unit` gives a unit's owner a task with a deadline and an e-mail through the outbox.
A unit without a coordinator and without an e-mail address (or no unit at all) does not swallow
the work: the teamleiders KCC get the task and the e-mail, with the reason in both, so the gap in
the organisation data is visible where someone acts on it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import models

from kcc.core.models import OrganisationUnit, User
from kcc.core.outbox import enqueue_email
from kcc.core.roles import Role
from kcc.core.services import create_task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """Who got the work: e-mail addresses, and the reason when it went to the teamleider instead."""

    addresses: tuple[str, ...]
    fallback_reason: str = ""

    @property
    def to_teamleader(self) -> bool:
        return bool(self.fallback_reason)


def teamleaders() -> list[User]:
    """The active teamleiders KCC; the beheerders when there are none (somebody must see it)."""
    for role in (Role.TEAMLEADER, Role.ADMIN):
        people = list(User.objects.filter(groups__name=role.value, is_active=True).order_by("pk"))
        if people:
            return people
    return []


def _fallback_reason(unit: OrganisationUnit | None) -> str:
    if unit is None:
        return "Er is geen eenheid verantwoordelijk."
    return f"{unit.name} heeft geen coördinator en geen e-mailadres."


def notify_unit(
    *,
    unit: OrganisationUnit | None,
    kind: str,
    title: str,
    description: str,
    deadline: date,
    subject: models.Model,
    email_key: str,
    email_body: str,
) -> Delivery:
    """Task and e-mail for the unit (its coordinator, else the unit's own inbox), else the teamleiders."""
    coordinator = unit.coordinator if unit is not None and unit.coordinator_id else None
    address = (coordinator.email if coordinator else "") or (unit.email if unit is not None else "")
    if coordinator is not None or address:
        create_task(
            kind=kind,
            title=title,
            deadline=deadline,
            subject=subject,
            assignee=coordinator,
            unit=None if coordinator else unit,
            description=description,
        )
        if address:
            enqueue_email(key=f"{email_key}:{address}", to=[address], subject=title, body=email_body)
        return Delivery(addresses=(address,) if address else ())
    reason = _fallback_reason(unit)
    leaders = teamleaders()
    if not leaders:
        logger.error("No teamleider or beheerder to take over %s (%s)", title, reason)
    note = f"{reason} Daarom komt dit bij u als teamleider."
    for leader in leaders:
        create_task(
            kind=kind,
            title=title,
            deadline=deadline,
            subject=subject,
            assignee=leader,
            description=f"{note}\n\n{description}",
        )
    addresses = tuple(sorted({leader.email for leader in leaders if leader.email}))
    for each in addresses:
        enqueue_email(key=f"{email_key}:{each}", to=[each], subject=title, body=f"{note}\n\n{email_body}")
    return Delivery(addresses=addresses, fallback_reason=reason)
