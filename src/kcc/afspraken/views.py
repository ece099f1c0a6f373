"""Booking pages: the public form at /afspraak/ (no log-in), the change/cancel page behind the
secret link, and the agent's booking during a call (linked to the contactmoment)."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kcc.afspraken import selectors, services
from kcc.afspraken.models import Appointment, Channel
from kcc.contacten import capture
from kcc.contacten.models import Contactmoment, Handling, QuestionType
from kcc.core.access import permission_required
from kcc.core.params import parse_id
from kcc.core.ratelimit import over_public_rate

CONTACT_ORIGIN = "contacten.contactmoment"


def _public_rate_limit() -> int:
    """KCC_AFSPRAKEN_PUBLIC_PER_MINUTE: bookings and changes per address per minute (default 10)."""
    return int(
        getattr(settings, "KCC_AFSPRAKEN_PUBLIC_PER_MINUTE", os.environ.get("KCC_AFSPRAKEN_PUBLIC_PER_MINUTE", "10"))
    )


def _over_public_rate(request: HttpRequest) -> bool:
    return over_public_rate(request, "afspraken:public-booking", _public_rate_limit())


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _parse_moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _answers(data) -> dict[str, str]:
    return {key.removeprefix("intake_"): value[:20] for key, value in data.items() if key.startswith("intake_")}


def _flow_context(data, *, public: bool, booking: bool = False) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """What the booking page shows for the choices so far; errors per field in Dutch.

    ``booking``: the form is submitted to book, so every choice up to the time is required."""
    errors: dict[str, list[str]] = {}
    context: dict[str, Any] = {
        "public": public,
        "products": selectors.bookable_products(),
        "data": data,
        "default_day": _default_day(),
        "fields": {name: data.get(name, "") for name in ("name", "email", "phone")},
    }
    slug = data.get("product", "")
    product = selectors.product_by_slug(slug)
    context["product"] = product
    if slug and product is None:
        errors["product"] = ["Dit product kennen wij niet. Kies een product uit de lijst."]
    elif booking and product is None:
        errors["product"] = ["Kies een product."]
    if product is None:
        return context, errors
    context["questions"] = selectors.intake_questions(product)
    context["locations"] = selectors.active_locations()
    context["answers"] = _answers(data)
    if data.get("stap") not in ("tijden", "boeken") and not booking:
        return context, errors
    location = selectors.location_by_code(data.get("location", ""))
    day = _parse_day(data.get("datum", ""))
    if location is None:
        errors["location"] = ["Kies een locatie."]
    if day is None:
        errors["datum"] = ["Kies een datum."]
    try:
        appointment_type = services.resolve_type(product, context["answers"])
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            errors.setdefault(field, []).extend(problems)
        return context, errors
    context["appointment_type"] = appointment_type
    if location is None or day is None:
        return context, errors
    context["location"], context["day"] = location, day
    if day < timezone.localdate():
        errors["datum"] = ["Deze datum is al voorbij. Kies een datum in de toekomst."]
    elif reason := services.closed_reason(day):
        errors["datum"] = [reason]
    else:
        context["slots"] = services.free_slots(appointment_type, location, day)
        if not context["slots"]:
            errors["datum"] = [f"Op {day:%d-%m-%Y} is er geen tijd meer vrij op deze locatie. Kies een andere dag."]
    return context, errors


def _book(
    request: HttpRequest, *, public: bool, contact: Contactmoment | None = None
) -> tuple[Appointment | None, dict, dict]:
    data = request.POST
    context, errors = _flow_context(data, public=public, booking=True)
    starts_at = _parse_moment(data.get("tijd", ""))
    if starts_at is None and "product" not in errors and context.get("product"):
        errors["tijd"] = ["Kies een tijd."]
    if errors:
        return None, context, errors
    try:
        appointment = services.book(
            product=context["product"],
            location=context["location"],
            starts_at=starts_at,
            booker=services.Booker(data.get("name", ""), data.get("email", ""), data.get("phone", "")),
            answers=context["answers"],
            channel=Channel.WEB if public else Channel.AGENT,
            actor=None if public else request.user,
            origin_type=CONTACT_ORIGIN if contact else "",
            origin_id=str(contact.pk) if contact else "",
        )
    except ValidationError as error:
        mapped = {"starts_at": "tijd", "product": "product", "location": "location"}
        for field, problems in error.message_dict.items():
            errors.setdefault(mapped.get(field, field), []).extend(problems)
        if context.get("appointment_type") and context.get("location") and context.get("day"):
            context["slots"] = services.free_slots(context["appointment_type"], context["location"], context["day"])
        return None, context, errors
    return appointment, context, errors


@login_not_required
@require_http_methods(["GET", "POST"])
def public_booking(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if _over_public_rate(request):
            response = render(request, "afspraken/rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        appointment, context, errors = _book(request, public=True)
        if appointment is not None:
            messages.success(request, "Uw afspraak is gemaakt. U krijgt een bevestiging per e-mail.")
            return redirect("afspraak:manage", number=appointment.number, token=appointment.token)
        return render(request, "afspraken/book.html", {**context, "errors": errors}, status=400)
    context, errors = _flow_context(request.GET, public=True)
    return render(request, "afspraken/book.html", {**context, "errors": errors}, status=400 if errors else 200)


@login_not_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """The change/cancel page behind the secret link in the confirmation."""
    try:
        appointment = selectors.public_appointment(number, token)
    except Appointment.DoesNotExist:
        raise Http404("Deze afspraak bestaat niet of de link is niet goed.") from None
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        if _over_public_rate(request):
            return render(request, "afspraken/rate_limited.html", status=429)
        try:
            if request.POST.get("actie") == "annuleren":
                services.cancel(appointment)
                messages.success(request, "Uw afspraak is geannuleerd.")
            else:
                starts_at = _parse_moment(request.POST.get("tijd", ""))
                if starts_at is None:
                    raise ValidationError({"tijd": "Kies een nieuwe tijd."})
                services.reschedule(appointment, starts_at=starts_at)
                messages.success(request, "Uw afspraak is verzet. U krijgt een nieuwe bevestiging per e-mail.")
            return redirect("afspraak:manage", number=number, token=token)
        except ValidationError as error:
            errors = {("tijd" if k == "starts_at" else k): v for k, v in error.message_dict.items()}
            status = 400
    day = _parse_day(request.GET.get("datum", "") or request.POST.get("datum", ""))
    slots = []
    if day and appointment.status == Appointment.Status.PLANNED:
        if reason := services.closed_reason(day):
            errors.setdefault("datum", []).append(reason)
        else:
            slots = services.free_slots(appointment.appointment_type, appointment.location, day)
    response = render(
        request,
        "afspraken/manage.html",
        {
            "appointment": appointment,
            "start": timezone.localtime(appointment.starts_at),
            "day": day,
            "slots": slots,
            "errors": errors,
            "can_change": appointment.status == Appointment.Status.PLANNED and appointment.starts_at > timezone.now(),
        },
        status=status,
    )
    # The secret link must not leak to other sites; "no-referrer" would make browsers send
    # "Origin: null" with the page's own forms, which CSRF protection rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@permission_required("afspraken.view_appointment")
@require_GET
def appointment_list(request: HttpRequest) -> HttpResponse:
    appointments = list(selectors.upcoming(location_code=request.GET.get("locatie", ""))[:200])
    return render(
        request, "afspraken/list.html", {"appointments": appointments, "locations": selectors.active_locations()}
    )


@permission_required("afspraken.add_appointment")
@require_http_methods(["GET", "POST"])
def agent_booking(request: HttpRequest) -> HttpResponse:
    """Booking by the agent during a call; ``?contact=<id>`` (or the contact screen's
    ``origin_type``/``origin_id``) links the appointment to the contactmoment."""
    data = request.POST if request.method == "POST" else request.GET
    contact = None
    from_contact_screen = data.get("origin_id", "") if data.get("origin_type") == CONTACT_ORIGIN else ""
    if contact_id := data.get("contact", "") or from_contact_screen:
        contact = Contactmoment.objects.filter(pk=pk).first() if (pk := parse_id(contact_id)) else None
        if contact is None:
            raise Http404("Dit contact bestaat niet.")
    if request.method == "POST":
        appointment, context, errors = _book(request, public=False, contact=contact)
        if appointment is not None:
            messages.success(request, f"Afspraak {appointment.number} is gemaakt.")
            if contact is not None:
                capture.follow_up_made(
                    request,
                    CONTACT_ORIGIN,
                    contact.pk,
                    question_type=QuestionType.APPOINTMENT,
                    handling=Handling.APPOINTMENT_MADE,
                    subject=appointment.number,
                )
            next_url = capture.next_url(request) or reverse("afspraken:list") + f"?gemaakt={appointment.number}"
            return capture.refresh_cockpit(redirect(next_url))
        context = {**context, "errors": errors, "contact": contact, "next": capture.next_url(request) or ""}
        return render(request, "afspraken/book.html", context, status=400)
    context, errors = _flow_context(request.GET, public=False)
    if contact is not None and not request.GET.get("name"):
        context["prefill"] = {
            "name": contact.klant.name if contact.klant else "",
            "phone": contact.phone,
            "email": contact.email,
        }
    # The choice steps are GET forms: ``next`` travels along as a query parameter.
    next_url = capture.next_for_form(request, from_contact=contact is not None)
    context = {**context, "errors": errors, "contact": contact, "next": next_url}
    return render(request, "afspraken/book.html", context, status=400 if errors else 200)


def _default_day() -> date:
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() >= 5 or services.closed_reason(day):
        day += timedelta(days=1)
    return day
