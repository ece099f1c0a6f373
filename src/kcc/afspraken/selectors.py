"""Reads for appointments."""

from __future__ import annotations

import secrets

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kcc.afspraken.models import Appointment, AppointmentType, IntakeQuestion, Location
from kcc.producten.models import Product


def bookable_products() -> QuerySet[Product]:
    """Active products with an active default appointment type, for the booking form."""
    return (
        Product.objects.filter(is_active=True, appointment_types__is_default=True, appointment_types__is_active=True)
        .distinct()
        .order_by("title", "upl_name")
    )


def product_by_slug(slug: str) -> Product | None:
    return bookable_products().filter(slug=slug.replace("\x00", "")).first() if slug else None


def intake_questions(product: Product) -> list[IntakeQuestion]:
    base = AppointmentType.objects.filter(product=product, is_default=True, is_active=True).first()
    return list(base.questions.all()) if base else []


def active_locations() -> QuerySet[Location]:
    return Location.objects.filter(is_active=True).prefetch_related("opening_hours").order_by("name")


def location_by_code(code: str) -> Location | None:
    return active_locations().filter(code=code.replace("\x00", "")).first() if code else None


def with_details(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return appointments.select_related("appointment_type__product", "location", "desk")


def upcoming(*, location_code: str = "") -> QuerySet[Appointment]:
    appointments = with_details(
        Appointment.objects.filter(status=Appointment.Status.PLANNED, ends_at__gte=timezone.now()).order_by(
            "starts_at", "id"
        )
    )
    return appointments.filter(location__code=location_code.replace("\x00", "")) if location_code else appointments


def by_origin(origin_type: str, origin_id: str) -> QuerySet[Appointment]:
    return with_details(Appointment.objects.filter(origin_type=origin_type, origin_id=origin_id))


def public_appointment(number: str, token: str) -> Appointment:
    appointment = (
        with_details(Appointment.objects.filter(number=number.replace("\x00", "")))
        .prefetch_related(Prefetch("location__opening_hours"))
        .first()
    )
    if appointment is None or not token or not secrets.compare_digest(appointment.token, token):
        raise Appointment.DoesNotExist
    return appointment
