"""The facts behind presence, held in memory per process and checked against the database per read.

The search box asks for the presence of every hit on every keystroke. Reading the people, their
memberships and units, absences, flags and windows for each answer cost more than the search
itself, so each process keeps those facts in a :class:`Snapshot`: the *inputs* of the presence
rules, never a presence, which :mod:`kcc.medewerkers.presence` still computes for the moment asked.

Before each use the snapshot's token is compared with the one row of ``DirectoryGeneration``:
one look-up on the primary key. Every write to these facts gives that row a new token in its own
transaction (the services call :func:`bump`; ``kcc.medewerkers.signals`` does it for saves and
deletes made elsewhere: the admin, the core's unit import, a flag's task closed from a task
list), so a change committed by any process is seen by the next read of every process. When the
token differs, the snapshot is read again as a whole (``bench/medewerkers_search.py`` prints how
long that takes with 20,000 people).

Absences are kept from :data:`ABSENCE_MARGIN` before the snapshot was read on; a moment before
that is answered from the database (see :func:`kcc.medewerkers.selectors.load_directory`).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from kcc.core.models import OrganisationUnit, ReachabilityWindow, Task
from kcc.medewerkers.models import Absence, DirectoryGeneration, Flag, Membership, Person
from kcc.medewerkers.presence import WEEKDAY_CODES, AbsenceFacts, Directory, PersonFacts, UnitFacts, Window

OPEN_TASK = [Task.Status.OPEN, Task.Status.IN_PROGRESS]
ABSENCE_MARGIN = timedelta(days=7)
GENERATION_ROW = 1

UNIT_FIELDS = ("id", "code", "name", "phone", "backup_phone", "transfer_policy")
PERSON_FIELDS = (
    "id",
    "name",
    "function",
    "phone_internal",
    "phone_mobile",
    "show_mobile",
    "user_id",
    "schedule",
    "stand_in_person_id",
    "stand_in_unit_id",
)
UnitRow = tuple[Any, ...]  # the values of UNIT_FIELDS


# --- the token ------------------------------------------------------------------------------------


def current_token() -> int | None:
    """The token of the last committed change (None before the first change). Plain SQL: this runs
    on every read, where building the ORM's query would cost more than the look-up."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {DirectoryGeneration._meta.db_table} WHERE id = %s", [GENERATION_ROW])
        row = cursor.fetchone()
    return row[0] if row else None


def bump() -> None:
    """A new token, written in the caller's transaction: call it before any row of the directory is
    locked or written, so that every writer waits for the token's row first and none deadlock."""
    DirectoryGeneration.objects.bulk_create(
        [DirectoryGeneration(pk=GENERATION_ROW, token=secrets.randbits(63))],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["token"],
    )


# --- facts shared with the reads from the database --------------------------------------------------


def schedule_pairs(schedule: dict[str, list[str]]) -> frozenset[tuple[int, str]]:
    return frozenset((WEEKDAY_CODES.index(day), part) for day, parts in schedule.items() for part in parts)


def open_number_flags() -> Any:
    """(person_id, unit_id) of the open flags on a number; person_id None: the unit's own number."""
    return Flag.objects.filter(kind=Flag.Kind.NUMBER, task__status__in=OPEN_TASK).order_by()


def unit_facts(row: UnitRow, windows: Iterable[Window], *, flagged: bool) -> UnitFacts:
    pk, code, name, phone, backup_phone, policy = row
    return UnitFacts(
        id=pk,
        code=code,
        name=name,
        phone=phone,
        backup_phone=backup_phone,
        policy=policy,
        windows=tuple(windows),
        number_flagged=flagged,
    )


def shown_mobile(row: Any, *, viewer_id: int | None, see_all: bool) -> str:
    """The mobile number of a person row (PERSON_FIELDS by name) if this viewer may see it."""
    return row.phone_mobile if row.show_mobile or see_all or row.user_id == viewer_id else ""


# --- the snapshot ---------------------------------------------------------------------------------


class PersonRow(NamedTuple):
    """What an active person contributes to every answer, whoever asks and whenever. A named
    tuple: 20,000 of them are built on every reload, and a frozen dataclass builds slower."""

    id: int
    name: str
    function: str
    phone_internal: str
    phone_mobile: str
    show_mobile: bool
    user_id: int | None
    schedule: frozenset[tuple[int, str]]
    stand_in_person_id: int | None
    stand_in_unit_id: int | None
    unit_ids: tuple[int, ...]
    absences: tuple[AbsenceFacts, ...]  # by start, from the snapshot's absences_from on
    number_flagged: bool


@dataclass(frozen=True)
class Snapshot:
    database: str
    token: int | None
    absences_from: datetime
    people: Mapping[int, PersonRow]  # the active ones
    units: Mapping[int, UnitFacts]  # all of them
    seconds: float  # how long reading it took

    def covers(self, at: datetime) -> bool:
        """Every absence that can cover ``at`` is in here."""
        return at >= self.absences_from

    def directory(self, *, at: datetime, viewer_id: int | None, see_all: bool) -> Directory:
        return Directory(people=PeopleAt(self, at, viewer_id, see_all), units=self.units)


@dataclass
class PeopleAt(Mapping[int, PersonFacts]):
    """Every active person as the presence rules take them for one viewer and moment, built when
    asked for: an answer needs the people found and their stand-ins, not all 20,000."""

    snapshot: Snapshot
    at: datetime
    viewer_id: int | None
    see_all: bool
    built: dict[int, PersonFacts] = field(default_factory=dict)

    def __getitem__(self, pk: int) -> PersonFacts:
        if (facts := self.built.get(pk)) is None:
            row = self.snapshot.people[pk]
            units = self.snapshot.units
            facts = self.built[pk] = PersonFacts(
                id=row.id,
                name=row.name,
                function=row.function,
                phone_internal=row.phone_internal,
                phone_mobile=shown_mobile(row, viewer_id=self.viewer_id, see_all=self.see_all),
                schedule=row.schedule,
                absences=tuple(absence for absence in row.absences if absence.covers(self.at)),
                units=tuple(units[unit_id] for unit_id in row.unit_ids),
                stand_in_person_id=row.stand_in_person_id,
                stand_in_unit_id=row.stand_in_unit_id,
                number_flagged=row.number_flagged,
            )
        return facts

    def __contains__(self, pk: object) -> bool:
        return pk in self.snapshot.people

    def __iter__(self) -> Iterator[int]:
        return iter(self.snapshot.people)

    def __len__(self) -> int:
        return len(self.snapshot.people)


def read_snapshot(token: int | None) -> Snapshot:
    """Everything, in six queries; ``token`` read before them, so the facts are at least that new."""
    started = time.perf_counter()
    absences_from = timezone.now() - ABSENCE_MARGIN
    flagged_people: set[int] = set()
    flagged_units: set[int] = set()
    for person_id, unit_id in open_number_flags().values_list("person_id", "unit_id"):
        if person_id is None:
            flagged_units.add(unit_id)
        else:
            flagged_people.add(person_id)
    windows: dict[int, list[Window]] = defaultdict(list)
    for unit_id, weekday, start, end in ReachabilityWindow.objects.order_by("unit_id", "weekday", "start").values_list(
        "unit_id", "weekday", "start", "end"
    ):
        windows[unit_id].append(Window(weekday, start, end))
    units = {
        row[0]: unit_facts(row, windows[row[0]], flagged=row[0] in flagged_units)
        for row in OrganisationUnit.objects.order_by().values_list(*UNIT_FIELDS)
    }
    member_of: dict[int, list[int]] = defaultdict(list)
    for person_id, unit_id in Membership.objects.order_by("person_id", "position", "id").values_list(
        "person_id", "unit_id"
    ):
        member_of[person_id].append(unit_id)
    absences: dict[int, list[AbsenceFacts]] = defaultdict(list)
    for person_id, kind, starts_at, ends_at in (
        Absence.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=absences_from))
        .order_by("person_id", "starts_at")
        .values_list("person_id", "kind", "starts_at", "ends_at")
    ):
        absences[person_id].append(AbsenceFacts(kind, starts_at, ends_at))
    # Most people share one of a few schedules: each distinct text is decoded once, not per person.
    schedules: dict[str, frozenset[tuple[int, str]]] = {}
    people = {}
    fields = [field if field != "schedule" else "schedule_text" for field in PERSON_FIELDS]
    for pk, name, function, internal, mobile, show_mobile, user_id, schedule_text, stand_in, stand_in_unit in (
        Person.objects.filter(is_active=True)
        .order_by()
        .annotate(schedule_text=Cast("schedule", TextField()))
        .values_list(*fields)
    ):
        if (schedule := schedules.get(schedule_text)) is None:
            schedule = schedules[schedule_text] = schedule_pairs(json.loads(schedule_text))
        people[pk] = PersonRow(
            pk,
            name,
            function,
            internal,
            mobile,
            show_mobile,
            user_id,
            schedule,
            stand_in,
            stand_in_unit,
            tuple(member_of.get(pk, ())),
            tuple(absences.get(pk, ())),
            pk in flagged_people,
        )
    return Snapshot(
        database=_database(),
        token=token,
        absences_from=absences_from,
        people=people,
        units=units,
        seconds=time.perf_counter() - started,
    )


def _database() -> str:
    return f"{connection.vendor}:{connection.settings_dict['NAME']}"


_lock = threading.Lock()
_snapshot: Snapshot | None = None


def _fresh(snapshot: Snapshot | None, token: int | None) -> Snapshot | None:
    return snapshot if snapshot is not None and snapshot.token == token and snapshot.database == _database() else None


def directory_snapshot() -> Snapshot:
    """This process's snapshot, read again first when the token says something changed."""
    global _snapshot
    if snapshot := _fresh(_snapshot, current_token()):
        return snapshot
    with _lock:  # one thread reads; the others wait for it instead of reading too
        token = current_token()  # it may have moved on while this thread waited
        snapshot = _fresh(_snapshot, token) or read_snapshot(token)
        _snapshot = snapshot
        return snapshot
