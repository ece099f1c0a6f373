"""Read from the database (a moment before the snapshot's absences), the facts take few rounds."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from kcc.medewerkers import selectors, services
from kcc.medewerkers.presence import PersonStatus, UnitStatus
from kcc.medewerkers.tests.conftest import FULL_WEEK

TUESDAY_10 = timezone.make_aware(datetime(2030, 6, 4, 10, 0))


def test_a_stand_in_is_read_in_the_same_round_and_each_unit_once(directory, agent, django_assert_num_queries):
    # Fatima and Gerrit, her stand-in, in one round: people (with the stand-in unit), memberships
    # (with their units), absences, flags, windows.
    selectors.read_directory([directory.sick.pk], viewer=agent, at=TUESDAY_10)  # caches permissions, closing days
    with django_assert_num_queries(5):
        facts = selectors.read_directory([directory.sick.pk], viewer=agent, at=TUESDAY_10)
    assert facts.people.keys() == {directory.sick.pk, directory.stand_in.pk}
    assert facts.units.keys() == {directory.belastingen.pk}
    reach = selectors.person_reachability(directory.sick, viewer=agent, at=TUESDAY_10)
    assert [status.name for status in reach.chain] == ["Gerrit Hoekstra"]
    assert reach.dial is not None and reach.dial.digits == "4101"


def test_a_chain_of_absent_stand_ins_is_followed_to_the_unit(directory, agent, admin_user):
    services.add_absence(
        actor=admin_user,
        person=directory.stand_in,
        kind="verlof",
        starts_at=timezone.make_aware(datetime(2030, 6, 1)),
        ends_at=None,
    )
    reach = selectors.person_reachability(directory.sick, viewer=agent, at=TUESDAY_10)
    assert [type(status) for status in reach.chain] == [PersonStatus, UnitStatus]
    assert reach.dial is not None and reach.dial.digits == "0105550210"


def test_a_chain_longer_than_a_round_is_followed_in_the_next(directory, agent, admin_user, django_assert_num_queries):
    services.add_absence(
        actor=admin_user,
        person=directory.stand_in,
        kind="verlof",
        starts_at=timezone.make_aware(datetime(2030, 6, 1)),
        ends_at=None,
    )
    third = services.save_person(
        actor=admin_user,
        units=[directory.belastingen],
        name="Derde Vervanger",
        email="derde@demodam.nl",
        phone_internal="4199",
        schedule=FULL_WEEK,
    )
    services.save_person(actor=admin_user, person=directory.stand_in, units=[directory.belastingen], stand_in=third)
    selectors.read_directory([directory.sick.pk], viewer=agent, at=TUESDAY_10)
    with django_assert_num_queries(5 + 4):  # the second round: Derde's unit is known already
        facts = selectors.read_directory([directory.sick.pk], viewer=agent, at=TUESDAY_10)
    assert third.pk in facts.people
    reach = selectors.person_reachability(directory.sick, viewer=agent, at=TUESDAY_10)
    assert [status.name for status in reach.chain] == ["Gerrit Hoekstra", "Derde Vervanger"]


def test_units_found_are_read_with_the_people(directory, agent):
    results = selectors.search_directory("belastingen", viewer=agent, at=TUESDAY_10)
    assert [reach.target.name for reach in results.units] == ["Belastingen"]
    assert results.units[0].target.unit.windows  # the windows of a unit found are read too
