"""iCalendar (RFC 5545) for appointments, as iTIP (RFC 5546) REQUEST or CANCEL.

Times are written in UTC (``...Z``), so no VTIMEZONE is needed; lines end in CRLF and are folded
at 75 octets; text values are escaped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parseaddr
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from kcc.afspraken.models import Appointment


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (continuation lines start with a space)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(appointment: Appointment) -> str:
    host = urlparse(settings.KCC_BASE_URL).hostname or "kcc"
    return f"afspraak-{appointment.pk}-{appointment.token[:12]}@{host}"


def calendar(appointment: Appointment, *, method: str = "REQUEST", description: str = "") -> str:
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer_name = organizer_name or settings.KCC_MUNICIPALITY_NAME
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//KCC//Afspraken//NL",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid(appointment)}",
        f"SEQUENCE:{appointment.sequence}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(appointment.starts_at)}",
        f"DTEND:{_utc(appointment.ends_at)}",
        f"SUMMARY:{escape_text(f'{appointment.appointment_type.name} ({settings.KCC_MUNICIPALITY_NAME})')}",
        f"LOCATION:{escape_text(f'{appointment.location.name}, {appointment.location.address}')}",
        f"DESCRIPTION:{escape_text(description)}",
        f"ORGANIZER;CN={escape_text(organizer_name)}:mailto:{organizer_email}",
        f"ATTENDEE;CN={escape_text(appointment.name)};ROLE=REQ-PARTICIPANT:mailto:{appointment.email}",
        f"STATUS:{'CANCELLED' if method == 'CANCEL' else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
