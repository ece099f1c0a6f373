"""The CTI events contract: a call built from its events, idempotent, in time order, whatever arrives."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from kcc.contacten.models import Contactmoment, TransferAttempt
from kcc.core.models import OrganisationUnit
from kcc.medewerkers.models import Membership, Person
from kcc.telefonie import selectors, services, tasks
from kcc.telefonie.events import Event
from kcc.telefonie.models import Call, CallEvent, ScreenPop

pytestmark = pytest.mark.django_db


def test_an_answered_call_becomes_a_phone_contact_with_measured_times(post_event, agent):
    arrival = post_event("c1", "binnenkomend", "09:00:00", van="06-12345678", naar="14 020", lijn="Algemeen")
    assert arrival.status_code == 201
    answer = post_event("c1", "aangenomen", "09:00:25", medewerker="kim")
    assert answer.status_code == 201
    contact = Contactmoment.objects.get()
    assert answer.json() == {"gesprek_id": "c1", "gebeurtenis": "aangenomen", "herhaald": False, "gestart": True,
                             "contactmoment": contact.pk, "melding": "Verwerkt."}  # fmt: skip
    assert (contact.channel, contact.phone, contact.agent, contact.ended_at) == ("telefoon", "0612345678", agent, None)
    assert post_event("c1", "beeindigd", "09:03:25").status_code == 201
    call = Call.objects.get()
    assert (call.contact, call.line, call.called, call.agent) == (contact, "Algemeen", "14020", agent)
    assert (call.waiting_seconds, call.duration_seconds) == (25, 180)
    assert list(ScreenPop.objects.values_list("user", "contact")) == [(agent.pk, contact.pk)]


def test_an_anonymous_caller_gives_a_contact_without_number(post_event, agent):
    post_event("c1", "binnenkomend", "09:00:00", van="anoniem")
    post_event("c1", "aangenomen", "09:00:05", medewerker="kim")
    assert Contactmoment.objects.get().phone == ""


def test_a_repeated_event_changes_nothing(post_event, agent):
    post_event("c1", "binnenkomend", "09:00:00", van="0612345678")
    first = post_event("c1", "aangenomen", "09:00:25", medewerker="kim")
    again = post_event("c1", "aangenomen", "09:00:25", medewerker="kim")
    assert again.status_code == 200
    assert again.json()["herhaald"] is True
    assert again.json()["contactmoment"] == first.json()["contactmoment"]
    assert (CallEvent.objects.count(), Contactmoment.objects.count(), ScreenPop.objects.count()) == (2, 1, 1)


def test_a_second_answer_at_another_moment_is_refused_and_the_first_stands(post_event, agent):
    post_event("c1", "aangenomen", "09:00:25", medewerker="kim")
    response = post_event("c1", "aangenomen", "09:00:40", medewerker="kim")
    assert response.status_code == 409
    assert "tijdstip" in response.json()
    assert Call.objects.get().answered_at.isoformat() == "2026-12-07T08:00:25+00:00"
    assert Contactmoment.objects.count() == 1


def test_events_out_of_order_are_put_in_time_order(post_event, agent):
    """End, then answer, then arrival: stored as they come, the facts follow the tijdstip."""
    ended = post_event("c1", "beeindigd", "09:05:00")
    assert ended.status_code == 202
    assert ended.json()["gestart"] is False
    assert Call.objects.get().ended_at is not None
    answered = post_event("c1", "aangenomen", "09:00:30", medewerker="kim", van="0612345678")
    assert answered.status_code == 202
    assert answered.json()["contactmoment"] is not None  # the agent's screen-pop does not wait for the arrival
    assert post_event("c1", "binnenkomend", "09:00:00", van="0201234567", lijn="Belastingen").status_code == 201
    call = Call.objects.get()
    assert (call.waiting_seconds, call.duration_seconds, call.line) == (30, 270, "Belastingen")
    # The arrival says who called; the contact took the number it knew first and keeps it.
    assert call.caller == "0201234567"
    assert call.contact.phone == "0612345678"


def test_a_late_caller_number_fills_an_empty_contact_number(post_event, agent):
    post_event("c1", "aangenomen", "09:00:30", medewerker="kim")
    post_event("c1", "binnenkomend", "09:00:00", van="0612345678")
    assert Contactmoment.objects.get().phone == "0612345678"


def test_an_abandoned_call_has_no_contact(post_event):
    post_event("c1", "binnenkomend", "09:00:00", van="0612345678")
    post_event("c1", "beeindigd", "09:00:04")
    call = Call.objects.get()
    assert (call.contact, call.waiting_seconds, call.duration_seconds) == (None, 4, None)


@pytest.fixture
def directory(db):
    unit = OrganisationUnit.objects.create(code="belastingen", name="Belastingen", kind="afdeling", phone="0201110000")
    person = Person.objects.create(name="Bram Jansen", email="bram@demodam.nl", phone_internal="4321")
    Membership.objects.create(person=person, unit=unit, position=0)
    return person, unit


def test_a_transfer_to_a_person_becomes_an_attempt_on_the_current_question(post_event, agent, directory):
    person, unit = directory
    post_event("c1", "binnenkomend", "09:00:00", van="0612345678")
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    assert post_event("c1", "doorverbonden", "09:02:00", doel="4321", beantwoord=True).status_code == 201
    attempt = TransferAttempt.objects.get()
    assert (attempt.target, attempt.person, attempt.unit, attempt.result, attempt.reached) == (
        "persoon", person, unit, "bereikt", "gevraagd")  # fmt: skip
    question = attempt.question
    assert (question.question_type, question.handling, question.contact) == (
        "persoon_of_afdeling", "doorverbonden", Contactmoment.objects.get())  # fmt: skip
    assert CallEvent.objects.get(kind="doorverbonden").transfer == attempt


def test_an_unanswered_transfer_to_a_unit_is_not_reached_with_no_answer(post_event, agent, directory):
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    post_event("c1", "doorverbonden", "09:02:00", doel="020-1110000", beantwoord=False)
    attempt = TransferAttempt.objects.get()
    assert (attempt.target, attempt.unit.code, attempt.result, attempt.reason) == (
        "eenheid", "belastingen", "niet_bereikt", "geen_gehoor")  # fmt: skip


def test_a_transfer_to_an_unknown_number_is_kept_with_the_number(post_event, agent, directory):
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    post_event("c1", "doorverbonden", "09:02:00", doel="030-1234567", beantwoord=True)
    event = CallEvent.objects.get(kind="doorverbonden")
    assert event.target == "0301234567"
    assert (event.transfer.person, event.transfer.unit, event.transfer.result) == (None, None, "bereikt")


def test_a_transfer_reported_before_the_answer_is_applied_once_the_contact_exists(post_event, agent, directory):
    assert post_event("c1", "doorverbonden", "09:02:00", doel="4321", beantwoord=False).status_code == 202
    assert TransferAttempt.objects.count() == 0
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    post_event("c1", "doorverbonden", "09:02:00", doel="4321", beantwoord=False)
    assert TransferAttempt.objects.get().result == "niet_bereikt"


def test_two_transfers_of_one_call_are_two_attempts(post_event, agent, directory):
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    post_event("c1", "doorverbonden", "09:01:00", doel="4321", beantwoord=False)
    post_event("c1", "doorverbonden", "09:02:00", doel="0201110000", beantwoord=True)
    assert list(TransferAttempt.objects.order_by("id").values_list("result", flat=True)) == ["niet_bereikt", "bereikt"]


def test_the_same_call_id_of_two_phone_systems_is_two_calls(post_event, agent):
    other = services.create_token("Tweede centrale")[0]
    services.record_event(other, Event("c1", "binnenkomend", datetime.fromisoformat("2026-12-07T09:00:00+01:00")))
    post_event("c1", "binnenkomend", "09:00:00", van="0612345678")
    assert Call.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_store_one_event_and_one_contact(system_token, agent):
    """Eight threads send the same answer at once: the unique constraints let exactly one through."""
    system = system_token[0]
    event = Event("c1", "aangenomen", datetime.fromisoformat("2026-12-07T09:00:10+01:00"), agent=agent)
    start, results, errors = threading.Barrier(8), [], []

    def send() -> None:
        try:
            start.wait()
            results.append(services.record_event(system, event).repeated)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False] + [True] * 7
    assert (Call.objects.count(), CallEvent.objects.count(), Contactmoment.objects.count()) == (1, 1, 1)


# SQL statements of one event, the request alone (what runs after the commit is the worker's), counted
# inside the test's transaction (so including the savepoint pair of the service's own transaction).
EVENT_STATEMENTS = {"binnenkomend": 7, "aangenomen": 17, "doorverbonden": 7, "beeindigd": 7}


def test_each_event_type_costs_a_fixed_number_of_statements(
    phone_api, agent, directory, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Token, the locked call, its events, the new event, the derived facts in one UPDATE; on the answer
    also the contact (with its daily aggregate) and the screen-pop. Independent of the calls stored."""
    for index in range(3):
        earlier = {"gesprek_id": f"eerder-{index}", "gebeurtenis": "binnenkomend",
                   "tijdstip": "2026-12-07T08:00:00+01:00", "van": "0612345678"}  # fmt: skip
        phone_api.post("/api/v1/telefonie/gebeurtenissen/", earlier, format="json")
    events = [
        ("binnenkomend", "09:00:00", {"van": "06-12345678", "naar": "14020", "lijn": "Algemeen"}),
        ("aangenomen", "09:00:10", {"medewerker": "kim"}),
        ("doorverbonden", "09:01:00", {"doel": "4321", "beantwoord": True}),
        ("beeindigd", "09:02:00", {}),
    ]
    for kind, at, fields in events:
        body = {"gesprek_id": "c1", "gebeurtenis": kind, "tijdstip": f"2026-12-07T{at}+01:00", **fields}
        with (
            django_capture_on_commit_callbacks(execute=False) as after_commit,
            django_assert_num_queries(EVENT_STATEMENTS[kind]),
        ):
            response = phone_api.post("/api/v1/telefonie/gebeurtenissen/", body, format="json")
        assert response.status_code == 201, response.json()
        # Only a transfer leaves work for after the commit: the attempt on the contact.
        assert len(after_commit) == (1 if kind == "doorverbonden" else 0)
        for callback in after_commit:
            callback()
    assert TransferAttempt.objects.get().person == directory[0]


def test_a_transfer_is_recorded_after_the_answer_to_the_phone_system_once_only(
    phone_api, post_event, agent, directory, django_capture_on_commit_callbacks
):
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    body = {"gesprek_id": "c1", "gebeurtenis": "doorverbonden", "tijdstip": "2026-12-07T09:01:00+01:00",
            "doel": "4321", "beantwoord": False}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):  # the worker's task is lost
        assert phone_api.post("/api/v1/telefonie/gebeurtenissen/", body, format="json").status_code == 202
    assert TransferAttempt.objects.count() == 0
    call = Call.objects.get()
    assert selectors.calls_with_pending_transfers() == [call.pk]
    assert tasks.apply_transfers_periodically.call_local() == 1  # the sweep finds it
    assert tasks.apply_transfers_periodically.call_local() == 0  # and records it once
    assert services.apply_pending_transfers(call.pk) == 0
    assert TransferAttempt.objects.get().result == "niet_bereikt"
    assert selectors.calls_with_pending_transfers() == []


def test_a_transfer_after_the_contact_was_closed_is_kept_on_the_event_only(post_event, agent, directory):
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    contact = Contactmoment.objects.get()
    Contactmoment.objects.filter(pk=contact.pk).update(ended_at=contact.started_at)
    assert post_event("c1", "doorverbonden", "09:01:00", doel="4321", beantwoord=True).status_code == 202
    assert TransferAttempt.objects.count() == 0
    assert CallEvent.objects.get(kind="doorverbonden").target == "4321"
    assert selectors.calls_with_pending_transfers() == []


def test_a_transfer_against_the_units_policy_is_recorded_with_the_phone_systems_reason(post_event, agent, directory):
    """The phone system already put the call through: the advice is kept, with why it was overridden."""
    unit = directory[1]
    unit.transfer_policy = OrganisationUnit.TransferPolicy.NO_TRANSFER
    unit.save()
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    assert post_event("c1", "doorverbonden", "09:01:00", doel="020-1110000", beantwoord=True).status_code == 202
    attempt = TransferAttempt.objects.get()
    assert attempt.advice != ""
    assert attempt.override_reason == services.BY_PHONE_SYSTEM


def test_old_screenpops_are_pruned_by_the_worker(post_event, agent):
    post_event("c1", "aangenomen", "09:00:10", medewerker="kim")
    post_event("c2", "aangenomen", "09:10:10", medewerker="kim")
    ScreenPop.objects.filter(contact__call__call_id="c1").update(created_at=timezone.now() - timedelta(minutes=11))
    assert tasks.prune_screenpops.call_local() == 1
    assert list(ScreenPop.objects.values_list("contact__call__call_id", flat=True)) == ["c2"]
