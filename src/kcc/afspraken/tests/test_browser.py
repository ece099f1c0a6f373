"""The public booking flow in headless Chromium, including cancellation via the link."""

from __future__ import annotations

import pytest

from kcc.afspraken.models import Appointment
from kcc.afspraken.tests.conftest import next_working_day
from kcc.core.models import OutboxMessage

pytestmark = pytest.mark.browser


def test_book_as_a_70_plus_citizen_and_cancel_via_the_link(
    transactional_db, types, stadhuis, page, live_server, settings
):
    settings.KCC_BASE_URL = live_server.url
    day = next_working_day()
    page.goto("/afspraak/")
    page.select_option("#product", "rijbewijs")
    page.get_by_role("button", name="Verder").click()
    page.fill("#intake_leeftijd", "74")
    page.select_option("#location", "stadhuis")
    page.fill("#datum", day.isoformat())
    page.get_by_role("button", name="Toon vrije tijden").click()
    page.get_by_role("heading", name="Rijbewijs aanvragen met gezondheidsverklaring (30 minuten)").wait_for()
    page.get_by_label("10:30").check()
    page.fill("#name", "Gerrit Bakker")
    page.fill("#email", "gerrit@example.nl")
    page.get_by_role("button", name="Afspraak maken").click()
    page.get_by_text("Uw afspraak is gemaakt.").wait_for()
    appointment = Appointment.objects.get()
    assert page.get_by_test_id("when").inner_text().endswith("om 10:30 uur")
    assert appointment.appointment_type.code == "rijbewijs-gezondheid"

    message = OutboxMessage.objects.get(key=f"afspraken:{appointment.pk}:bevestiging:0")
    link = next(line for line in message.body.splitlines() if "/afspraak/" in line).strip()
    page.goto(link)
    page.get_by_role("button", name="Afspraak annuleren").click()
    page.get_by_text("Uw afspraak is geannuleerd.").wait_for()
    assert page.get_by_test_id("status").inner_text() == "Geannuleerd"
    appointment.refresh_from_db()
    assert appointment.status == "geannuleerd" and not appointment.claims.exists()
