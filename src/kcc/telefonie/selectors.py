"""Telefonie reads: the directory entry behind a number, the call of a contact, pending screen-pops."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kcc.core.models import OrganisationUnit
from kcc.medewerkers.models import Person
from kcc.telefonie.models import Call, CallEvent, EventType, PhoneSystem, ScreenPop


def directory_match(number: str) -> tuple[Person | None, OrganisationUnit | None]:
    """The person (with the main unit) or unit that has this normalised number, else ``(None, None)``.

    Numbers in the directory are stored normalised (:func:`kcc.core.phone.normalise_phone`), so
    an exact match is enough. A person's own number wins over a unit's general or backup number.
    """
    person = (
        Person.objects.filter(Q(phone_internal=number) | Q(phone_mobile=number), is_active=True).order_by("id").first()
    )
    if person is not None:
        membership = person.memberships.select_related("unit").order_by("position", "id").first()
        return person, membership.unit if membership else None
    unit = OrganisationUnit.objects.filter(Q(phone=number) | Q(backup_phone=number)).order_by("id").first()
    return None, unit


def call_of_contact(contact_id: int) -> Call | None:
    return (
        Call.objects.select_related("phone_system")
        .prefetch_related("events__transfer__person", "events__transfer__unit")
        .filter(contact_id=contact_id)
        .first()
    )


def contact_ids_of_system(system: PhoneSystem) -> QuerySet:
    """The contacts a phone system may read: those of its own calls."""
    return Call.objects.filter(phone_system=system, contact__isnull=False).values("contact_id")


def latest_screenpop_id(user_id: int) -> int:
    pop = ScreenPop.objects.filter(user_id=user_id).order_by("-id").values_list("id", flat=True).first()
    return pop or 0


def screenpops_after(user_id: int, last_id: int) -> list[tuple[int, int]]:
    """(id, contact id) of the user's screen-pops after ``last_id``: one indexed read."""
    return list(
        ScreenPop.objects.filter(user_id=user_id, id__gt=last_id).order_by("id").values_list("id", "contact_id")
    )


def calls_with_pending_transfers() -> list[int]:
    """Calls with a transfer not yet recorded on their running contact (partial index: only those events)."""
    return list(
        CallEvent.objects.filter(
            kind=EventType.TRANSFERRED,
            transfer__isnull=True,
            call__contact__isnull=False,
            call__contact__ended_at__isnull=True,
        )
        .order_by("call_id")
        .values_list("call_id", flat=True)
        .distinct()
    )
