"""E-mails about appointments, all through the outbox, each once per event (idempotent keys)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kcc.afspraken import ics
from kcc.afspraken.models import Appointment
from kcc.core.outbox import enqueue_email


def manage_link(appointment: Appointment) -> str:
    return f"{settings.KCC_BASE_URL}{reverse('afspraak:manage', args=[appointment.number, appointment.token])}"


def _context(appointment: Appointment) -> dict:
    return {
        "appointment": appointment,
        "start": timezone.localtime(appointment.starts_at),
        "link": manage_link(appointment),
        "book_link": f"{settings.KCC_BASE_URL}{reverse('afspraak:start')}",
        "municipality": settings.KCC_MUNICIPALITY_NAME,
    }


def _send(appointment: Appointment, *, key: str, template: str, subject: str, method: str) -> None:
    if not appointment.email:
        return
    body = render_to_string(template, _context(appointment))
    enqueue_email(
        key=key,
        to=[appointment.email],
        subject=subject,
        body=body,
        attachments=[
            (
                "afspraak.ics",
                ics.calendar(appointment, method=method, description=body),
                f"text/calendar; method={method}; charset=utf-8",
            )
        ],
    )


def confirm(appointment: Appointment) -> None:
    start = timezone.localtime(appointment.starts_at)
    _send(
        appointment,
        key=f"afspraken:{appointment.pk}:bevestiging:{appointment.sequence}",
        template="afspraken/email/bevestiging.txt",
        subject=f"Uw afspraak op {start:%d-%m-%Y} om {start:%H:%M} ({appointment.number})",
        method="REQUEST",
    )


def cancelled(appointment: Appointment) -> None:
    _send(
        appointment,
        key=f"afspraken:{appointment.pk}:annulering",
        template="afspraken/email/annulering.txt",
        subject=f"Uw afspraak is geannuleerd ({appointment.number})",
        method="CANCEL",
    )


def remind(appointment: Appointment) -> None:
    start = timezone.localtime(appointment.starts_at)
    _send(
        appointment,
        key=f"afspraken:{appointment.pk}:herinnering:{start:%Y-%m-%d}",
        template="afspraken/email/herinnering.txt",
        subject=f"Herinnering: morgen om {start:%H:%M} uw afspraak ({appointment.number})",
        method="REQUEST",
    )
