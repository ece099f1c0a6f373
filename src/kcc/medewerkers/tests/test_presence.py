"""The presence rules, without a database: examples for each edge, properties for the rest."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcc.medewerkers.presence import (
    AFTERNOON,
    DAY_PARTS,
    MORNING,
    ZONE,
    AbsenceFacts,
    Directory,
    PersonFacts,
    Reason,
    Transfer,
    UnitFacts,
    Window,
    day_part,
    describe_windows,
    person_status,
    reachability_of_person,
    reachability_of_unit,
    unit_status,
    who_can_take,
)

TUESDAY = date(2025, 3, 4)
CHRISTMAS = date(2024, 12, 25)  # a Wednesday
WEEKDAYS_OFFICE = tuple(Window(day, time(8, 30), time(15, 0)) for day in range(5))
EVERY_PART = frozenset((day, part) for day in range(7) for part in DAY_PARTS)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


def no_day_off(day: date) -> tuple[Reason, str] | None:
    return None


def christmas_off(day: date) -> tuple[Reason, str] | None:
    return (Reason.HOLIDAY, "Feestdag: Eerste Kerstdag") if day == CHRISTMAS else None


UNIT = UnitFacts(1, "belastingen", "Belastingen", "0105550210", "0105550211", "warm", WEEKDAYS_OFFICE)


def person(pid: int = 1, **fields) -> PersonFacts:
    defaults = {"name": f"Persoon {pid}", "phone_internal": f"4{pid:03d}", "schedule": EVERY_PART, "units": (UNIT,)}
    return PersonFacts(id=pid, **{**defaults, **fields})


# --- examples ---------------------------------------------------------------------------------


def test_present_in_a_scheduled_day_part():
    status = person_status(person(), at(TUESDAY, 10), no_day_off)
    assert status.present and status.reason is None


def test_absent_when_the_day_part_is_not_in_the_schedule():
    status = person_status(person(schedule=frozenset({(1, MORNING)})), at(TUESDAY, 14), no_day_off)
    assert not status.present
    assert status.reason == Reason.NOT_SCHEDULED
    assert status.reason_text == "Werkt volgens rooster niet op dinsdagmiddag"


def test_day_parts_have_exclusive_ends():
    assert day_part(time(7, 59)) is None
    assert day_part(time(8, 0)) == MORNING
    assert day_part(time(12, 29)) == MORNING
    assert day_part(time(12, 30)) == AFTERNOON
    assert day_part(time(17, 29)) == AFTERNOON
    assert day_part(time(17, 30)) is None
    assert person_status(person(), at(TUESDAY, 17, 30), no_day_off).reason == Reason.OUTSIDE_HOURS


def test_public_holiday_beats_schedule_and_absence():
    sick = person(absences=(AbsenceFacts("ziek", at(CHRISTMAS, 0), None),))
    status = person_status(sick, at(CHRISTMAS, 10), christmas_off)
    assert status.reason == Reason.HOLIDAY and status.reason_text == "Feestdag: Eerste Kerstdag"


def test_absence_start_is_inclusive_and_end_exclusive():
    leave = person(absences=(AbsenceFacts("verlof", at(TUESDAY, 10), at(TUESDAY, 12)),))
    assert person_status(leave, at(TUESDAY, 9, 59), no_day_off).present
    status = person_status(leave, at(TUESDAY, 10), no_day_off)
    assert status.reason == Reason.LEAVE and status.back_at == at(TUESDAY, 12)
    assert person_status(leave, at(TUESDAY, 12), no_day_off).present


def test_open_ended_sickness_lasts():
    sick = person(absences=(AbsenceFacts("ziek", at(TUESDAY, 0), None),))
    status = person_status(sick, at(TUESDAY + timedelta(days=400), 10), no_day_off)
    assert status.reason == Reason.SICK and status.back_at is None


def test_moments_are_read_in_amsterdam_time_across_daylight_saving():
    schedule = frozenset({(0, MORNING)})  # Monday mornings only
    winter = datetime(2025, 3, 24, 7, 30, tzinfo=UTC)  # 08:30 CET
    summer = datetime(2025, 3, 31, 6, 30, tzinfo=UTC)  # 08:30 CEST, after the switch
    too_early = datetime(2025, 3, 31, 5, 30, tzinfo=UTC)  # 07:30 CEST
    assert person_status(person(schedule=schedule), winter, no_day_off).present
    assert person_status(person(schedule=schedule), summer, no_day_off).present
    assert person_status(person(schedule=schedule), too_early, no_day_off).reason == Reason.OUTSIDE_HOURS


def test_naive_moments_are_refused():
    with pytest.raises(ValueError):
        person_status(person(), datetime(2025, 3, 4, 10), no_day_off)


def test_unit_window_end_is_exclusive_and_a_holiday_closes_it():
    assert unit_status(UNIT, at(TUESDAY, 8, 30), no_day_off).present
    closed = unit_status(UNIT, at(TUESDAY, 15), no_day_off)
    assert closed.reason == Reason.OUTSIDE_WINDOW and closed.transfer == Transfer.NOT_ALLOWED
    assert "ma–vr 08:30–15:00" in closed.reason_text
    assert unit_status(UNIT, at(CHRISTMAS, 10), christmas_off).reason == Reason.HOLIDAY
    assert unit_status(UNIT, at(date(2025, 3, 8), 10), no_day_off).reason == Reason.OUTSIDE_WINDOW  # Saturday


def test_a_unit_without_windows_is_open_on_any_day_but_a_day_off():
    always = UnitFacts(2, "brandweer", "Brandweer", "0105550900")
    assert unit_status(always, at(date(2025, 3, 8), 3), no_day_off).present
    assert not unit_status(always, at(CHRISTMAS, 3), christmas_off).present


def test_policies():
    never = UnitFacts(3, "wmo", "Wmo-loket", "0105550242", policy="geen_doorverbinding", windows=WEEKDAYS_OFFICE)
    urgent = UnitFacts(4, "handhaving", "Handhaving", "0105550340", policy="alleen_spoed", windows=WEEKDAYS_OFFICE)
    open_never = unit_status(never, at(TUESDAY, 10), no_day_off)
    assert open_never.present and open_never.transfer == Transfer.NOT_ALLOWED
    assert "nooit doorverbonden" in open_never.transfer_text
    assert unit_status(urgent, at(TUESDAY, 10), no_day_off).transfer == Transfer.URGENT_ONLY
    assert unit_status(UNIT, at(TUESDAY, 10), no_day_off).transfer == Transfer.ALLOWED


def test_present_person_dials_internal_number_and_mobile_only_when_given():
    reach = reachability_of_person(person(phone_mobile="0612345678"), at(TUESDAY, 10), no_day_off, Directory())
    assert reach.dial.digits == "4001" and reach.dial.label == "intern"
    assert [n.label for n in reach.target.numbers] == ["intern", "mobiel"]
    mobile_only = person(phone_internal="", phone_mobile="0612345678")
    assert reachability_of_person(mobile_only, at(TUESDAY, 10), no_day_off, Directory()).dial.label == "mobiel"


def test_absent_person_follows_the_stand_in_chain_to_the_first_present():
    sick = AbsenceFacts("ziek", at(TUESDAY, 0))
    a = person(1, absences=(sick,), stand_in_person_id=2)
    b = person(2, absences=(AbsenceFacts("verlof", at(TUESDAY, 0)),), stand_in_person_id=3)
    c = person(3, stand_in_person_id=1)
    directory = Directory(people={1: a, 2: b, 3: c})
    reach = reachability_of_person(a, at(TUESDAY, 10), no_day_off, directory)
    assert [step.name for step in reach.chain] == ["Persoon 2", "Persoon 3"]
    assert reach.stand_in.name == "Persoon 3"
    assert reach.dial.digits == "4003" and reach.dial.owner == "Persoon 3"
    assert reach.transfer == Transfer.ALLOWED


def test_a_loop_of_absent_stand_ins_ends_at_the_unit_number():
    sick = (AbsenceFacts("ziek", at(TUESDAY, 0)),)
    a = person(1, absences=sick, stand_in_person_id=2)
    b = person(2, absences=sick, stand_in_person_id=1)
    reach = reachability_of_person(a, at(TUESDAY, 10), no_day_off, Directory(people={1: a, 2: b}))
    assert [step.name for step in reach.chain] == ["Persoon 2"]
    assert reach.stand_in is None
    assert reach.dial.digits == "0105550210" and reach.dial.label == "algemeen nummer"


def test_stand_in_unit_and_closed_window_offer_a_callback():
    a = person(1, absences=(AbsenceFacts("ziek", at(TUESDAY, 0)),), stand_in_unit_id=1)
    reach = reachability_of_person(a, at(TUESDAY, 16), no_day_off, Directory(people={1: a}, units={1: UNIT}))
    assert reach.chain[0].kind == "eenheid" and not reach.chain[0].present
    assert reach.dial.label == "algemeen nummer"
    assert reach.transfer == Transfer.NOT_ALLOWED and reach.offer_callback
    assert "buiten het bereikbaarheidsvenster" in reach.transfer_text


def test_present_person_of_a_closed_unit_may_not_be_transferred_to():
    reach = reachability_of_person(person(), at(TUESDAY, 16), no_day_off, Directory())
    assert reach.target.present and reach.dial.label == "intern"
    assert reach.transfer == Transfer.NOT_ALLOWED


def test_unit_reachability_dials_the_general_number_then_backup():
    reach = reachability_of_unit(UNIT, at(TUESDAY, 10), no_day_off)
    assert reach.dial.digits == "0105550210"
    assert [n.label for n in reach.target.numbers] == ["algemeen nummer", "achtervang"]


def test_who_can_take_orders_present_then_stand_ins_then_unit_numbers():
    never = UnitFacts(3, "wmo", "Wmo-loket", "0105550242", policy="geen_doorverbinding", windows=WEEKDAYS_OFFICE)
    sick = (AbsenceFacts("ziek", at(TUESDAY, 0)),)
    restricted = person(1, units=(never,))
    absent = person(2, absences=sick, stand_in_person_id=9)
    present = person(3)
    stand_in = person(9, name="Vervanger")
    directory = Directory(people={9: stand_in})
    options = who_can_take([restricted, absent, present], [UNIT], at(TUESDAY, 10), no_day_off, directory)
    assert [option.status.name for option in options] == [
        "Persoon 3",
        "Persoon 1",
        "Vervanger",
        "Belastingen",
        "Belastingen",
    ]
    assert options[2].stand_in_for == "Persoon 2"
    assert [option.number.label for option in options[3:]] == ["algemeen nummer", "achtervang"]


def test_describe_windows_groups_days_with_the_same_spans():
    windows = (*WEEKDAYS_OFFICE[:4], Window(4, time(8, 30), time(12, 0)))
    assert describe_windows(windows) == "ma–do 08:30–15:00; vr 08:30–12:00"
    assert describe_windows(()) == "geen vensters: altijd bereikbaar"


# --- properties --------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(ZONE))
schedules = st.frozensets(st.tuples(st.integers(0, 6), st.sampled_from([MORNING, AFTERNOON])))
day_offs = st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), max_size=30)


@st.composite
def absences(draw) -> tuple[AbsenceFacts, ...]:
    result = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(moments)
        length = draw(st.one_of(st.none(), st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=30))))
        kind = draw(st.sampled_from(["ziek", "verlof", "cursus", "overig"]))
        result.append(AbsenceFacts(kind, start, start + length if length else None))
    return tuple(result)


@settings(max_examples=300, deadline=None)
@given(moment=moments, schedule=schedules, off_days=day_offs, away=absences())
def test_presence_is_exactly_schedule_minus_absences_minus_days_off(moment, schedule, off_days, away):
    def day_off(day: date) -> tuple[Reason, str] | None:
        return (Reason.CLOSING_DAY, "Sluitingsdag") if day in off_days else None

    status = person_status(person(schedule=schedule, absences=away), moment, day_off)
    part = day_part(moment.time())
    covering = [a for a in away if a.starts_at <= moment and (a.ends_at is None or moment < a.ends_at)]
    expected = moment.date() not in off_days and not covering and (moment.weekday(), part) in schedule
    assert status.present == expected
    if moment.date() in off_days:
        assert status.reason == Reason.CLOSING_DAY
    elif covering:
        assert status.reason == Reason(covering[0].kind)
    assert status.present == (status.reason is None)


@settings(max_examples=200, deadline=None)
@given(moment=moments, other_zone=st.sampled_from([UTC, ZONE]))
def test_the_same_instant_in_any_zone_gives_the_same_answer(moment, other_zone):
    facts = person(schedule=frozenset({(0, MORNING), (2, AFTERNOON), (4, MORNING)}))
    assert person_status(facts, moment, no_day_off) == person_status(facts, moment.astimezone(other_zone), no_day_off)
    assert unit_status(UNIT, moment, no_day_off) == unit_status(UNIT, moment.astimezone(other_zone), no_day_off)


@settings(max_examples=200, deadline=None)
@given(
    moment=moments,
    windows=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 22), st.integers(1, 120)).map(
            lambda w: Window(
                w[0], time(w[1]), (datetime.combine(date.min, time(w[1])) + timedelta(minutes=w[2])).time()
            )
        ),
        max_size=6,
    ),
)
def test_a_unit_is_open_exactly_inside_one_of_its_windows(moment, windows):
    unit = UnitFacts(7, "x", "X", "0105550000", windows=tuple(windows))
    status = unit_status(unit, moment, no_day_off)
    inside = any(w.weekday == moment.weekday() and w.start <= moment.time() < w.end for w in windows)
    assert status.present == (inside or not windows)


@settings(max_examples=200, deadline=None)
@given(
    links=st.dictionaries(st.integers(1, 8), st.integers(1, 8), max_size=8),
    present_ids=st.frozensets(st.integers(1, 8)),
)
def test_stand_in_chains_end_without_repeats(links, present_ids):
    moment = at(TUESDAY, 10)
    sick = (AbsenceFacts("ziek", at(TUESDAY, 0)),)
    people = {
        pid: person(pid, absences=() if pid in present_ids else sick, stand_in_person_id=links.get(pid))
        for pid in range(1, 9)
    }
    directory = Directory(people=people)
    for facts in people.values():
        reach = reachability_of_person(facts, moment, no_day_off, directory)
        ids = [step.person.id for step in reach.chain]
        assert len(ids) == len(set(ids)) and facts.id not in ids
        assert all(not step.present for step in reach.chain[:-1])
        if reach.target.present:
            assert reach.chain == () and reach.dial.owner == facts.name
        elif reach.stand_in is not None:
            assert reach.dial.owner == reach.stand_in.name
