"""The traffic light across weekends and holidays, for working-day and calendar-day terms."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcc.core.models import ClosingDay, OrganisationUnit, OutboxMessage, Task, User
from kcc.core.outbox import deliver_pending
from kcc.core.roles import Role
from kcc.meldingen import selectors, services, terms
from kcc.meldingen.models import DayType, Event, MeldingenConfig, Status

FRIDAY = date(2026, 4, 24)  # Monday 27 April 2026 is King's Day, a public holiday


def _light_on(melding, day: date) -> str:
    return selectors.with_light(type(melding).objects.filter(pk=melding.pk), today=day).get().light


@pytest.fixture
def routed(make_intake, kcc_agent):
    MeldingenConfig.objects.update_or_create(pk=1, defaults=dict(reminder_fraction=Decimal("0.5")))
    melding = services.create_melding(make_intake()).melding
    services.route_melding(melding, actor=kcc_agent)
    melding.refresh_from_db()
    return melding


def _set_term(melding, days: int, day_type: str, start: date = FRIDAY) -> None:
    type(melding).objects.filter(pk=melding.pk).update(term_days=days, term_day_type=day_type, term_start=start)
    melding.refresh_from_db()


def test_working_days_skip_the_weekend_and_kings_day(routed):
    _set_term(routed, 3, DayType.WORKING)
    # deadline: Tue 28 (1), Wed 29 (2), Thu 30 April (3); reminder after ceil(0.5 × 3) = 2 days: Wed 29.
    assert terms.deadline(FRIDAY, 3, DayType.WORKING) == date(2026, 4, 30)
    expected = {
        date(2026, 4, 24): "groen",
        date(2026, 4, 25): "groen",
        date(2026, 4, 26): "groen",
        date(2026, 4, 27): "groen",
        date(2026, 4, 28): "groen",
        date(2026, 4, 29): "oranje",
        date(2026, 4, 30): "oranje",
        date(2026, 5, 1): "rood",
    }
    assert {day: _light_on(routed, day) for day in expected} == expected


def test_calendar_days_count_weekends_and_holidays(routed):
    _set_term(routed, 3, DayType.CALENDAR)
    # deadline Mon 27 April; reminder after 2 days: Sun 26.
    expected = {
        date(2026, 4, 25): "groen",
        date(2026, 4, 26): "oranje",
        date(2026, 4, 27): "oranje",
        date(2026, 4, 28): "rood",
    }
    assert {day: _light_on(routed, day) for day in expected} == expected


def test_a_closing_day_moves_the_deadline(routed):
    ClosingDay.objects.create(date=date(2026, 4, 30), description="Sluitingsdag")
    _set_term(routed, 3, DayType.WORKING)
    assert _light_on(routed, date(2026, 5, 1)) == "oranje"
    assert _light_on(routed, date(2026, 5, 2)) == "rood"


def test_black_until_routed_and_none_when_closed(make_intake, kcc_agent):
    melding = services.create_melding(make_intake()).melding
    assert _light_on(melding, melding.term_start) == "zwart"
    services.cancel_melding(melding, actor=kcc_agent, text="Vergissing")
    assert _light_on(melding, melding.term_start) == ""


def test_list_sorts_red_first_and_filters_by_light(make_intake, kcc_agent, teamleader, backoffice):
    MeldingenConfig.objects.update_or_create(pk=1, defaults=dict(reminder_fraction=Decimal("0.5")))
    made = {}
    for name, start in (
        ("groen", FRIDAY),
        ("rood", FRIDAY - timedelta(days=30)),
        ("oranje", FRIDAY - timedelta(days=6)),
    ):
        melding = services.create_melding(make_intake()).melding
        services.route_melding(melding, actor=kcc_agent)
        _set_term(melding, 10, DayType.WORKING, start)
        made[name] = melding.number
    black = services.create_melding(make_intake()).melding
    type(black).objects.filter(pk=black.pk).update(term_start=FRIDAY)
    day = FRIDAY
    listed = [(m.number, m.light) for m in selectors.melding_list(teamleader, today=day, status="open")]
    assert listed == [
        (made["rood"], "rood"),
        (made["oranje"], "oranje"),
        (black.number, "zwart"),
        (made["groen"], "groen"),
    ]
    assert [m.number for m in selectors.melding_list(backoffice, today=day, light="oranje")] == [made["oranje"]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    days=st.integers(min_value=0, max_value=25),
    working=st.booleans(),
    offset=st.integers(min_value=-5, max_value=40),
    fraction=st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("1")]),
)
def test_sql_light_equals_the_python_rule(routed, days, working, offset, fraction):
    MeldingenConfig.objects.filter(pk=1).update(reminder_fraction=fraction)
    day_type = DayType.WORKING if working else DayType.CALENDAR
    _set_term(routed, days, day_type, date(2026, 12, 18))
    day = date(2026, 12, 18) + timedelta(days=offset)
    assert _light_on(routed, day) == terms.light(Status.ROUTED, routed.term_start, days, day_type, day, fraction)


def test_reminders_and_escalations_go_to_the_coordinator_once(make_intake, kcc_agent, backoffice, settings):
    OrganisationUnit.objects.filter(code="wegen").update(coordinator=backoffice)
    MeldingenConfig.objects.update_or_create(pk=1, defaults=dict(reminder_fraction=Decimal("0.5")))
    orange = services.create_melding(make_intake()).melding
    red = services.create_melding(make_intake()).melding
    green = services.create_melding(make_intake()).melding
    for melding, start in ((orange, FRIDAY - timedelta(days=7)), (red, FRIDAY - timedelta(days=40)), (green, FRIDAY)):
        services.route_melding(melding, actor=kcc_agent)
        _set_term(melding, 10, DayType.WORKING, start)

    assert services.send_deadline_signals(FRIDAY) == {"herinneringen": 1, "escalaties": 1}
    assert services.send_deadline_signals(FRIDAY) == {"herinneringen": 0, "escalaties": 0}
    deliver_pending()
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        f"Herinnering: melding {orange.number} moet uiterlijk {terms_day(orange)} klaar zijn",
        f"Termijn verlopen: melding {red.number}",
    ]
    assert all(message.to == ["bo@demodam.nl"] for message in mail.outbox)
    assert OutboxMessage.objects.filter(key__startswith="meldingen:escalatie:").count() == 1
    assert red.events.filter(kind=Event.Kind.ESCALATION).count() == 1
    assert orange.events.filter(kind=Event.Kind.REMINDER).count() == 1


def terms_day(melding) -> str:
    from kcc.meldingen.texts import day

    melding.refresh_from_db()
    return day(terms.deadline(melding.term_start, melding.term_days, melding.term_day_type))


def test_an_escalation_without_coordinator_or_address_goes_to_the_teamleider_once(
    make_intake, kcc_agent, teamleader, settings
):
    """Issue 19: such escalations were skipped silently; now the teamleider gets and sees them."""
    OrganisationUnit.objects.filter(code="wegen").update(coordinator=None, email="")
    teamleader.email = "tl@demodam.nl"
    teamleader.save()
    red = services.create_melding(make_intake()).melding
    services.route_melding(red, actor=kcc_agent)
    _set_term(red, 10, DayType.WORKING, FRIDAY - timedelta(days=40))

    assert services.send_deadline_signals(FRIDAY) == {"herinneringen": 0, "escalaties": 1}
    assert services.send_deadline_signals(FRIDAY) == {"herinneringen": 0, "escalaties": 0}
    tasks = Task.objects.filter(subject_type="meldingen.melding", subject_id=str(red.pk), kind="melding_escalatie")
    leaders = set(User.objects.filter(groups__name=Role.TEAMLEADER.value))
    assert {task.assignee for task in tasks} == leaders and teamleader in leaders  # one task each
    reason = "Wegen en Riolering heeft geen coördinator en geen e-mailadres."
    assert all(reason in task.description for task in tasks)
    addresses = sorted(leader.email for leader in leaders if leader.email)
    messages = OutboxMessage.objects.filter(key__startswith="meldingen:escalatie:")
    assert sorted(message.to[0] for message in messages) == addresses and "tl@demodam.nl" in addresses
    assert {message.subject for message in messages} == {f"Termijn verlopen: melding {red.number}"}
    event = red.events.get(kind=Event.Kind.ESCALATION)
    assert event.note == f"Escalatie naar de teamleider ({', '.join(addresses)}): {reason}"
