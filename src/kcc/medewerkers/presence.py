"""Who is expected to be in, and what to dial: computed for a moment, never stored.

Everything here is pure: the selectors turn rows into the frozen *facts* below (mobile numbers
already left out where the viewer may not see them) and pass a ``day_off`` function for public
holidays and closing days, so the rules can be tested for any moment without a database.

Rules, in order, for a person at a moment (Europe/Amsterdam):

1. a public holiday or closing day → absent (``feestdag`` / ``sluitingsdag``);
2. an absence covering the moment → absent with its kind (``ziek``, ``verlof``, ``cursus``, ``overig``);
3. outside working hours (before the morning, after the afternoon) → ``buiten_werktijd``;
4. the day part not in the weekly schedule → ``afwezig_volgens_rooster``;
5. otherwise present.

A unit is open when the day is not a day off and the moment falls in one of its windows for
that weekday (a unit without windows is open every day that is not a day off). Transfer to a
person or unit follows its (main) unit: ``geen_doorverbinding`` never, a closed window never,
``alleen_spoed`` only urgent matters, ``warm`` always.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from kcc.core.phone import format_phone

ZONE = ZoneInfo("Europe/Amsterdam")
WEEKDAY_CODES = ("ma", "di", "wo", "do", "vr", "za", "zo")
WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MORNING, AFTERNOON = "ochtend", "middag"
DAY_PARTS = {MORNING: (time(8, 0), time(12, 30)), AFTERNOON: (time(12, 30), time(17, 30))}
MAX_CHAIN = 10


class Reason(StrEnum):
    HOLIDAY = "feestdag"
    CLOSING_DAY = "sluitingsdag"
    SICK = "ziek"
    LEAVE = "verlof"
    TRAINING = "cursus"
    OTHER = "overig"
    OUTSIDE_HOURS = "buiten_werktijd"
    NOT_SCHEDULED = "afwezig_volgens_rooster"
    OUTSIDE_WINDOW = "buiten_venster"


class Transfer(StrEnum):
    ALLOWED = "ja"
    URGENT_ONLY = "alleen_spoed"
    NOT_ALLOWED = "nee"


# Reasons that hold for everybody at that moment: following stand-ins further cannot help.
EVERYONE_AWAY = frozenset({Reason.HOLIDAY, Reason.CLOSING_DAY, Reason.OUTSIDE_HOURS})

POLICY_WARM, POLICY_NO_TRANSFER, POLICY_URGENT_ONLY = "warm", "geen_doorverbinding", "alleen_spoed"
ABSENCE_TEXT = {
    Reason.SICK: "Ziek gemeld",
    Reason.LEAVE: "Met verlof",
    Reason.TRAINING: "Op cursus",
    Reason.OTHER: "Afwezig",
}

DayOff = Callable[[date], tuple[Reason, str] | None]


@dataclass(frozen=True)
class Window:
    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class UnitFacts:
    id: int
    code: str
    name: str
    phone: str = ""
    backup_phone: str = ""
    policy: str = POLICY_WARM
    windows: tuple[Window, ...] = ()
    number_flagged: bool = False


@dataclass(frozen=True)
class AbsenceFacts:
    kind: str
    starts_at: datetime
    ends_at: datetime | None = None

    def covers(self, moment: datetime) -> bool:
        return self.starts_at <= moment and (self.ends_at is None or moment < self.ends_at)


@dataclass(frozen=True)
class PersonFacts:
    """``phone_mobile`` holds the mobile number only when the viewer may see it."""

    id: int
    name: str
    function: str = ""
    phone_internal: str = ""
    phone_mobile: str = ""
    schedule: frozenset[tuple[int, str]] = frozenset()
    absences: tuple[AbsenceFacts, ...] = ()
    units: tuple[UnitFacts, ...] = ()
    stand_in_person_id: int | None = None
    stand_in_unit_id: int | None = None
    number_flagged: bool = False

    @property
    def main_unit(self) -> UnitFacts | None:
        return self.units[0] if self.units else None


@dataclass(frozen=True)
class Directory:
    """The facts a computation may follow: stand-ins by id."""

    people: Mapping[int, PersonFacts] = field(default_factory=dict)
    units: Mapping[int, UnitFacts] = field(default_factory=dict)


@dataclass(frozen=True)
class Number:
    digits: str
    label: str
    owner: str
    flagged: bool = False

    @property
    def formatted(self) -> str:
        return format_phone(self.digits)


@dataclass(frozen=True)
class UnitStatus:
    unit: UnitFacts
    present: bool
    reason: Reason | None
    reason_text: str
    windows_today: tuple[Window, ...]
    transfer: Transfer
    transfer_text: str
    numbers: tuple[Number, ...]

    kind = "eenheid"

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def window_text(self) -> str:
        return describe_windows(self.unit.windows)


@dataclass(frozen=True)
class PersonStatus:
    person: PersonFacts
    present: bool
    reason: Reason | None
    reason_text: str
    back_at: datetime | None
    unit: UnitStatus | None
    numbers: tuple[Number, ...]

    kind = "medewerker"

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def transfer(self) -> Transfer:
        return self.unit.transfer if self.unit else Transfer.ALLOWED

    @property
    def transfer_text(self) -> str:
        return self.unit.transfer_text if self.unit else "Doorverbinden mag."


Status = PersonStatus | UnitStatus


@dataclass(frozen=True)
class Reachability:
    """The answer for the transfer panel and the API."""

    target: Status
    chain: tuple[Status, ...]
    dial: Number | None
    dial_status: Status | None
    at: datetime

    @property
    def stand_in(self) -> Status | None:
        """The first stand-in in the chain who is reachable now."""
        return next((status for status in self.chain if status.present), None)

    @property
    def transfer(self) -> Transfer:
        return self.dial_status.transfer if self.dial_status else Transfer.NOT_ALLOWED

    @property
    def transfer_text(self) -> str:
        if self.dial_status is None:
            return "Er is niemand bereikbaar: maak een terugbelverzoek."
        return self.dial_status.transfer_text

    @property
    def offer_callback(self) -> bool:
        return self.transfer != Transfer.ALLOWED


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("The moment must be timezone-aware.")
    return moment.astimezone(ZONE)


def describe_windows(windows: Iterable[Window]) -> str:
    """‘ma–vr 08:30–15:00’: consecutive days with the same spans are grouped."""
    spans: dict[int, tuple[tuple[time, time], ...]] = {}
    for window in sorted(windows, key=lambda w: (w.weekday, w.start)):
        spans[window.weekday] = (*spans.get(window.weekday, ()), (window.start, window.end))
    groups: list[tuple[list[int], tuple[tuple[time, time], ...]]] = []
    for weekday, day_spans in spans.items():
        if groups and groups[-1][1] == day_spans and groups[-1][0][-1] == weekday - 1:
            groups[-1][0].append(weekday)
        else:
            groups.append(([weekday], day_spans))
    parts = []
    for days, day_spans in groups:
        label = WEEKDAY_CODES[days[0]] if len(days) == 1 else f"{WEEKDAY_CODES[days[0]]}–{WEEKDAY_CODES[days[-1]]}"
        times = ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in day_spans)
        parts.append(f"{label} {times}")
    return "; ".join(parts) or "geen vensters: altijd bereikbaar"


def day_part(moment_time: time) -> str | None:
    for part, (start, end) in DAY_PARTS.items():
        if start <= moment_time < end:
            return part
    return None


def unit_status(unit: UnitFacts, at: datetime, day_off: DayOff) -> UnitStatus:
    moment = local(at)
    today = tuple(window for window in unit.windows if window.weekday == moment.weekday())
    off = day_off(moment.date())
    reason: Reason | None = None
    reason_text = ""
    if off is not None:
        reason, reason_text = off
    elif unit.windows and not any(w.start <= moment.time() < w.end for w in today):
        reason, reason_text = (
            Reason.OUTSIDE_WINDOW,
            f"Buiten het bereikbaarheidsvenster ({describe_windows(unit.windows)})",
        )
    present = reason is None
    if unit.policy == POLICY_NO_TRANSFER:
        transfer = Transfer.NOT_ALLOWED
        transfer_text = f"{unit.name} wil nooit doorverbonden worden: maak een terugbelverzoek."
    elif not present:
        transfer = Transfer.NOT_ALLOWED
        why = reason_text[0].lower() + reason_text[1:]
        transfer_text = f"{unit.name} is nu niet bereikbaar: {why}. Maak een terugbelverzoek."
    elif unit.policy == POLICY_URGENT_ONLY:
        transfer = Transfer.URGENT_ONLY
        transfer_text = f"{unit.name}: alleen bij spoed doorverbinden; anders een terugbelverzoek."
    else:
        transfer, transfer_text = Transfer.ALLOWED, "Warm doorverbinden: kondig de beller aan."
    numbers = tuple(
        Number(digits, label, unit.name, unit.number_flagged and label == "algemeen nummer")
        for digits, label in ((unit.phone, "algemeen nummer"), (unit.backup_phone, "achtervang"))
        if digits
    )
    return UnitStatus(unit, present, reason, reason_text, today, transfer, transfer_text, numbers)


def person_status(person: PersonFacts, at: datetime, day_off: DayOff) -> PersonStatus:
    moment = local(at)
    reason: Reason | None = None
    reason_text = ""
    back_at: datetime | None = None
    off = day_off(moment.date())
    absence = next((absence for absence in person.absences if absence.covers(at)), None)
    part = day_part(moment.time())
    if off is not None:
        reason, reason_text = off
    elif absence is not None:
        reason = Reason(absence.kind)
        reason_text, back_at = ABSENCE_TEXT[reason], absence.ends_at
    elif part is None:
        first, last = DAY_PARTS[MORNING][0], DAY_PARTS[AFTERNOON][1]
        reason, reason_text = Reason.OUTSIDE_HOURS, f"Buiten werktijd ({first:%H:%M}–{last:%H:%M})"
    elif (moment.weekday(), part) not in person.schedule:
        reason = Reason.NOT_SCHEDULED
        reason_text = f"Werkt volgens rooster niet op {WEEKDAY_NAMES[moment.weekday()]}{part}"
    main = person.main_unit
    numbers = tuple(
        Number(digits, label, person.name, person.number_flagged)
        for digits, label in ((person.phone_internal, "intern"), (person.phone_mobile, "mobiel"))
        if digits
    )
    return PersonStatus(
        person=person,
        present=reason is None,
        reason=reason,
        reason_text=reason_text,
        back_at=back_at,
        unit=unit_status(main, at, day_off) if main else None,
        numbers=numbers,
    )


def _stand_in_chain(person: PersonFacts, at: datetime, day_off: DayOff, directory: Directory) -> tuple[Status, ...]:
    """Follow the stand-ins until one is reachable, a unit is reached, the chain loops, or the moment
    is one when nobody is in (a holiday, outside working hours)."""
    chain: list[Status] = []
    seen = {person.id}
    current = person
    while len(chain) < MAX_CHAIN:
        if current.stand_in_unit_id is not None:
            unit = directory.units.get(current.stand_in_unit_id)
            if unit is not None:
                chain.append(unit_status(unit, at, day_off))
            break
        next_id = current.stand_in_person_id
        if next_id is None or next_id in seen or next_id not in directory.people:
            break
        seen.add(next_id)
        current = directory.people[next_id]
        status = person_status(current, at, day_off)
        chain.append(status)
        if status.present or status.reason in EVERYONE_AWAY:
            break
    return tuple(chain)


def _first_number(statuses: Iterable[Status]) -> tuple[Number | None, Status | None]:
    for status in statuses:
        if status.numbers:
            return status.numbers[0], status
    return None, None


def reachability_of_person(person: PersonFacts, at: datetime, day_off: DayOff, directory: Directory) -> Reachability:
    """The person's presence, the stand-in chain if absent, and the number to dial now."""
    target = person_status(person, at, day_off)
    chain = () if target.present else _stand_in_chain(person, at, day_off, directory)
    reachable = [status for status in (target, *chain) if status.present and isinstance(status, PersonStatus)]
    fallback = [status for status in chain if isinstance(status, UnitStatus)]
    if target.unit is not None:
        fallback.append(target.unit)
    dial, dial_status = _first_number([*reachable, *fallback])
    return Reachability(target, chain, dial, dial_status, at)


def reachability_of_unit(unit: UnitFacts, at: datetime, day_off: DayOff) -> Reachability:
    target = unit_status(unit, at, day_off)
    dial, dial_status = _first_number([target])
    return Reachability(target, (), dial, dial_status, at)


@dataclass(frozen=True)
class Option:
    """One answer to "Wie kan dit nu aannemen?": a status and the number to dial, maybe as a stand-in."""

    status: Status
    number: Number | None
    stand_in_for: str = ""


def who_can_take(
    people: Iterable[PersonFacts],
    units: Iterable[UnitFacts],
    at: datetime,
    day_off: DayOff,
    directory: Directory,
) -> list[Option]:
    """Best reachable first: present people (transfer allowed before restricted), then stand-ins of
    absent ones, then the units' general numbers and backup numbers (open units first)."""
    present: list[Option] = []
    stand_ins: list[Option] = []
    seen_people: set[int] = set()
    seen_units: set[int] = set()
    absent: list[tuple[PersonFacts, PersonStatus]] = []
    for person in people:
        status = person_status(person, at, day_off)
        seen_people.add(person.id)
        if status.present and status.numbers:
            present.append(Option(status, status.numbers[0]))
        else:
            absent.append((person, status))
    for person, _status in absent:
        reached = next((s for s in _stand_in_chain(person, at, day_off, directory) if s.present), None)
        if isinstance(reached, PersonStatus) and reached.person.id not in seen_people and reached.numbers:
            seen_people.add(reached.person.id)
            stand_ins.append(Option(reached, reached.numbers[0], stand_in_for=person.name))
    unit_options = []
    for unit in units:
        if unit.id in seen_units:
            continue
        seen_units.add(unit.id)
        status = unit_status(unit, at, day_off)
        unit_options.extend(Option(status, number) for number in status.numbers)
    rank = {Transfer.ALLOWED: 0, Transfer.URGENT_ONLY: 1, Transfer.NOT_ALLOWED: 2}
    present.sort(key=lambda option: rank[option.status.transfer])
    stand_ins.sort(key=lambda option: rank[option.status.transfer])
    unit_options.sort(key=lambda option: (not option.status.present, rank[option.status.transfer]))
    return [*present, *stand_ins, *unit_options]
