"""Forward & Track to one person from the workspace: found as the directory finds people, with the
term and reminders of the person's unit and escalation to its coordinator."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kcc.core.calendar import add_working_days, today
from kcc.core.outbox import OutboxMessage
from kcc.core.roles import Role
from kcc.mail import services
from kcc.mail.models import Forward, UnitMailSettings
from kcc.medewerkers import services as medewerkers

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user, unit):
    user = make_user(Role.BACKOFFICE, unit=unit, email="coordinator@demodam.nl")
    unit.coordinator = user
    unit.email = "belastingen@demodam.nl"
    unit.save()
    return user


@pytest.fixture
def colleague(make_user, unit, admin_user, coordinator):
    """Pieter Bakker of Belastingen: in the directory, with a workspace account."""
    user = make_user(Role.BACKOFFICE, unit=unit, email="pieter@demodam.nl")
    user.first_name, user.last_name = "Pieter", "Bakker"
    user.save()
    medewerkers.save_person(
        actor=admin_user, units=[unit], name="Pieter Bakker", email="pieter@demodam.nl", user=user, function="WOZ"
    )
    return user


def test_search_offers_directory_people_with_an_account_only(client, agent, colleague, unit, admin_user):
    medewerkers.save_person(actor=admin_user, units=[unit], name="Pieter Zonderaccount", email="pz@demodam.nl")
    thread = services.ingest(b"From: a@example.nl\r\nMessage-ID: <p1@example.nl>\r\n\r\nVraag").message.thread
    client.force_login(agent)
    page = client.get(f"/mail/{thread.number}/personen/", {"q": "pieter"}).content.decode()
    assert f'value="{colleague.pk}"' in page and "Pieter Bakker — Belastingen" in page
    assert "Zonderaccount" not in page
    assert "Geen medewerker" in client.get(f"/mail/{thread.number}/personen/", {"q": "xyzzy"}).content.decode()


def test_forward_to_person_uses_the_unit_term_and_escalates_to_its_coordinator(client, agent, colleague, unit):
    UnitMailSettings.objects.create(unit=unit, answer_days=3, reminder_days_before=1)
    thread = services.ingest(b"From: a@example.nl\r\nMessage-ID: <p2@example.nl>\r\n\r\nVraag").message.thread
    client.force_login(agent)
    response = client.post(
        f"/mail/{thread.number}/actie/doorsturen/", {"persoon": colleague.pk, "toelichting": "Graag jij."}
    )
    assert response.status_code == 302
    item = Forward.objects.get(thread=thread)
    assert (item.unit, item.person, item.deadline) == (unit, colleague, add_working_days(today(), 3))
    assert OutboxMessage.objects.get(key=f"mail:doorsturing:{item.pk}").to == ["pieter@demodam.nl"]
    services.process_forward_deadlines(add_working_days(today(), 2))
    assert OutboxMessage.objects.get(key=f"mail:herinnering:{item.pk}").to == ["pieter@demodam.nl"]
    services.process_forward_deadlines(item.deadline + timedelta(days=1))
    assert "coordinator@demodam.nl" in OutboxMessage.objects.get(key=f"mail:escalatie:{item.pk}").to


def test_person_without_unit_or_unknown_is_refused(client, agent, make_user):
    loner = make_user(Role.BACKOFFICE, email="los@demodam.nl")
    thread = services.ingest(b"From: a@example.nl\r\nMessage-ID: <p3@example.nl>\r\n\r\nVraag").message.thread
    client.force_login(agent)
    for value in (loner.pk, 999999, "abc"):
        client.post(f"/mail/{thread.number}/actie/doorsturen/", {"persoon": value})
    assert not Forward.objects.exists()


def test_back_office_may_not_search_or_forward(client, colleague, coordinator):
    thread = services.ingest(b"From: a@example.nl\r\nMessage-ID: <p4@example.nl>\r\n\r\nVraag").message.thread
    client.force_login(coordinator)
    assert client.get(f"/mail/{thread.number}/personen/", {"q": "pieter"}).status_code == 403
    assert client.post(f"/mail/{thread.number}/actie/doorsturen/", {"persoon": colleague.pk}).status_code == 403
    assert not Forward.objects.exists()
