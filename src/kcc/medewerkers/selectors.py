"""Reads of the staff directory: facts for the presence rules, search, freshness, permissions."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kcc.core.calendar import closing_days, holiday_name
from kcc.core.models import OrganisationUnit, ReachabilityWindow, User
from kcc.core.roles import Role
from kcc.core.search import get_engine
from kcc.core.search.analysis import normalise
from kcc.medewerkers.indexing import PERSON_SOURCE, UNIT_SOURCE
from kcc.medewerkers.models import Absence, Flag, Membership, Person, UnitProfile
from kcc.medewerkers.presence import (
    EVERYONE_AWAY,
    MAX_CHAIN,
    AbsenceFacts,
    Directory,
    Option,
    PersonFacts,
    PersonStatus,
    Reachability,
    Reason,
    UnitFacts,
    Window,
    person_status,
    reachability_of_person,
    reachability_of_unit,
    who_can_take,
)
from kcc.medewerkers.snapshot import (
    OPEN_TASK,
    PERSON_FIELDS,
    UNIT_FIELDS,
    UnitRow,
    directory_snapshot,
    open_number_flags,
    schedule_pairs,
    shown_mobile,
    unit_facts,
)
from kcc.privacy.pii import Kind

# Of the people matching a first name or a skill (thousands, in a large municipality) this many are
# ranked: they match equally well, so ranking more of them costs time and finds no one better.
PEOPLE_RANK_CAP = 200
REMINDER_DAYS_BEFORE = 14


def municipal_day_off(day: date) -> tuple[Reason, str] | None:
    """Public holidays and the municipality's closing days: nobody is in, no window is open."""
    if name := holiday_name(day):
        return Reason.HOLIDAY, f"Feestdag: {name}"
    if day in closing_days():
        return Reason.CLOSING_DAY, "Sluitingsdag van de gemeente"
    return None


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment (without a zone: Dutch time); now when empty. Raises ``ValueError`` in Dutch."""
    text = (text or "").strip()
    if not text:
        return timezone.now()
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(f"‘{text[:40]}’ is geen geldig tijdstip. Gebruik ISO 8601, bijv. 2025-03-04T14:30:00+01:00.")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


# --- permissions -------------------------------------------------------------------------------


def sees_all_mobiles(user: User) -> bool:
    return user.has_perm("medewerkers.see_all_mobile")


def may_see_mobile(user: User, person: Person) -> bool:
    """Only when the person allows it, it is the person themself, or the viewer is beheer."""
    return person.show_mobile or person.user_id == user.pk or sees_all_mobiles(user)


def is_coordinator(user: User, unit: OrganisationUnit) -> bool:
    return unit.coordinator_id == user.pk and user.has_perm("medewerkers.confirm_unit")


def may_confirm(user: User, unit: OrganisationUnit) -> bool:
    return is_coordinator(user, unit) or user.has_perm("medewerkers.change_unitprofile")


def may_manage_absences(user: User, person: Person) -> bool:
    """Beheer; the person themself; or the department: its coordinator or a colleague with the right."""
    if user.has_perm("medewerkers.change_person") or (user.pk is not None and person.user_id == user.pk):
        return True
    if not user.has_perm("medewerkers.add_absence"):
        return False
    unit_ids = {membership.unit_id for membership in person.memberships.all()}
    return user.unit_id in unit_ids or OrganisationUnit.objects.filter(pk__in=unit_ids, coordinator=user).exists()


# --- facts for the presence rules ---------------------------------------------------------------


def _unit_rows(unit_ids: Iterable[int]) -> dict[int, UnitRow]:
    ids = set(unit_ids)
    if not ids:
        return {}
    # order_by(): the default ordering (by name) is of no use here.
    rows = OrganisationUnit.objects.filter(pk__in=ids).order_by().values_list(*UNIT_FIELDS)
    return {row[0]: row for row in rows}


def _facts_of_units(
    rows: Mapping[int, UnitRow], person_ids: Collection[int] = ()
) -> tuple[dict[int, UnitFacts], set[int]]:
    """Facts of these units, and which of these people have an open flag on their number: the
    flags of people and units in one query, the windows of all units in another."""
    flagged_people: set[int] = set()
    flagged_units: set[int] = set()
    if rows or person_ids:
        for person_id, unit_id in (
            open_number_flags()
            .filter(Q(person_id__in=person_ids) | Q(person=None, unit_id__in=rows.keys()))
            .values_list("person_id", "unit_id")
        ):
            if person_id is None:
                flagged_units.add(unit_id)
            else:
                flagged_people.add(person_id)
    windows: dict[int, list[Window]] = defaultdict(list)
    if rows:
        # Not the default ordering: its "unit" would join the units to sort by their name.
        for unit_id, weekday, start, end in (
            ReachabilityWindow.objects.filter(unit_id__in=rows.keys())
            .order_by("weekday", "start")
            .values_list("unit_id", "weekday", "start", "end")
        ):
            windows[unit_id].append(Window(weekday, start, end))
    facts = {pk: unit_facts(row, windows[pk], flagged=pk in flagged_units) for pk, row in rows.items()}
    return facts, flagged_people


def load_directory(person_ids: Iterable[int], *, viewer: User, at: datetime, unit_ids: Iterable[int] = ()) -> Directory:
    """The facts the presence rules may follow from these people and units: from this process's
    snapshot (one query), or from the database for a moment before the snapshot's absences."""
    snapshot = directory_snapshot()
    if snapshot.covers(at):
        return snapshot.directory(at=at, viewer_id=viewer.pk, see_all=sees_all_mobiles(viewer))
    return read_directory(person_ids, viewer=viewer, at=at, unit_ids=unit_ids)


def read_directory(person_ids: Iterable[int], *, viewer: User, at: datetime, unit_ids: Iterable[int] = ()) -> Directory:
    """Facts of these people and of every stand-in they lead to, with a bounded number of queries:
    one round per two steps of the stand-in chains, not per person. Each round reads the people asked
    for together with their own stand-ins, whether or not they turn out absent: a few rows more
    cost less than the round trip it saves for the absent. ``units`` holds every unit read: those
    of the people, their stand-in units and ``unit_ids`` (read in the first round, saving a round)."""
    see_all = sees_all_mobiles(viewer)
    covering = Absence.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at), starts_at__lte=at)
    people: dict[int, PersonFacts] = {}
    units: dict[int, UnitFacts] = {}
    pending_units = _unit_rows(unit_ids)
    frontier = set(person_ids)
    asked: set[int] = set()
    followed: set[int] = set()
    statuses: dict[int, PersonStatus] = {}
    first = True
    for _step in range(MAX_CHAIN + 1):
        if not frontier and not pending_units:
            break
        wanted, frontier = frontier, set()
        fields = (*PERSON_FIELDS, "is_active", *(f"stand_in_unit__{name}" for name in UNIT_FIELDS))
        their_stand_ins = Person.objects.filter(pk__in=wanted, stand_in_person__isnull=False).values(
            "stand_in_person_id"
        )
        # A UNION of two look-ups on the primary key: PostgreSQL answers "pk IN (...) OR pk IN
        # (subquery)" by scanning every person.
        read = list(
            Person.objects.filter(pk__in=wanted)
            .order_by()
            .values_list(*fields, named=True)
            .union(Person.objects.filter(pk__in=their_stand_ins).order_by().values_list(*fields, named=True))
            if wanted
            else []
        )
        asked |= wanted | {row.id for row in read}
        rows = [row for row in read if row.is_active]
        ids = [row.id for row in rows]
        for row in rows:
            # The stand-in unit comes along with the person (a join), so it needs no round of its own.
            if row.stand_in_unit_id is not None and row.stand_in_unit_id not in units:
                pending_units[row.stand_in_unit_id] = tuple(
                    getattr(row, f"stand_in_unit__{name}") for name in UNIT_FIELDS
                )
        member_of: dict[int, list[int]] = defaultdict(list)
        absences: dict[int, list[AbsenceFacts]] = defaultdict(list)
        if ids:
            for person_id, *unit in Membership.objects.filter(person_id__in=ids).values_list(
                "person_id", *(f"unit__{name}" for name in UNIT_FIELDS)
            ):
                member_of[person_id].append(unit[0])
                if unit[0] not in units:
                    pending_units[unit[0]] = tuple(unit)
            for person_id, kind, starts_at, ends_at in covering.filter(person_id__in=ids).values_list(
                "person_id", "kind", "starts_at", "ends_at"
            ):
                absences[person_id].append(AbsenceFacts(kind, starts_at, ends_at))
        new_units, flagged = _facts_of_units(pending_units, ids)
        units.update(new_units)
        pending_units = {}
        for row in rows:
            person = people[row.id] = PersonFacts(
                id=row.id,
                name=row.name,
                function=row.function,
                phone_internal=row.phone_internal,
                phone_mobile=shown_mobile(row, viewer_id=viewer.pk, see_all=see_all),
                schedule=schedule_pairs(row.schedule),
                absences=tuple(absences[row.id]),
                units=tuple(units[unit_id] for unit_id in member_of[row.id]),
                stand_in_person_id=row.stand_in_person_id,
                stand_in_unit_id=row.stand_in_unit_id,
                number_flagged=row.id in flagged,
            )
            statuses[row.id] = person_status(person, at, municipal_day_off)
        # Walk the chains from the people asked for through everyone read so far (the asked first);
        # where a chain leaves what has been read, the next round takes it up.
        walk = deque((pk, first) for pk in wanted if pk in people)
        while walk:
            pk, leading = walk.popleft()
            if pk in followed:
                continue
            followed.add(pk)
            status, next_id = statuses[pk], people[pk].stand_in_person_id
            # Stand-ins matter only for the absent; when nobody is in, the first stand-in is enough.
            if next_id is None or status.present or not (leading or status.reason not in EVERYONE_AWAY):
                continue
            if next_id in people:
                walk.append((next_id, False))
            elif next_id not in asked:
                frontier.add(next_id)
        first = False
    return Directory(people=people, units=units)


def person_reachability(person: Person, *, viewer: User, at: datetime | None = None) -> Reachability:
    at = at or timezone.now()
    directory = load_directory([person.pk], viewer=viewer, at=at)
    return reachability_of_person(directory.people[person.pk], at, municipal_day_off, directory)


def unit_reachability(unit: OrganisationUnit, *, at: datetime | None = None) -> Reachability:
    """Units have no absences: the snapshot answers for any moment."""
    at = at or timezone.now()
    return reachability_of_unit(directory_snapshot().units[unit.pk], at, municipal_day_off)


def reachability_of_people(person_ids: list[int], *, viewer: User, at: datetime) -> list[Reachability]:
    """In the order given (inactive people left out)."""
    return _people_reachability(person_ids, load_directory(person_ids, viewer=viewer, at=at), at)


def _people_reachability(person_ids: list[int], directory: Directory, at: datetime) -> list[Reachability]:
    return [
        reachability_of_person(directory.people[pk], at, municipal_day_off, directory)
        for pk in person_ids
        if pk in directory.people
    ]


# --- search and "Wie kan dit nu aannemen?" ---------------------------------------------------------


@dataclass(frozen=True)
class DirectoryResults:
    people: list[Reachability]
    units: list[Reachability]


def search_directory(query: str, *, viewer: User, at: datetime | None = None, limit: int = 8) -> DirectoryResults:
    """Answered from the search index; presence computed for the hits only. Raises ``QueryTooLong``."""
    at = at or timezone.now()
    engine = get_engine()
    # One analysis against the directory's whole vocabulary: a word known for people or for units
    # is taken as typed for both, and the typo look-ups run once instead of once per source.
    analysed = engine.analyse(query, (PERSON_SOURCE, UNIT_SOURCE))
    person_ids = [
        hit.object_id for hit in engine.search_analysed(PERSON_SOURCE, analysed, limit=limit, rank_cap=PEOPLE_RANK_CAP)
    ]
    unit_ids = [hit.object_id for hit in engine.search_analysed(UNIT_SOURCE, analysed, limit=4)]
    # The units found are read in the people's first round.
    directory = load_directory(person_ids, viewer=viewer, at=at, unit_ids=unit_ids)
    units = directory.units
    return DirectoryResults(
        people=_people_reachability(person_ids, directory, at),
        units=[reachability_of_unit(units[pk], at, municipal_day_off) for pk in unit_ids if pk in units],
    )


def who_can_take_for_unit(unit: OrganisationUnit, *, viewer: User, at: datetime | None = None) -> list[Option]:
    at = at or timezone.now()
    ids = list(
        Person.objects.filter(memberships__unit=unit, is_active=True).order_by("name").values_list("pk", flat=True)
    )
    directory = load_directory(ids, viewer=viewer, at=at, unit_ids=[unit.pk])
    people = [directory.people[pk] for pk in ids if pk in directory.people]
    return who_can_take(people, [directory.units[unit.pk]], at, municipal_day_off, directory)


def who_can_take_for_topic(topic: str, *, viewer: User, at: datetime | None = None) -> list[Option]:
    """People found for the topic in the index (best match first), then their units."""
    at = at or timezone.now()
    ids = [hit.object_id for hit in get_engine().search(PERSON_SOURCE, topic, limit=20)]
    directory = load_directory(ids, viewer=viewer, at=at)
    people = [directory.people[pk] for pk in ids if pk in directory.people]
    units = {unit.id: unit for person in people for unit in person.units[:1]}
    return who_can_take(people, units.values(), at, municipal_day_off, directory)


# --- pages ----------------------------------------------------------------------------------------


def people_with_details() -> QuerySet[Person]:
    return Person.objects.select_related("stand_in_person", "stand_in_unit", "user").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    )


def upcoming_absences(person: Person, *, now: datetime | None = None) -> QuerySet[Absence]:
    now = now or timezone.now()
    return person.absences.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now)).select_related("entered_by")


def people_of_unit(unit: OrganisationUnit) -> list[int]:
    return list(
        Person.objects.filter(memberships__unit=unit, is_active=True).order_by("name").values_list("pk", flat=True)
    )


def units_with_people() -> QuerySet[OrganisationUnit]:
    return (
        OrganisationUnit.objects.filter(is_active=True)
        .select_related("parent")
        .annotate(people_count=Count("memberships", filter=Q(memberships__person__is_active=True)))
        .order_by("name")
    )


def open_flags(*, person: Person | None = None, unit: OrganisationUnit | None = None) -> set[str]:
    """Kinds of open flags on this person (or on the unit itself)."""
    lookup = {"person": person} if person is not None else {"person": None, "unit": unit}
    return set(Flag.objects.filter(task__status__in=OPEN_TASK, **lookup).values_list("kind", flat=True))


def open_flags_for_units(unit_ids: Iterable[int]) -> QuerySet[Flag]:
    return (
        Flag.objects.filter(unit_id__in=list(unit_ids), task__status__in=OPEN_TASK)
        .select_related("person", "unit", "task", "reported_by")
        .order_by("created_at")
    )


# --- freshness --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    profile: UnitProfile
    due: date
    state: str  # "te_laat", "binnenkort", "op_tijd"

    @property
    def label(self) -> str:
        return {"te_laat": "Te laat", "binnenkort": "Binnenkort", "op_tijd": "Op tijd"}[self.state]


def due_date(profile: UnitProfile) -> date:
    since = profile.confirmed_at or profile.created_at
    return timezone.localdate(since) + timedelta(weeks=profile.confirm_every_weeks)


def freshness_of(profile: UnitProfile, today: date) -> Freshness:
    due = due_date(profile)
    if today > due:
        state = "te_laat"
    elif today >= due - timedelta(days=REMINDER_DAYS_BEFORE):
        state = "binnenkort"
    else:
        state = "op_tijd"
    return Freshness(profile, due, state)


def freshness_overview(today: date, *, unit_ids: Iterable[int] | None = None) -> list[Freshness]:
    """Every active unit that has people, most overdue first."""
    profiles = UnitProfile.objects.filter(unit__is_active=True, unit__memberships__isnull=False).distinct()
    if unit_ids is not None:
        profiles = profiles.filter(unit_id__in=list(unit_ids))
    profiles = profiles.select_related("unit", "unit__coordinator", "confirmed_by").annotate(
        people_count=Count("unit__memberships", distinct=True)
    )
    return sorted((freshness_of(profile, today) for profile in profiles), key=lambda f: (f.due, f.profile.unit.name))


def coordinated_unit_ids(user: User) -> list[int]:
    if user.has_perm("medewerkers.change_unitprofile"):
        return list(UnitProfile.objects.values_list("unit_id", flat=True))
    if not user.has_perm("medewerkers.confirm_unit"):
        return []
    return list(OrganisationUnit.objects.filter(coordinator=user).values_list("pk", flat=True))


def teamleaders() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.TEAMLEADER.value, is_active=True).order_by("pk")


SCRUBBED_NAME = f"[{Kind.NAME.value}]".lower()


def is_directory_query(query: str, terms: frozenset[str] | None = None) -> bool:
    """Whether ``query`` asks for someone or some unit in the staff directory (e.g. "jansen",
    "bram jansen belastingen"): every word is part of a person's or a unit's name. Such a search
    that found no VAC is no gap in the kennisbank."""
    words = normalise(query).split()
    terms = terms if terms is not None else directory_terms()
    # A name the search log scrubbed (kcc.privacy) was a search for a person too.
    return bool(words) and all(word in terms or word == SCRUBBED_NAME for word in words)


def directory_terms() -> frozenset[str]:
    """The words of every person's and active unit's name, and the units' codes, normalised."""
    names = [*Person.objects.values_list("name", flat=True),
             *OrganisationUnit.objects.filter(is_active=True).values_list("name", "code")]  # fmt: skip
    words: set[str] = set()
    for name in names:
        for part in name if isinstance(name, tuple) else (name,):
            words.update(normalise(part).replace("-", " ").split())
    return frozenset(words)
