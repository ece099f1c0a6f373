"""Booking rules: which type an intake leads to, which slots are free, booking, moving, cancelling.

Each write is one transaction. A booking claims one desk for every slot it covers
(:class:`~kcc.afspraken.models.SlotClaim`, unique per desk and slot): when two people book the last
free desk at the same moment, the database lets exactly one insert through and the other gets a
clear message. Nothing else needs locking.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from kcc.afspraken import notifications
from kcc.afspraken.models import Appointment, AppointmentType, Channel, Desk, Location, SlotClaim
from kcc.contacten.privacy import normalise_contact_phone, normalise_email
from kcc.core import audit
from kcc.core.calendar import closing_days, holiday_name
from kcc.core.models import User
from kcc.producten.models import Product

YES = {"ja", "j", "yes", "true", "1", "on"}
MAX_DAYS_AHEAD = 120


# --- intake ------------------------------------------------------------------------------------


def default_type(product: Product | None) -> AppointmentType:
    if product is None or not product.is_active:
        raise ValidationError({"product": "Dit product kennen wij niet. Kies een product uit de lijst."})
    base = AppointmentType.objects.filter(product=product, is_default=True, is_active=True).first()
    if base is None:
        raise ValidationError({"product": f"Voor ‘{product.display_title}’ kunt u geen afspraak maken."})
    return base


def resolve_type(product: Product | None, answers: dict[str, Any]) -> AppointmentType:
    """The appointment type the intake answers lead to (the first triggered question wins)."""
    base = default_type(product)
    for question in base.questions.select_related("routes_to").all():
        answer = str(answers.get(question.code, "") or "").strip().lower()
        if question.kind == question.Kind.NUMBER:
            if not answer:
                raise ValidationError({f"intake_{question.code}": f"Beantwoord de vraag ‘{question.text}’."})
            if not answer.isdigit() or int(answer) > 150:
                raise ValidationError({f"intake_{question.code}": f"Vul bij ‘{question.text}’ een getal in."})
            triggered = int(answer) >= (question.threshold or 0)
        else:
            triggered = answer in YES
        if triggered and question.routes_to.is_active:
            return question.routes_to
    return base


# --- slots -------------------------------------------------------------------------------------


def closed_reason(day: date) -> str:
    """Why the desks are closed on ``day`` (public holiday or closing day), '' when open."""
    if name := holiday_name(day):
        return f"Op {day:%d-%m-%Y} is het {name}. Dan zijn wij gesloten. Kies een andere dag."
    if day in closing_days():
        return f"Op {day:%d-%m-%Y} is het gemeentehuis gesloten. Kies een andere dag."
    return ""


def _windows(location: Location, day: date) -> list[tuple[datetime, datetime]]:
    zone = timezone.get_current_timezone()
    return [
        (datetime.combine(day, hours.opens, zone), datetime.combine(day, hours.closes, zone))
        for hours in location.opening_hours.all()
        if hours.weekday == day.weekday()
    ]


def _desks(appointment_type: AppointmentType, location: Location) -> list[Desk]:
    desks = location.desks.filter(is_active=True).prefetch_related("appointment_types").order_by("name", "id")
    return [
        desk for desk in desks if not desk.appointment_types.all() or appointment_type in desk.appointment_types.all()
    ]


def _covered(start: datetime, appointment_type: AppointmentType, location: Location) -> list[datetime]:
    step = timedelta(minutes=location.slot_minutes)
    count = -(-appointment_type.duration_minutes // location.slot_minutes)
    return [start + step * index for index in range(count)]


def _slot_end(start: datetime, appointment_type: AppointmentType, location: Location) -> datetime:
    return _covered(start, appointment_type, location)[-1] + timedelta(minutes=location.slot_minutes)


def check_slot(appointment_type: AppointmentType, location: Location, starts_at: datetime) -> None:
    """A clear Dutch error when ``starts_at`` cannot be booked at all (apart from being taken)."""
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    local = timezone.localtime(starts_at)
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": "Dit tijdstip is al voorbij. Kies een tijdstip in de toekomst."})
    if reason := closed_reason(local.date()):
        raise ValidationError({"starts_at": reason})
    if local.date() > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"starts_at": f"U kunt tot {MAX_DAYS_AHEAD} dagen vooruit een afspraak maken."})
    if not location.is_active:
        raise ValidationError({"location": "Op deze locatie kunt u geen afspraak maken."})
    end = _slot_end(local, appointment_type, location)
    for opens, closes in _windows(location, local.date()):
        if opens <= local and end <= closes:
            offset = (local - opens).total_seconds() / 60
            if offset % location.slot_minutes:
                raise ValidationError({"starts_at": "Kies een van de aangeboden tijden."})
            return
    raise ValidationError(
        {
            "starts_at": f"Op {local:%d-%m-%Y} om {local:%H:%M} is de balie gesloten "
            "of past de afspraak niet meer voor sluitingstijd."
        }
    )


def free_slots(appointment_type: AppointmentType, location: Location, day: date) -> list[datetime]:
    """Start times on ``day`` with at least one desk free for the whole appointment (two queries)."""
    if closed_reason(day) or not location.is_active:
        return []
    desks = _desks(appointment_type, location)
    if not desks:
        return []
    windows = _windows(location, day)
    if not windows:
        return []
    taken: dict[int, set[datetime]] = {desk.pk: set() for desk in desks}
    claims = SlotClaim.objects.filter(
        desk__in=desks, slot_start__gte=min(w[0] for w in windows), slot_start__lt=max(w[1] for w in windows)
    ).values_list("desk_id", "slot_start")
    for desk_id, slot_start in claims:
        taken[desk_id].add(slot_start)
    now = timezone.now()
    step = timedelta(minutes=location.slot_minutes)
    result = []
    for opens, closes in windows:
        start = opens
        while _slot_end(start, appointment_type, location) <= closes:
            covered = _covered(start, appointment_type, location)
            if start > now and any(not taken[desk.pk].intersection(covered) for desk in desks):
                result.append(start)
            start += step
    return result


# --- booking -----------------------------------------------------------------------------------


@dataclass
class Booker:
    name: str
    email: str = ""
    phone: str = ""


def _check_booker(booker: Booker, *, email_required: bool) -> Booker:
    errors: dict[str, str] = {}
    booker = Booker(*(value.replace("\x00", "") for value in (booker.name, booker.email, booker.phone)))
    name = booker.name.strip()
    if not name:
        errors["name"] = "Vul uw naam in."
    email = normalise_email(booker.email)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Dit is geen geldig e-mailadres."
    elif email_required:
        errors["email"] = "Vul uw e-mailadres in. Daar sturen wij de bevestiging naartoe."
    phone = ""
    try:
        phone = normalise_contact_phone(booker.phone)
    except ValidationError:
        errors["phone"] = "Dit is geen geldig telefoonnummer."
    if errors:
        raise ValidationError(errors)
    return Booker(name[:200], email, phone)


def _claim(appointment: Appointment, desks: list[Desk], covered: list[datetime]) -> Desk | None:
    """Claim the first desk free for every covered slot; the unique constraint decides races."""
    for desk in desks:
        try:
            with transaction.atomic():
                SlotClaim.objects.bulk_create(
                    [SlotClaim(desk=desk, slot_start=slot, appointment=appointment) for slot in covered]
                )
        except IntegrityError:
            continue
        return desk
    return None


TAKEN = "Dit tijdstip is net door iemand anders geboekt. Kies een ander tijdstip."


@transaction.atomic
def book(
    *,
    product: Product | None,
    location: Location | None,
    starts_at: datetime,
    booker: Booker,
    answers: dict[str, Any] | None = None,
    channel: str = Channel.WEB,
    actor: User | None = None,
    origin_type: str = "",
    origin_id: str = "",
) -> Appointment:
    """Book an appointment; raises ``ValidationError`` (Dutch, per field) and then nothing is booked."""
    answers = {
        str(key).replace("\x00", "")[:50]: str(value).replace("\x00", "")[:20] for key, value in (answers or {}).items()
    }
    appointment_type = resolve_type(product, answers)
    if location is None:
        raise ValidationError({"location": "Kies een locatie."})
    check_slot(appointment_type, location, starts_at)
    booker = _check_booker(booker, email_required=channel == Channel.WEB)
    desks = _desks(appointment_type, location)
    if not desks:
        raise ValidationError({"location": "Op deze locatie is geen balie voor deze afspraak."})
    covered = _covered(timezone.localtime(starts_at), appointment_type, location)
    appointment = Appointment.objects.create(
        appointment_type=appointment_type,
        location=location,
        desk=desks[0],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=appointment_type.duration_minutes),
        name=booker.name,
        email=booker.email,
        phone=booker.phone,
        intake_answers=answers,
        channel=channel,
        booked_by=actor if actor is not None and actor.is_authenticated else None,
        origin_type=origin_type[:100],
        origin_id=str(origin_id)[:64],
        token=secrets.token_urlsafe(24),
    )
    desk = _claim(appointment, desks, covered)
    if desk is None:
        raise ValidationError({"starts_at": TAKEN})
    appointment.desk = desk
    appointment.number = f"A-{timezone.localtime(starts_at).year}-{appointment.pk:05d}"
    appointment.save(update_fields=["desk", "number"])
    audit.record(actor, "afspraak_gemaakt", appointment, channel=channel)
    notifications.confirm(appointment)
    return appointment


def _locked(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().select_related("appointment_type", "location").get(pk=appointment.pk)


@transaction.atomic
def reschedule(appointment: Appointment, *, starts_at: datetime, actor: User | None = None) -> Appointment:
    """Move a planned appointment to another free time at the same location (old slot freed in the same transaction)."""
    appointment = _locked(appointment)
    if appointment.status != Appointment.Status.PLANNED:
        raise ValidationError({"starts_at": "Deze afspraak is geannuleerd en kan niet meer worden verzet."})
    check_slot(appointment.appointment_type, appointment.location, starts_at)
    appointment.claims.all().delete()
    desks = _desks(appointment.appointment_type, appointment.location)
    desk = _claim(
        appointment, desks, _covered(timezone.localtime(starts_at), appointment.appointment_type, appointment.location)
    )
    if desk is None:
        raise ValidationError({"starts_at": TAKEN})
    appointment.desk, appointment.starts_at = desk, starts_at
    appointment.ends_at = starts_at + timedelta(minutes=appointment.appointment_type.duration_minutes)
    appointment.sequence += 1
    appointment.save(update_fields=["desk", "starts_at", "ends_at", "sequence"])
    audit.record(actor, "afspraak_verzet", appointment)
    notifications.confirm(appointment)
    return appointment


@transaction.atomic
def cancel(appointment: Appointment, *, actor: User | None = None) -> Appointment:
    appointment = _locked(appointment)
    if appointment.status == Appointment.Status.CANCELLED:
        raise ValidationError({"status": "Deze afspraak is al geannuleerd."})
    if appointment.starts_at <= timezone.now():
        raise ValidationError(
            {"status": "Deze afspraak is al begonnen of voorbij en kan niet meer worden geannuleerd."}
        )
    appointment.claims.all().delete()
    appointment.status, appointment.cancelled_at = Appointment.Status.CANCELLED, timezone.now()
    appointment.sequence += 1
    appointment.save(update_fields=["status", "cancelled_at", "sequence"])
    audit.record(actor, "afspraak_geannuleerd", appointment)
    notifications.cancelled(appointment)
    return appointment


def send_reminders(now: datetime | None = None) -> int:
    """Queue the reminder for every planned appointment tomorrow; the outbox key makes it once per appointment."""
    tomorrow = timezone.localtime(now or timezone.now()).date() + timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.combine(tomorrow, time.min, zone)
    appointments = (
        Appointment.objects.filter(
            status=Appointment.Status.PLANNED, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
        )
        .exclude(email="")
        .select_related("appointment_type__product", "location")
    )
    count = 0
    for appointment in appointments:
        with transaction.atomic():
            notifications.remind(appointment)
        count += 1
    return count
