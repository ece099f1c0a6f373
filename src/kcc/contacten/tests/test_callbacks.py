"""Callback requests: working-day deadlines, the back-office scope, reminders and escalation once."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kcc.contacten import selectors, services
from kcc.contacten.models import Callback
from kcc.core.models import ClosingDay, OrganisationUnit, OutboxMessage, Task
from kcc.core.roles import Role
from kcc.medewerkers.models import Membership, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def freeze_today(monkeypatch):
    """Pin the calendar's today (the services read it through kcc.contacten.services.today)."""

    def pin(day: date) -> None:
        monkeypatch.setattr(services, "today", lambda: day)

    return pin


def _callback(agent, unit, **extra):
    contact = services.start_contact(agent=agent)
    return services.create_callback(
        contact=contact,
        created_by=agent,
        unit=unit,
        question_text="Wanneer komt mijn uitkering?",
        callback_phone="06-12345678",
        reason="kennis_nodig",
        **extra,
    )


@pytest.mark.parametrize(
    ("created", "days", "deadline"),
    [
        (date(2026, 3, 5), 2, date(2026, 3, 9)),  # Thursday + 2 → Monday
        (date(2026, 3, 6), 2, date(2026, 3, 10)),  # Friday + 2 → Tuesday
        (date(2026, 4, 2), 2, date(2026, 4, 8)),  # Thursday; Good Friday and Easter Monday are holidays
        (date(2026, 4, 24), 2, date(2026, 4, 29)),  # Friday before King's Day (Monday 27th)
        (date(2026, 3, 6), 5, date(2026, 3, 13)),  # a unit's own term
    ],
)
def test_the_deadline_counts_working_days_of_the_unit(agent, wi, freeze_today, created, days, deadline):
    wi.callback_days = days
    wi.save()
    freeze_today(created)
    assert _callback(agent, wi).deadline == deadline


def test_a_closing_day_moves_the_deadline(agent, wi, freeze_today):
    ClosingDay.objects.create(date=date(2026, 5, 15), description="Dag na Hemelvaart")
    freeze_today(date(2026, 5, 13))  # Wednesday; Thursday 14th is Ascension Day
    assert _callback(agent, wi).deadline == date(2026, 5, 19)


def test_a_callback_to_a_person_goes_to_his_main_unit_and_mailbox(agent, wi):
    person = Person.objects.create(name="Jan Jansen", email="jan@demodam.nl")
    Membership.objects.create(person=person, unit=wi, position=0)
    callback = _callback(agent, None, person=person)
    assert callback.unit == wi
    message = OutboxMessage.objects.get(key=f"contacten:terugbelverzoek:{callback.pk}:nieuw")
    assert message.to == ["jan@demodam.nl"]
    assert "Wanneer komt mijn uitkering?" in message.body


def test_a_callback_needs_a_unit_or_person_and_a_valid_number(agent):
    with pytest.raises(ValidationError) as error:
        _callback(agent, None)
    assert "eenheid" in error.value.messages[0]


def test_a_back_office_user_sees_and_handles_only_his_units_callbacks(agent, wi, make_user):
    other_unit = OrganisationUnit.objects.create(code="wmo", name="WMO", kind="afdeling")
    mine, theirs = _callback(agent, wi), _callback(agent, other_unit)
    colleague = make_user(Role.BACKOFFICE, unit=wi)
    assert list(selectors.callbacks_visible_to(colleague)) == [mine]
    assert list(selectors.callback_inbox(colleague)) == [mine]
    with pytest.raises(PermissionDenied):
        services.take_callback(theirs, user=colleague)
    with pytest.raises(PermissionDenied):
        services.take_callback(mine, user=agent)  # the KCC sees it but does not handle it
    services.take_callback(mine, user=colleague)
    with pytest.raises(ValidationError):
        services.close_callback(mine, user=colleague, outcome="niet_bereikt", note="Geen gehoor", call_attempts=1)
    closed = services.close_callback(
        mine, user=colleague, outcome="niet_bereikt", note="Twee keer geen gehoor", call_attempts=2
    )
    assert (closed.status, closed.handler) == (Callback.Status.FAILED, colleague)
    assert set(selectors.callbacks_visible_to(agent)) == {mine, theirs}


def test_reminder_the_working_day_before_and_escalation_after_the_deadline_each_once(
    agent, wi, make_user, freeze_today
):
    coordinator = make_user(Role.BACKOFFICE, unit=wi, email="coordinator@demodam.nl")
    wi.coordinator = coordinator
    wi.save()
    teamleader = make_user(Role.TEAMLEADER, email="teamleider@demodam.nl")
    freeze_today(date(2026, 3, 6))  # Friday → deadline Tuesday 10 March
    callback = _callback(agent, wi)
    assert callback.deadline == date(2026, 3, 10)

    assert services.process_callback_deadlines(date(2026, 3, 6)).reminded == 0
    assert services.process_callback_deadlines(date(2026, 3, 9)).reminded == 1  # Monday
    assert services.process_callback_deadlines(date(2026, 3, 9)).reminded == 0
    reminder = Task.objects.get(kind="terugbelverzoek_herinnering")
    assert (reminder.unit, reminder.assignee, reminder.deadline) == (wi, None, date(2026, 3, 10))

    assert services.process_callback_deadlines(date(2026, 3, 10)).escalated == 0  # still within the term
    run = services.process_callback_deadlines(date(2026, 3, 11))
    assert run.escalated == 1
    assert services.process_callback_deadlines(date(2026, 3, 12)).escalated == 0
    escalations = Task.objects.filter(kind="terugbelverzoek_escalatie")
    assert {task.assignee for task in escalations} == {None, coordinator, teamleader}
    keys = set(OutboxMessage.objects.filter(key__contains=":escalatie:").values_list("key", flat=True))
    assert keys == {
        f"contacten:terugbelverzoek:{callback.pk}:escalatie:{address}"
        for address in ("wi@demodam.nl", "coordinator@demodam.nl", "teamleider@demodam.nl")
    }

    services.close_callback(callback, user=coordinator, outcome="opgelost", note="Teruggebeld", call_attempts=1)
    assert not Task.objects.filter(subject_id=str(callback.pk), status="open").exists()


def test_a_closed_callback_is_neither_reminded_nor_escalated(agent, wi, make_user, freeze_today):
    freeze_today(date(2026, 3, 6))
    callback = _callback(agent, wi)
    services.close_callback(
        callback, user=make_user(Role.BACKOFFICE, unit=wi), outcome="opgelost", note="Direct gebeld", call_attempts=1
    )
    run = services.process_callback_deadlines(date(2026, 3, 20))
    assert (run.reminded, run.escalated) == (0, 0)


def test_searches_during_a_contact_that_ends_in_a_callback_are_logged_as_back_office_contacts(agent, wi):
    from kcc.kennisbank.models import SearchLog
    from kcc.kennisbank.services import search_and_log

    earlier, _ = search_and_log(query="uitkering", channel=SearchLog.Channel.AGENT, user=agent)
    SearchLog.objects.filter(pk=earlier.pk).update(created_at=earlier.created_at - timedelta(hours=1))
    contact = services.start_contact(agent=agent)
    during, _ = search_and_log(query="bijstand aanvragen", channel=SearchLog.Channel.AGENT, user=agent)
    services.create_callback(
        contact=contact,
        created_by=agent,
        unit=wi,
        question_text="Wanneer komt mijn uitkering?",
        callback_phone="06-12345678",
        reason="kennis_nodig",
    )
    during.refresh_from_db()
    earlier.refresh_from_db()
    assert during.backoffice_contacted and during.backoffice_contacted_at is not None
    assert not earlier.backoffice_contacted
