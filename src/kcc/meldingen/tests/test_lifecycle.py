from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kcc.core.calendar import today
from kcc.core.models import AuditEntry, OrganisationUnit
from kcc.meldingen import services
from kcc.meldingen.models import DelayReason, Event, Melding, Status


@pytest.fixture
def melding(make_intake) -> Melding:
    return services.create_melding(make_intake()).melding


def _in_progress(melding, kcc_agent, backoffice) -> Melding:
    services.route_melding(melding, actor=kcc_agent)
    return services.start_melding(melding, actor=backoffice)


def test_happy_path_records_every_transition_with_actor_and_time(melding, kcc_agent, backoffice):
    assert melding.status == Status.REPORTED
    assert melding.number.startswith(f"M-{today().year}-") and len(melding.number) == 12
    services.route_melding(melding, actor=kcc_agent)
    services.start_melding(melding, actor=backoffice)
    services.close_melding(melding, actor=backoffice, resolution=Status.SOLVED, text="Tegel vastgelegd.")
    melding.refresh_from_db()
    assert melding.status == Status.SOLVED and melding.closed_at is not None
    events = list(melding.events.order_by("at", "id"))
    assert [(e.kind, e.from_status, e.to_status) for e in events] == [
        (Event.Kind.CREATED, "", Status.REPORTED),
        (Event.Kind.TRANSITION, Status.REPORTED, Status.ROUTED),
        (Event.Kind.TRANSITION, Status.ROUTED, Status.IN_PROGRESS),
        (Event.Kind.TRANSITION, Status.IN_PROGRESS, Status.SOLVED),
    ]
    assert [e.actor for e in events] == [None, kcc_agent, backoffice, backoffice]
    assert all(e.at is not None and e.public_text for e in events)
    assert AuditEntry.objects.filter(object_type="meldingen.melding", object_id=str(melding.pk)).count() == 3


def test_unsolvable_needs_a_reason(melding, kcc_agent, backoffice):
    _in_progress(melding, kcc_agent, backoffice)
    with pytest.raises(ValidationError) as error:
        services.close_melding(melding, actor=backoffice, resolution=Status.UNSOLVABLE, text=" ")
    assert "text" in error.value.message_dict
    services.close_melding(melding, actor=backoffice, resolution=Status.UNSOLVABLE, text="Grond is van de buren.")
    melding.refresh_from_db()
    assert melding.status == Status.UNSOLVABLE and melding.resolution_text == "Grond is van de buren."


def test_planned_needs_a_future_date(melding, kcc_agent, backoffice):
    _in_progress(melding, kcc_agent, backoffice)
    for bad in (None, today()):
        with pytest.raises(ValidationError) as error:
            services.close_melding(melding, actor=backoffice, resolution=Status.PLANNED, planned_date=bad)
        assert "planned_date" in error.value.message_dict
    later = today() + timedelta(days=60)
    services.close_melding(melding, actor=backoffice, resolution=Status.PLANNED, planned_date=later)
    melding.refresh_from_db()
    assert (melding.status, melding.planned_date) == (Status.PLANNED, later)


def test_cancel_from_every_open_status_needs_a_reason(make_intake, kcc_agent, backoffice):
    for steps in (0, 1, 2):
        melding = services.create_melding(make_intake()).melding
        if steps >= 1:
            services.route_melding(melding, actor=kcc_agent)
        if steps == 2:
            services.start_melding(melding, actor=backoffice)
        with pytest.raises(ValidationError):
            services.cancel_melding(melding, actor=kcc_agent, text="")
        services.cancel_melding(melding, actor=kcc_agent, text="Dubbel gemeld.")
        melding.refresh_from_db()
        assert melding.status == Status.CANCELLED


FORBIDDEN = [
    # (status, action)
    (Status.REPORTED, "start"),
    (Status.REPORTED, "solve"),
    (Status.REPORTED, "reopen"),
    (Status.ROUTED, "route"),
    (Status.ROUTED, "solve"),
    (Status.ROUTED, "reopen"),
    (Status.IN_PROGRESS, "route"),
    (Status.IN_PROGRESS, "start"),
    (Status.IN_PROGRESS, "reopen"),
    (Status.SOLVED, "route"),
    (Status.SOLVED, "start"),
    (Status.SOLVED, "solve"),
    (Status.SOLVED, "cancel"),
    (Status.UNSOLVABLE, "solve"),
    (Status.PLANNED, "start"),
    (Status.CANCELLED, "cancel"),
    (Status.CANCELLED, "solve"),
]


@pytest.mark.parametrize(("status", "action"), FORBIDDEN)
def test_forbidden_transitions_change_nothing(melding, kcc_agent, backoffice, status, action):
    Melding.objects.filter(pk=melding.pk).update(status=status)
    melding.refresh_from_db()
    events_before = melding.events.count()
    calls = {
        "route": lambda: services.route_melding(melding, actor=kcc_agent),
        "start": lambda: services.start_melding(melding, actor=backoffice),
        "solve": lambda: services.close_melding(melding, actor=backoffice, resolution=Status.SOLVED),
        "cancel": lambda: services.cancel_melding(melding, actor=kcc_agent, text="x"),
        "reopen": lambda: services.reopen_melding(melding, actor=kcc_agent, text="x"),
    }
    with pytest.raises(services.TransitionNotAllowed):
        calls[action]()
    melding.refresh_from_db()
    assert melding.status == status and melding.events.count() == events_before


def test_other_unit_and_agents_cannot_handle(melding, kcc_agent, backoffice, other_backoffice):
    services.route_melding(melding, actor=kcc_agent)
    with pytest.raises(PermissionDenied):
        services.start_melding(melding, actor=other_backoffice)
    with pytest.raises(PermissionDenied):
        services.start_melding(melding, actor=kcc_agent)
    services.start_melding(melding, actor=backoffice)


def test_a_parent_unit_handles_the_units_below_it(melding, kcc_agent, make_user):
    from kcc.core.roles import Role

    manager = make_user(Role.BACKOFFICE, unit=OrganisationUnit.objects.get(code="realisatie-beheer"))
    services.route_melding(melding, actor=kcc_agent)
    services.start_melding(melding, actor=manager)


def test_route_to_another_unit(melding, kcc_agent, other_backoffice):
    groen = OrganisationUnit.objects.get(code="groen")
    services.route_melding(melding, actor=kcc_agent, unit=groen)
    services.start_melding(melding, actor=other_backoffice)
    melding.refresh_from_db()
    assert melding.unit == groen


def test_closing_after_the_deadline_needs_a_delay_reason_and_text(melding, kcc_agent, backoffice):
    _in_progress(melding, kcc_agent, backoffice)
    Melding.objects.filter(pk=melding.pk).update(term_start=today() - timedelta(days=60))
    reason = DelayReason.objects.get(code="weer")
    with pytest.raises(ValidationError) as error:
        services.close_melding(melding, actor=backoffice, resolution=Status.SOLVED)
    assert set(error.value.message_dict) == {"delay_reason", "delay_text"}
    with pytest.raises(ValidationError) as error:
        services.close_melding(melding, actor=backoffice, resolution=Status.SOLVED, delay_reason=reason)
    assert set(error.value.message_dict) == {"delay_text"}
    services.close_melding(
        melding, actor=backoffice, resolution=Status.SOLVED, delay_reason=reason, delay_text="Het vroor."
    )
    melding.refresh_from_db()
    assert (melding.delay_reason, melding.delay_text) == (reason, "Het vroor.")


def test_closing_in_time_needs_no_delay_reason(melding, kcc_agent, backoffice):
    _in_progress(melding, kcc_agent, backoffice)
    services.close_melding(melding, actor=backoffice, resolution=Status.SOLVED, delay_text="genegeerd")
    melding.refresh_from_db()
    assert melding.delay_reason is None and melding.delay_text == ""


def test_reopen_returns_to_the_department_with_a_fresh_term(melding, kcc_agent, backoffice):
    _in_progress(melding, kcc_agent, backoffice)
    services.close_melding(melding, actor=backoffice, resolution=Status.SOLVED)
    Melding.objects.filter(pk=melding.pk).update(term_start=today() - timedelta(days=30))
    with pytest.raises(ValidationError):
        services.reopen_melding(melding, actor=kcc_agent, text="")
    services.reopen_melding(melding, actor=kcc_agent, text="Tegel ligt weer los.")
    melding.refresh_from_db()
    assert (melding.status, melding.term_start, melding.closed_at) == (Status.ROUTED, today(), None)
    assert "opnieuw geopend" in melding.events.last().public_text
    services.start_melding(melding, actor=backoffice)
