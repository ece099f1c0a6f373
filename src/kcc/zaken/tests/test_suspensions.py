"""Awb 4:15: suspending the decision term, the deadline computed with it, and the rules of the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kcc.core.calendar import holiday_name, is_working_day
from kcc.core.models import AuditEntry, ClosingDay
from kcc.producten.services import save_product
from kcc.producten.terms import decision_deadline
from kcc.zaken import services
from kcc.zaken.deadlines import suspended_deadline, zaak_deadline
from kcc.zaken.models import Status, Suspension


@dataclass
class Term:
    term_amount: int | None
    term_unit: str
    extendable: bool = True
    extension_amount: int | None = 3
    lex_silencio: bool = False


def counted_by_hand(start: date, term: Term, extended: bool, windows: list[tuple[date, date]]) -> tuple[date, date]:
    """The rule, day by day: suspended days (after the request up to and including the last day) do not
    count, nor do non-working days for a term in werkdagen. Returns (last counted day, after the Atw move)."""
    amount = term.term_amount + (term.extension_amount if extended else 0)
    amount *= 7 if term.term_unit == "weken" else 1
    suspended = {s + timedelta(days=n) for s, e in windows for n in range(1, (e - s).days + 1)}
    day, counted = start, 0
    while counted < amount:
        day += timedelta(days=1)
        if day in suspended or (term.term_unit == "werkdagen" and not is_working_day(day)):
            continue
        counted += 1
    if term.term_unit == "werkdagen":
        return day, day
    moved = day
    while moved.weekday() >= 5 or holiday_name(moved) is not None:
        moved += timedelta(days=1)
    return day, moved


@st.composite
def cases(draw):
    start = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))
    unit = draw(st.sampled_from(["werkdagen", "dagen", "weken"]))
    term = Term(draw(st.integers(1, 20 if unit != "weken" else 8)), unit, extension_amount=draw(st.integers(1, 6)))
    windows, cursor = [], start
    for _ in range(draw(st.integers(0, 4))):
        requested = cursor + timedelta(days=draw(st.integers(0, 30)))
        cursor = requested + timedelta(days=draw(st.integers(0, 40)))
        windows.append((requested, cursor))
    return start, term, draw(st.booleans()), windows


@given(case=cases())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_deadline_matches_counting_day_by_day(db, case):
    start, term, extended, windows = case
    counted, moved = counted_by_hand(start, term, extended, windows)
    # A request on the last day itself or on the days the Algemene termijnenwet adds is not modelled by hand.
    assume(not any(counted <= requested < moved for requested, _ in windows))
    assert suspended_deadline(start, term, extended=extended, windows=windows) == moved


@given(case=cases(), split=st.integers(0, 40))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_splitting_a_suspension_in_two_changes_nothing_and_a_suspension_never_shortens(db, case, split):
    start, term, extended, windows = case
    assume(windows)
    requested, last_day = windows[0]
    middle = min(requested + timedelta(days=split), last_day)
    split_windows = [(requested, middle), (middle, last_day), *windows[1:]]
    together = suspended_deadline(start, term, extended=extended, windows=windows)
    assert suspended_deadline(start, term, extended=extended, windows=split_windows) == together
    assert together >= decision_deadline(start, term, extended=extended)


@pytest.mark.parametrize(
    ("start", "term", "windows", "expected"),
    [
        # 8 weeks from Mon 1 Feb 2027 end on Easter Monday → Tue 30 Mar. Asked Mon 8 Feb, documents in on
        # Thu 11 Feb: Tue 9, Wed 10 and Thu 11 stand still (3 days) → Thu 1 Apr 2027.
        (date(2027, 2, 1), Term(8, "weken"), [(date(2027, 2, 8), date(2027, 2, 11))], date(2027, 4, 1)),
        # documents in on the day of the request: nothing stands still.
        (date(2027, 2, 1), Term(8, "weken"), [(date(2027, 2, 8), date(2027, 2, 8))], date(2027, 3, 30)),
        # 2 days more: the end falls on Sat 3 Apr and moves once, to Mon 5 Apr.
        (date(2027, 2, 1), Term(8, "weken"), [(date(2027, 2, 8), date(2027, 2, 13))], date(2027, 4, 5)),
        # 5 working days from Tue 22 Dec 2026: Wed 23 counts, asked that day, documents in on Mon 28 Dec;
        # then Tue 29, Wed 30, Thu 31, (New Year, weekend) Mon 4 Jan 2027.
        (date(2026, 12, 22), Term(5, "werkdagen"), [(date(2026, 12, 23), date(2026, 12, 28))], date(2027, 1, 4)),
        # a suspension asked after the term lapsed changes nothing.
        (date(2026, 12, 22), Term(5, "werkdagen"), [(date(2026, 12, 30), date(2027, 1, 20))], date(2026, 12, 30)),
        # no term: no deadline, suspended or not.
        (date(2027, 2, 1), Term(None, ""), [(date(2027, 2, 8), date(2027, 2, 11))], None),
    ],
)
def test_suspension_examples(db, start, term, windows, expected):
    assert suspended_deadline(start, term, extended=False, windows=windows) == expected


def test_closing_days_do_not_count_for_working_days_inside_or_outside_a_suspension(db):
    ClosingDay.objects.create(date=date(2027, 1, 5), description="Gemeentehuis dicht")
    windows = [(date(2026, 12, 23), date(2026, 12, 28))]
    assert suspended_deadline(date(2026, 12, 22), Term(5, "werkdagen"), extended=False, windows=windows) == date(
        2027, 1, 4
    )
    assert suspended_deadline(date(2026, 12, 22), Term(6, "werkdagen"), extended=False, windows=windows) == date(
        2027, 1, 6
    )


# --- the service ----------------------------------------------------------------------------------


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def zaak(zaaktype, agent, today):
    return services.create_zaak(zaaktype=zaaktype, start_date=today - timedelta(days=20), actor=agent)


def test_a_request_for_completion_stops_the_term_until_the_documents_arrive(zaak, agent, today):
    product = zaak.zaaktype.product
    base = decision_deadline(zaak.start_date, product)
    suspension = services.suspend_term(
        zaak,
        reason="aanvulling",
        start_date=today - timedelta(days=10),
        until=today + timedelta(days=4),
        actor=agent,
        note="Tekening ontbreekt",
    )
    zaak.refresh_from_db()
    assert zaak.status == Status.WAITING and zaak.running_suspension == suspension
    # open: as far as known today, 10 days stood still (the day after the request up to and including today)
    assert zaak.deadline == decision_deadline(zaak.start_date + timedelta(days=10), product)
    assert zaak_deadline(zaak, today + timedelta(days=2)) == decision_deadline(
        zaak.start_date + timedelta(days=12), product
    )
    # the set period passes unused: the suspension ends by itself on its last day
    assert zaak_deadline(zaak, today + timedelta(days=30)) == decision_deadline(
        zaak.start_date + timedelta(days=14), product
    )
    services.end_suspension(zaak, end_date=today - timedelta(days=3), actor=agent)
    zaak.refresh_from_db()
    assert zaak.status == Status.IN_PROGRESS and zaak.running_suspension is None
    assert zaak.deadline == decision_deadline(zaak.start_date + timedelta(days=7), product) > base
    suspension.refresh_from_db()
    assert (suspension.end_date, suspension.ended_by, suspension.started_by) == (
        today - timedelta(days=3),
        agent,
        agent,
    )
    notes = [row.note for row in zaak.history.all()]
    assert notes[1].startswith(f"De termijn staat stil sinds {today - timedelta(days=10):%d-%m-%Y} omdat wij u om")
    assert notes[2] == f"De termijn loopt weer. Wij beslissen uiterlijk op {zaak.deadline:%d-%m-%Y}."
    assert list(
        AuditEntry.objects.filter(object_type="zaken.zaak", object_id=str(zaak.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "zaak_aangemaakt",
        "beslistermijn_opgeschort",
        "opschorting_beeindigd",
    ]


def test_suspensions_add_up_with_the_extension(zaak, agent, today):
    product = zaak.zaaktype.product
    services.suspend_term(
        zaak, reason="instemming", start_date=today - timedelta(days=15), until=today - timedelta(days=11), actor=agent
    )
    services.suspend_term(zaak, reason="overmacht", start_date=today - timedelta(days=5), actor=agent)
    services.end_suspension(zaak, end_date=today - timedelta(days=2), actor=agent)
    zaak = services.extend_term(zaak, reason="Advies welstand", actor=agent)
    expected = decision_deadline(zaak.start_date + timedelta(days=4 + 3), product, extended=True)
    assert zaak.deadline == expected
    assert zaak.history.last().note == f"De beslistermijn is verlengd tot {expected:%d-%m-%Y}."
    assert zaak.status == Status.RECEIVED  # only a request for completion waits for the applicant


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"reason": "aanvulling", "days_ago": 2}, "until", "zonder termijn staat de beslistermijn niet stil"),
        ({"reason": "instemming", "days_ago": 2}, "until", "schriftelijk met uitstel heeft ingestemd"),
        ({"reason": "onzin", "days_ago": 2}, "reason", "Kies de grond"),
        ({"reason": "overmacht", "days_ago": -1}, "start_date", "niet in de toekomst"),
        ({"reason": "overmacht", "days_ago": 25}, "start_date", "vóór de startdatum van de zaak"),
        ({"reason": "overmacht", "days_ago": 2, "until_days_ago": 3}, "until", "vóór het begin"),
    ],
)
def test_invalid_suspensions_are_refused_and_change_nothing(zaak, agent, today, kwargs, field, message):
    until = today - timedelta(days=kwargs["until_days_ago"]) if "until_days_ago" in kwargs else None
    with pytest.raises(ValidationError) as error:
        services.suspend_term(
            zaak,
            reason=kwargs["reason"],
            start_date=today - timedelta(days=kwargs["days_ago"]),
            until=until,
            actor=agent,
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not Suspension.objects.exists() and zaak.history.count() == 1


def test_suspensions_never_overlap(zaak, agent, today):
    services.suspend_term(zaak, reason="overmacht", start_date=today - timedelta(days=6), actor=agent)
    with pytest.raises(ValidationError, match=r"staat al stil sinds .* Beëindig die opschorting eerst"):
        services.suspend_term(zaak, reason="overmacht", start_date=today, actor=agent)
    services.end_suspension(zaak, end_date=today - timedelta(days=3), actor=agent)
    with pytest.raises(ValidationError, match="mogen elkaar niet overlappen"):
        services.suspend_term(
            zaak,
            reason="instemming",
            start_date=today - timedelta(days=8),
            until=today - timedelta(days=4),
            actor=agent,
        )
    # back to back is fine: the new one starts on the last day of the other
    services.suspend_term(zaak, reason="overmacht", start_date=today - timedelta(days=3), actor=agent)
    assert zaak.suspensions.count() == 2


def test_ending_needs_a_running_suspension_and_a_date_from_its_start_up_to_today(zaak, agent, today):
    with pytest.raises(ValidationError, match="staat niet stil"):
        services.end_suspension(zaak, end_date=today, actor=agent)
    services.suspend_term(zaak, reason="buitenland", start_date=today - timedelta(days=4), actor=agent)
    with pytest.raises(ValidationError, match="niet eindigen vóór haar begin"):
        services.end_suspension(zaak, end_date=today - timedelta(days=5), actor=agent)
    with pytest.raises(ValidationError, match="niet in de toekomst eindigen"):
        services.end_suspension(zaak, end_date=today + timedelta(days=1), actor=agent)
    assert zaak.suspensions.get().end_date is None


def test_a_lapsed_term_a_closed_zaak_or_no_term_cannot_be_suspended(zaaktype, agent, today):
    lapsed = services.create_zaak(zaaktype=zaaktype, start_date=today - timedelta(days=200), actor=agent)
    with pytest.raises(ValidationError, match="een verlopen termijn kan niet meer stilstaan"):
        services.suspend_term(lapsed, reason="overmacht", start_date=today, actor=agent)
    closed = services.close_zaak(
        services.create_zaak(zaaktype=zaaktype, start_date=today, actor=agent), outcome="verleend", actor=agent
    )
    with pytest.raises(ValidationError, match="al afgehandeld"):
        services.suspend_term(closed, reason="overmacht", start_date=today, actor=agent)
    save_product(zaaktype.product, term_amount=None, term_unit="", extendable=False, extension_amount=None)
    no_term = services.create_zaak(zaaktype=zaaktype, start_date=today, actor=agent)
    with pytest.raises(ValidationError, match="geen wettelijke beslistermijn"):
        services.suspend_term(no_term, reason="overmacht", start_date=today, actor=agent)
    assert not Suspension.objects.exists()
