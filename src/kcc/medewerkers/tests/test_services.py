"""Writes: absences, flags, confirmation, reminders and escalation, units; each with its bad input."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.header import decode_header, make_header

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kcc.core.models import OrganisationUnit, OutboxMessage, ReachabilityWindow, Task
from kcc.core.roles import Role
from kcc.core.search import get_engine
from kcc.medewerkers import selectors, services
from kcc.medewerkers.indexing import PERSON_SOURCE
from kcc.medewerkers.models import Absence, Flag, UnitProfile

pytestmark = pytest.mark.django_db


def moment(day: int, hour: int = 0) -> datetime:
    return timezone.make_aware(datetime(2030, 6, day, hour))


def test_overlapping_absences_are_refused_with_the_clash_named(directory, admin_user):
    person = directory.stand_in
    services.add_absence(actor=admin_user, person=person, kind="verlof", starts_at=moment(3), ends_at=moment(10))
    with pytest.raises(ValidationError) as error:
        services.add_absence(actor=admin_user, person=person, kind="cursus", starts_at=moment(9), ends_at=moment(12))
    assert "overlapt met ‘verlof’" in error.value.messages[0]
    # back to back is fine; an open-ended one overlaps everything after it
    services.add_absence(actor=admin_user, person=person, kind="cursus", starts_at=moment(10), ends_at=moment(11))
    services.add_absence(actor=admin_user, person=person, kind="ziek", starts_at=moment(20), ends_at=None)
    with pytest.raises(ValidationError):
        services.add_absence(actor=admin_user, person=person, kind="verlof", starts_at=moment(25), ends_at=moment(27))
    assert person.absences.count() == 3


def test_absence_that_ends_before_it_starts_is_refused(directory, admin_user):
    with pytest.raises(ValidationError) as error:
        services.add_absence(
            actor=admin_user, person=directory.stand_in, kind="verlof", starts_at=moment(5), ends_at=moment(4)
        )
    assert "eindigt voordat zij begint" in error.value.messages[0]
    assert not directory.stand_in.absences.exists()


def test_who_may_enter_absences(directory, agent, make_user):
    person = directory.stand_in
    colleague = make_user(Role.BACKOFFICE, unit=directory.belastingen)
    outsider = make_user(Role.BACKOFFICE, unit=directory.wmo)
    with pytest.raises(PermissionDenied):
        services.add_absence(actor=agent, person=person, kind="ziek", starts_at=moment(1), ends_at=moment(2))
    with pytest.raises(PermissionDenied):
        services.add_absence(actor=outsider, person=person, kind="ziek", starts_at=moment(1), ends_at=moment(2))
    services.add_absence(actor=colleague, person=person, kind="ziek", starts_at=moment(1), ends_at=moment(2))
    services.add_absence(actor=directory.coordinator, person=person, kind="ziek", starts_at=moment(3), ends_at=None)
    assert list(person.absences.values_list("entered_by__username", flat=True)) == [colleague.username, "coordinator"]


def test_invalid_phone_and_schedule_are_refused_and_nothing_is_saved(directory, admin_user):
    with pytest.raises(ValidationError) as error:
        services.save_person(
            actor=admin_user,
            units=[directory.belastingen],
            name="Nieuw",
            email="nieuw@demodam.nl",
            phone_internal="12ab",
            schedule="ma:avond",
        )
    assert set(error.value.message_dict) == {"phone_internal", "schedule"}
    assert "geen telefoonnummer" in error.value.message_dict["phone_internal"][0]
    assert not get_engine().search(PERSON_SOURCE, "Nieuw")


def test_a_person_is_found_by_name_function_skill_unit_and_number(directory):
    engine = get_engine()
    gerrit = directory.stand_in.pk
    for query in ["Gerrit", "hoekstr", "invordering", "kwijtschelding", "belastingen", "4101"]:
        assert gerrit in [hit.object_id for hit in engine.search(PERSON_SOURCE, query)], query
    # a hidden mobile number finds nobody
    assert not engine.search(PERSON_SOURCE, "0612345678")


def test_flag_goes_to_the_coordinator_and_marks_the_number_until_resolved(directory, agent):
    person = directory.stand_in
    flag = services.flag_wrong(actor=agent, kind=Flag.Kind.NUMBER, person=person)
    assert flag.task.assignee == directory.coordinator and flag.task.unit == directory.belastingen
    assert "4101" in flag.task.title
    assert services.flag_wrong(actor=agent, kind=Flag.Kind.NUMBER, person=person) == flag  # one click twice
    reach = selectors.person_reachability(person, viewer=agent)
    assert all(number.flagged for number in reach.target.numbers)
    with pytest.raises(PermissionDenied):
        services.resolve_flag(flag, actor=agent)
    services.resolve_flag(flag, actor=directory.coordinator, resolution="Nummer was goed.")
    flag.task.refresh_from_db()
    assert flag.task.status == Task.Status.DONE
    assert not any(n.flagged for n in selectors.person_reachability(person, viewer=agent).target.numbers)


def test_coordinator_of_another_unit_may_not_confirm(directory, make_user):
    other = make_user(Role.BACKOFFICE, unit=directory.wmo)
    with pytest.raises(PermissionDenied):
        services.confirm_unit(directory.belastingen, actor=other)
    profile = services.confirm_unit(directory.belastingen, actor=directory.coordinator)
    assert profile.confirmed_by == directory.coordinator


def test_reminder_before_and_escalation_after_the_due_date(
    directory, make_user, smtp_settings, django_capture_on_commit_callbacks
):
    leader = make_user(Role.TEAMLEADER, email="teamleider@demodam.nl")
    profile = UnitProfile.objects.get(unit=directory.belastingen)
    UnitProfile.objects.filter(pk=profile.pk).update(confirmed_at=timezone.now() - timedelta(weeks=12))
    profile.refresh_from_db()
    due = selectors.due_date(profile)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.send_freshness_reminders(due - timedelta(days=7))
    assert counts["herinneringen"] >= 1
    reminder = Task.objects.get(kind=services.TASK_REMINDER, unit=directory.belastingen)
    assert reminder.assignee == directory.coordinator and reminder.deadline == due
    assert services.send_freshness_reminders(due - timedelta(days=6))["herinneringen"] == 0  # once per cycle
    with django_capture_on_commit_callbacks(execute=True):
        services.send_freshness_reminders(due + timedelta(days=1))
    escalation = Task.objects.get(kind=services.TASK_ESCALATION, unit=directory.belastingen)
    assert escalation.assignee == leader
    subjects = [str(make_header(decode_header(message["Subject"]))) for message in smtp_settings.messages]
    assert any("Bevestig de medewerkersgegevens van Belastingen" in s for s in subjects)
    assert any("Belastingen heeft de medewerkersgegevens niet bevestigd" in s for s in subjects)
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == len(smtp_settings.messages)
    services.confirm_unit(directory.belastingen, actor=directory.coordinator)
    assert not Task.objects.filter(
        unit=directory.belastingen, status=Task.Status.OPEN, kind__startswith="medewerkers_b"
    )
    assert Task.objects.get(pk=escalation.pk).status == Task.Status.DONE


def test_overview_shows_overdue_units_first(directory):
    UnitProfile.objects.filter(unit=directory.wmo).update(confirmed_at=timezone.now() - timedelta(weeks=20))
    rows = selectors.freshness_overview(timezone.localdate())
    assert rows[0].profile.unit == directory.wmo and rows[0].state == "te_laat"


def test_unit_window_that_ends_before_it_starts_is_refused_and_nothing_changes(directory, admin_user):
    with pytest.raises(ValidationError) as error:
        services.save_unit(
            {
                "code": "belastingen",
                "naam": "Belastingen (nieuw)",
                "soort": "sector",
                "ouder": None,
                "vensters": [{"dagen": ["ma"], "van": "15:00", "tot": "08:30"}],
            },
            actor=admin_user,
        )
    assert "eindigt (08:30) voordat het begint (15:00)" in error.value.messages[0]
    assert OrganisationUnit.objects.get(code="belastingen").name == "Belastingen"
    assert ReachabilityWindow.objects.filter(unit=directory.belastingen).count() == 5


def test_save_unit_indexes_and_sets_the_confirmation_interval(db, admin_user):
    unit = services.save_unit(
        {"code": "brandweer", "naam": "Brandweer", "soort": "extern", "ouder": None, "telefoon": "010-5550900"},
        actor=admin_user,
        confirm_every_weeks=26,
    )
    assert unit.is_external and unit.phone == "0105550900"
    assert UnitProfile.objects.get(unit=unit).confirm_every_weeks == 26
    assert [hit.object_id for hit in get_engine().search("eenheid", "brandweer")] == [unit.pk]


def test_deleting_a_person_removes_it_from_the_index(directory, admin_user):
    person_id = directory.wmo_person.pk
    services.delete_person(directory.wmo_person, actor=admin_user)
    assert person_id not in [hit.object_id for hit in get_engine().search(PERSON_SOURCE, "Ilse")]
    assert not Absence.objects.filter(person_id=person_id).exists()


def test_ending_a_running_absence_makes_the_person_present_again(directory, admin_user, agent):
    sick = directory.sick
    absence = sick.absences.get()
    at = timezone.make_aware(datetime(2030, 6, 4, 10, 0))  # a Tuesday morning in Fatima's schedule
    assert not selectors.person_reachability(sick, viewer=agent, at=at).target.present
    with pytest.raises(PermissionDenied):
        services.end_absence(absence, actor=agent, at=at)
    services.end_absence(absence, actor=admin_user, at=at - timedelta(hours=1))
    assert sick.absences.get().ends_at == at - timedelta(hours=1)
    assert selectors.person_reachability(sick, viewer=agent, at=at).target.present
    with pytest.raises(ValidationError, match="al voorbij"):
        services.end_absence(absence, actor=admin_user, at=at)


def test_an_absence_still_to_come_is_removed_not_ended(directory, admin_user):
    person = directory.stand_in
    absence = services.add_absence(actor=admin_user, person=person, kind="verlof", starts_at=moment(20), ends_at=None)
    with pytest.raises(ValidationError, match="nog niet begonnen"):
        services.end_absence(absence, actor=admin_user, at=moment(10))
    assert person.absences.get().ends_at is None
