"""Confirmation with an iCalendar attachment over real SMTP, the change/cancel link, the reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from kcc.afspraken import services
from kcc.afspraken.ics import fold
from kcc.afspraken.tests.conftest import at, next_working_day
from kcc.core.models import OutboxMessage
from kcc.core.outbox import deliver_pending

BOOKER = services.Booker("Jan de Boer, jr.", "jan@example.nl")


def _ics_fields(ics: str) -> dict[str, str]:
    unfolded = ics.replace("\r\n ", "")
    return dict(line.split(":", 1) for line in unfolded.split("\r\n") if line and ":" in line)


def test_the_confirmation_arrives_with_a_calendar_invitation(types, rijbewijs, stadhuis, smtp_settings, settings):
    settings.KCC_BASE_URL = "https://kcc.demodam.nl"
    day = next_working_day()
    appointment = services.book(
        product=rijbewijs, location=stadhuis, starts_at=at(day, 10, 30), booker=BOOKER, answers={"leeftijd": "71"}
    )
    assert deliver_pending() == 1
    message = smtp_settings.messages[0]
    assert message["To"] == "jan@example.nl"
    parts = {part.get_content_type(): part for part in message.walk()}
    body = parts["text/plain"].get_payload(decode=True).decode()
    assert "Rijbewijs aanvragen met gezondheidsverklaring" in body and "10:30" in body
    assert f"https://kcc.demodam.nl/afspraak/{appointment.number}/{appointment.token}/" in body
    assert "klacht" in body  # the outbox's standard footer
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST" and calendar_part.get_filename() == "afspraak.ics"
    ics = calendar_part.get_payload(decode=True).decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    fields = _ics_fields(ics)
    assert fields["METHOD"] == "REQUEST" and fields["SEQUENCE"] == "0"
    assert fields["UID"] == f"afspraak-{appointment.pk}-{appointment.token[:12]}@kcc.demodam.nl"
    start = datetime.strptime(fields["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    end = datetime.strptime(fields["DTEND"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert start == at(day, 10, 30) and end - start == timedelta(minutes=30)
    assert fields["ATTENDEE;CN=Jan de Boer\\, jr.;ROLE=REQ-PARTICIPANT"] == "mailto:jan@example.nl"
    assert fields["ORGANIZER;CN=KCC Gemeente Demodam"] == "mailto:kcc@demodam.nl"

    services.cancel(appointment)
    assert deliver_pending() == 1
    cancel_ics = next(p for p in smtp_settings.messages[1].walk() if p.get_content_type() == "text/calendar")
    fields = _ics_fields(cancel_ics.get_payload(decode=True).decode())
    assert fields["METHOD"] == "CANCEL" and fields["STATUS"] == "CANCELLED" and fields["SEQUENCE"] == "1"
    assert fields["UID"].startswith(f"afspraak-{appointment.pk}-")


def test_long_lines_are_folded_at_75_octets():
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_one_reminder_the_day_before(types, rijbewijs, stadhuis, agent):
    day = next_working_day()
    tomorrow = services.book(
        product=rijbewijs, location=stadhuis, starts_at=at(day, 9), booker=BOOKER, answers={"leeftijd": "30"}
    )
    services.book(
        product=rijbewijs,
        location=stadhuis,
        starts_at=at(next_working_day(day.toordinal() - timezone.localdate().toordinal() + 1), 9),
        booker=BOOKER,
        answers={"leeftijd": "30"},
    )
    services.book(
        product=rijbewijs,
        location=stadhuis,
        starts_at=at(day, 10),
        booker=services.Booker("Zonder mail"),
        answers={"leeftijd": "30"},
        channel="medewerker",
        actor=agent,
    )
    eve = at(day, 8) - timedelta(days=1)
    assert services.send_reminders(eve) == 1
    assert services.send_reminders(eve + timedelta(hours=3)) == 1  # the hourly scan again: same outbox row
    reminders = OutboxMessage.objects.filter(key__contains=":herinnering:")
    assert list(reminders.values_list("key", flat=True)) == [f"afspraken:{tomorrow.pk}:herinnering:{day:%Y-%m-%d}"]
    assert "Morgen hebt u een afspraak" in reminders.get().body
