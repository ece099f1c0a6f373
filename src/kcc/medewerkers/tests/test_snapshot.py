"""The in-memory facts: one query per read at steady state, and every committed write seen by the next read."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcc.core.models import OrganisationUnit, ReachabilityWindow, Task
from kcc.core.organisation import import_units
from kcc.core.services import resolve_task
from kcc.medewerkers import selectors, services, snapshot
from kcc.medewerkers.imports import _link_stand_in, _Row, import_people
from kcc.medewerkers.models import Absence, Flag, Membership, Person
from kcc.medewerkers.presence import DAY_PARTS, WEEKDAY_CODES, Reason, reachability_of_person
from kcc.medewerkers.tests.conftest import FULL_WEEK

TUESDAY_10 = timezone.make_aware(datetime(2030, 6, 4, 10, 0))
SEARCH_TABLES = ("search_searchterm", "search_searchentry", "search_fts", "search_term_trigram")


def reach(person: Person, viewer, at: datetime = TUESDAY_10):
    return selectors.person_reachability(person, viewer=viewer, at=at)


# --- queries ----------------------------------------------------------------------------------------


def test_at_steady_state_a_panel_asks_the_database_only_for_the_token(directory, agent, django_assert_num_queries):
    reach(directory.sick, agent)  # reads the snapshot, caches permissions and closing days
    with django_assert_num_queries(1):
        result = reach(directory.sick, agent)
    assert [status.name for status in result.chain] == ["Gerrit Hoekstra"]
    with django_assert_num_queries(1):
        selectors.unit_reachability(directory.belastingen, at=TUESDAY_10)


def test_at_steady_state_a_search_asks_the_token_besides_the_index(directory, agent, django_assert_num_queries):
    selectors.search_directory("fatima", viewer=agent, at=TUESDAY_10)
    # The index: the query's words and stems; per source the stems' document frequency (for re-ranking's
    # engine-neutral BM25); for people, who have the word, the title and keywords, then every field (fewer
    # matches than the pool; one statement on PostgreSQL, see PostgresEngine._candidates); units have no
    # "fatima", so their index is not asked; then the token.
    people = 1 + (1 if connection.vendor == "postgresql" else 2)
    with django_assert_num_queries(1 + people + 1 + 1) as queries:
        results = selectors.search_directory("fatima", viewer=agent, at=TUESDAY_10)
    directory_queries = [q["sql"] for q in queries.captured_queries if not any(t in q["sql"] for t in SEARCH_TABLES)]
    assert directory_queries == ["SELECT token FROM medewerkers_directorygeneration WHERE id = 1"]
    assert [r.target.name for r in results.people] == ["Fatima Lammers"]
    assert results.people[0].chain[0].name == "Gerrit Hoekstra"


def test_a_moment_before_the_snapshots_absences_is_read_from_the_database(directory, agent, django_assert_num_queries):
    long_ago = timezone.make_aware(datetime(2020, 6, 2, 10, 0))  # a Tuesday; Fatima is sick since 1 January
    assert not snapshot.directory_snapshot().covers(long_ago)
    reach(directory.sick, agent, long_ago)
    with django_assert_num_queries(1 + 5):  # the token, then one round of the database read
        result = reach(directory.sick, agent, long_ago)
    assert result.target.reason == Reason.SICK


# --- freshness ------------------------------------------------------------------------------------


def test_each_service_write_is_seen_by_the_next_read(directory, agent, admin_user):
    gerrit = directory.stand_in
    assert reach(gerrit, agent).target.present
    absence = services.add_absence(
        actor=admin_user, person=gerrit, kind="verlof", starts_at=TUESDAY_10 - timedelta(hours=1), ends_at=None
    )
    assert reach(gerrit, agent).target.reason == Reason.LEAVE
    services.end_absence(absence, actor=admin_user, at=TUESDAY_10 - timedelta(minutes=30))
    assert reach(gerrit, agent).target.present
    services.save_person(actor=admin_user, person=gerrit, phone_internal="4999", units=[directory.wmo])
    result = reach(gerrit, agent)
    assert result.dial.digits == "4999" and result.target.unit.unit.code == "wmo"
    flag = services.flag_wrong(actor=agent, kind=Flag.Kind.NUMBER, person=gerrit)
    assert reach(gerrit, agent).dial.flagged
    services.resolve_flag(flag, actor=admin_user)
    assert not reach(gerrit, agent).dial.flagged
    services.save_unit({"code": "wmo", "naam": "Wmo-loket", "soort": "sector", "ouder": None}, actor=admin_user)
    assert selectors.unit_reachability(directory.wmo, at=TUESDAY_10).target.unit.policy == "warm"
    services.delete_person(gerrit, actor=admin_user)
    assert [status.kind for status in reach(directory.sick, agent).chain] == []


def test_orm_saves_and_deletes_as_the_admin_makes_them_are_seen(directory, agent):
    henk = Person.objects.get(pk=directory.private_mobile.pk)
    henk.phone_internal = "4444"
    henk.save()
    assert reach(henk, agent).dial.digits == "4444"
    Membership.objects.filter(person=henk).delete()
    Membership.objects.create(person=henk, unit=directory.wmo)
    assert reach(henk, agent).target.unit.unit.code == "wmo"
    Absence.objects.create(person=henk, kind="cursus", starts_at=TUESDAY_10 - timedelta(hours=2))
    assert reach(henk, agent).target.reason == Reason.TRAINING
    window = ReachabilityWindow.objects.create(unit=directory.wmo, weekday=5, start=time(9), end=time(12))
    saturday = TUESDAY_10 + timedelta(days=4)
    assert selectors.unit_reachability(directory.wmo, at=saturday).target.present
    window.delete()
    assert not selectors.unit_reachability(directory.wmo, at=saturday).target.present


def test_a_flag_closed_from_a_task_list_is_seen(directory, agent):
    flag = services.flag_wrong(actor=agent, kind=Flag.Kind.NUMBER, person=directory.stand_in)
    assert reach(directory.stand_in, agent).dial.flagged
    resolve_task(Task.objects.get(pk=flag.task_id), status=Task.Status.REJECTED, resolution="Klopt wel.")
    assert not reach(directory.stand_in, agent).dial.flagged


def test_imports_are_seen_including_a_stand_in_linked_after_its_row(directory, agent):
    report = import_people(
        "email,naam,eenheden,telefoon_intern,rooster,vervanger\n"
        "henk@demodam.nl,Henk Postma,belastingen,4321,ma-vr:ochtend,nieuw@demodam.nl\n"
        "nieuw@demodam.nl,Nieuwe Collega,belastingen,4322,ma-zo:ochtend,\n"
    )
    assert report.ok, report.rejected
    henk = Person.objects.get(email="henk@demodam.nl")
    wednesday_afternoon = TUESDAY_10 + timedelta(days=1, hours=4)  # Henk works mornings only
    result = reach(henk, agent, wednesday_afternoon)
    assert result.target.reason == Reason.NOT_SCHEDULED
    assert [status.name for status in result.chain] == ["Nieuwe Collega"]
    assert import_units(
        [{"code": "belastingen", "naam": "Belastingen", "soort": "sector", "ouder": None, "vensters": []}]
    ).ok
    assert selectors.unit_reachability(directory.belastingen, at=TUESDAY_10 + timedelta(hours=8)).target.present


def test_a_stand_in_the_import_links_after_the_rows_is_seen(directory, agent):
    """The import links a stand-in named before its own row in a transaction of its own, by an update."""
    import_people("email,naam,eenheden,rooster\nnieuw@demodam.nl,Nieuwe Collega,belastingen,ma-zo:ochtend\n")
    henk = Person.objects.get(pk=directory.private_mobile.pk)
    wednesday_afternoon = TUESDAY_10 + timedelta(days=1, hours=4)
    assert reach(henk, agent, wednesday_afternoon).chain == ()
    _link_stand_in(_Row(0, henk.email, {}, [], "nieuw@demodam.nl"))
    assert [status.name for status in reach(henk, agent, wednesday_afternoon).chain] == ["Nieuwe Collega"]


def test_a_rolled_back_write_is_not_kept(directory, agent, admin_user):
    gerrit = directory.stand_in
    with pytest.raises(RuntimeError), transaction.atomic():
        services.add_absence(actor=admin_user, person=gerrit, kind="ziek", starts_at=TUESDAY_10, ends_at=None)
        assert not reach(gerrit, agent).target.present  # the writer sees its own change
        raise RuntimeError
    assert reach(gerrit, agent).target.present
    services.save_person(actor=admin_user, person=gerrit, function="invorderaar")  # a new token, not the old one
    assert reach(gerrit, agent).target.present


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_on_another_connection_is_seen_by_the_next_read(make_user, admin_user):
    """The writer runs on its own connection and touches nothing in this process's memory but the
    database: what another process does. The reader notices by the token alone."""
    unit = OrganisationUnit.objects.create(code="burgerzaken", name="Burgerzaken", kind="sector")
    person = services.save_person(
        actor=admin_user,
        units=[unit],
        name="Anna Bakker",
        email="anna@demodam.nl",
        phone_internal="4001",
        schedule=FULL_WEEK,
    )
    agent = make_user()
    assert reach(person, agent).target.present
    before = snapshot.directory_snapshot()

    def write() -> None:
        try:
            services.add_absence(actor=admin_user, person=person, kind="ziek", starts_at=TUESDAY_10, ends_at=None)
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join()
    assert snapshot._snapshot is before  # nothing in this process was told
    assert reach(person, agent).target.reason == Reason.SICK
    assert snapshot.directory_snapshot() is not before
    assert connection.vendor in snapshot.directory_snapshot().database


# --- the same answers as from the database --------------------------------------------------------

schedules = st.dictionaries(
    st.sampled_from(WEEKDAY_CODES), st.lists(st.sampled_from(list(DAY_PARTS)), min_size=1, max_size=2, unique=True)
)
people_st = st.lists(
    st.fixed_dictionaries(
        {
            "schedule": schedules,
            "unit": st.integers(0, 1),
            "stand_in": st.one_of(st.none(), st.integers(0, 5), st.just("unit")),
            "absence": st.one_of(
                st.none(),
                st.tuples(
                    st.sampled_from(Absence.Kind.values),
                    st.integers(-48, 48),  # starts, hours from the first moment
                    st.one_of(st.none(), st.integers(1, 96)),  # lasts, hours
                ),
            ),
            "flagged": st.booleans(),
            "active": st.booleans(),
        }
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=people_st,
    policies=st.tuples(*[st.sampled_from(OrganisationUnit.TransferPolicy.values)] * 2),
    hours=st.lists(st.integers(0, 24 * 7 - 1), min_size=1, max_size=4),
)
def test_presence_from_the_snapshot_equals_presence_read_from_the_database(
    directory, agent, admin_user, people, policies, hours
):
    units = [directory.belastingen, directory.wmo]
    with transaction.atomic():
        for unit, policy in zip(units, policies, strict=True):
            unit.transfer_policy = policy
            unit.save()
        made = [
            services.save_person(
                actor=admin_user,
                units=[units[spec["unit"]]],
                name=f"Persoon {i}",
                email=f"p{i}@prop.demodam.nl",
                phone_internal=f"5{i:03d}",
                schedule=spec["schedule"],
                is_active=spec["active"],
            )
            for i, spec in enumerate(people)
        ]
        for person, spec in zip(made, people, strict=True):
            target = spec["stand_in"]
            if target == "unit":
                services.save_person(actor=admin_user, person=person, stand_in=units[1])
            elif target is not None and target < len(made) and made[target] != person:
                services.save_person(actor=admin_user, person=person, stand_in=made[target])
            if spec["absence"] is not None:
                kind, start, length = spec["absence"]
                starts_at = TUESDAY_10 + timedelta(hours=start)
                services.add_absence(
                    actor=admin_user,
                    person=person,
                    kind=kind,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=length) if length else None,
                )
            if spec["flagged"] and spec["active"]:
                services.flag_wrong(actor=agent, kind=Flag.Kind.NUMBER, person=person)
        ids = [directory.sick.pk, *(person.pk for person in made)]
        for hour in hours:
            at = TUESDAY_10 + timedelta(hours=hour)
            assert snapshot.directory_snapshot().covers(at)
            from_snapshot = selectors.reachability_of_people(ids, viewer=agent, at=at)
            facts = selectors.read_directory(ids, viewer=agent, at=at)
            from_database = [
                reachability_of_person(facts.people[pk], at, selectors.municipal_day_off, facts)
                for pk in ids
                if pk in facts.people
            ]
            assert from_snapshot == from_database
        transaction.set_rollback(True)
