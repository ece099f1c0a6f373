"""The daily aggregates stay equal to a recount of the records through every kind of change."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcc.contacten import services
from kcc.contacten.importer import import_contacts
from kcc.contacten.models import Callback, Contactmoment, Question, TransferAttempt
from kcc.kennisbank import services as kennisbank_services
from kcc.kennisbank.tests.factories import make_vac
from kcc.rapportage import selectors
from kcc.rapportage.models import (
    DailyAttemptCount,
    DailyContactCount,
    DailyQuestionCount,
    DailySearchCount,
)
from kcc.rapportage.period import Period
from kcc.rapportage.services import rebuild_aggregates
from kcc.rapportage.tables import Context, compute
from kcc.rapportage.tests.conftest import attempt, q

AMS = ZoneInfo("Europe/Amsterdam")


def total(model) -> int:
    return model.objects.aggregate(total=Sum("n", default=0))["total"]


def assert_recount_agrees() -> None:
    assert selectors.aggregate_differences() == {}


@pytest.mark.django_db
def test_every_kind_of_change_keeps_the_counts_equal_to_a_recount(tree, add_contact, agent, editor):
    registered = add_contact("2026-05-04T23:30:00+02:00", [
        q("algemene_vraag", "zelf_beantwoord", "belastingen"),
        q("persoon_of_afdeling", "doorverbonden", "invordering",
          [attempt("persoon", "invordering", "niet_bereikt", "afwezig"), attempt("eenheid", "invordering", "bereikt")]),
    ])  # fmt: skip
    assert_recount_agrees()
    assert (total(DailyContactCount), total(DailyQuestionCount), total(DailyAttemptCount)) == (1, 2, 2)
    # 23:30 local time is the 4th, though it is the 4th at 21:30 UTC: the day is the municipality's
    assert DailyQuestionCount.objects.get(question_type="algemene_vraag").day == date(2026, 5, 4)

    running = services.start_contact(agent=agent)
    question = services.add_question(
        running, user=agent, question_type="algemene_vraag", handling="doorverbonden", unit=tree["belastingen"]
    )
    services.add_transfer_attempt(
        question, user=agent, data={"doel": "eenheid", "eenheid": "belastingen", "resultaat": "niet_bereikt",
                                    "reden": "geen_gehoor"},
    )  # fmt: skip
    vac = make_vac()
    services.update_question(
        question, user=agent, question_type="algemene_vraag", handling="terugbelverzoek", unit=tree["belastingen"],
        subject="", notes="", complaint_offer="aangeboden", vac_ids=[vac.pk],
    )  # fmt: skip
    assert_recount_agrees()
    assert DailyQuestionCount.objects.filter(with_vac=True).aggregate(total=Sum("n"))["total"] == 1

    callback = services.create_callback(
        contact=running, question=question, created_by=agent, question_text="Waar blijft mijn aanslag?",
        callback_phone="0612345678", reason="kennis_nodig", unit=tree["belastingen"],
    )  # fmt: skip
    assert_recount_agrees()
    assert DailyContactCount.objects.get(with_callback=True).n == 1
    callback.status, callback.closed_at = Callback.Status.DONE, datetime(2026, 12, 31, 12, tzinfo=AMS)
    callback.save()
    assert_recount_agrees()

    kennisbank_services.search_and_log(query="paspoort", channel="agent", user=agent)
    kennisbank_services.search_and_log(query="xyzzy onbekend", channel="public")
    assert_recount_agrees()
    assert DailySearchCount.objects.get(zero_results=True).gap_query == "xyzzy onbekend"

    kennisbank_services.delete_vac(vac=vac, actor=editor)
    assert_recount_agrees()
    assert not DailyQuestionCount.objects.filter(with_vac=True).exclude(n=0).exists()

    registered.started_at -= timedelta(days=40)
    registered.save()
    assert_recount_agrees()
    assert DailyQuestionCount.objects.filter(day=date(2026, 3, 25)).aggregate(total=Sum("n"))["total"] == 2

    Question.objects.filter(pk=question.pk).first().transfer_attempts.first().delete()
    callback.delete()
    question.delete()
    assert_recount_agrees()

    report = import_contacts([json.dumps({
        "extern_id": "imp-1", "kanaal": "telefoon", "start": "2025-02-03T09:00:00+01:00",
        "einde": "2025-02-03T09:04:00+01:00",
        "vragen": [{"vraagsoort": "klacht", "afhandeling": "klacht_geregistreerd", "eenheid": "rm"}],
    })])  # fmt: skip
    assert report.stored == 1
    assert_recount_agrees()
    assert DailyQuestionCount.objects.get(day=date(2025, 2, 3)).question_type == "klacht"


@pytest.mark.django_db
def test_the_check_finds_a_change_the_aggregates_missed_and_the_rebuild_repairs_it(tree, add_contact, capsys):
    contact = add_contact("2026-05-04T10:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord", "belastingen")])
    call_command("rapportage", "aggregaten", "--controleer")
    assert "kloppen met de gegevens" in capsys.readouterr().out
    # a bulk update sends no signal: the counts are now wrong, and the check must say so
    Question.objects.filter(contact=contact).update(unit=tree["rm"])
    assert set(selectors.aggregate_differences()) == {"dailyquestioncount", "dailyunitcontactcount"}
    with pytest.raises(CommandError, match="herbereken"):
        call_command("rapportage", "aggregaten", "--controleer")
    call_command("rapportage", "aggregaten", "--herbereken")
    assert "dailyquestioncount 1" in capsys.readouterr().out
    assert_recount_agrees()
    context = Context(Period(date(2026, 5, 1), date(2026, 5, 31)), unit=tree["wijken"])
    assert compute("eerstelijn", context).data["totaal"]["aantal"] == 1


@pytest.mark.django_db
def test_the_aggregates_fill_themselves_when_they_arrive_on_an_installation_with_history(tree, add_contact):
    from django.apps import apps

    from kcc.rapportage.apps import _fill_aggregates

    add_contact("2026-05-04T10:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord", "belastingen")])
    for model in (DailyContactCount, DailyQuestionCount):
        model.objects.all().delete()
    _fill_aggregates(sender=apps.get_app_config("rapportage"))
    assert_recount_agrees()
    assert total(DailyContactCount) == 1


# Random histories: any mix of records and changes made through the ORM, the counts equal a recount.
operations = st.lists(
    st.one_of(
        st.tuples(st.just("contact"), st.integers(0, 5), st.integers(0, 23)),
        st.tuples(st.just("question"), st.sampled_from(["algemene_vraag", "klacht", "melding"]),
                  st.sampled_from(["belastingen", "rm", ""]), st.sampled_from(["ja", "nee", "onbekend"])),
        st.tuples(st.just("attempt"), st.sampled_from(["eenheid", "persoon"]),
                  st.sampled_from(["bereikt", "niet_bereikt"])),
        st.tuples(st.just("callback"), st.sampled_from(["open", "afgehandeld", "niet_gelukt"]), st.integers(-2, 2)),
        st.tuples(st.just("move"), st.integers(-3, 3)),
        st.tuples(st.just("delete_question"), st.just(0)),
        st.tuples(st.just("delete_callbacks"), st.just(0)),
        st.tuples(st.just("delete_contact"), st.just(0)),
        st.tuples(st.just("question_unit"), st.sampled_from(["invordering", "rm", ""])),
        st.tuples(st.just("repeat"), st.integers(0, 2)),
    ),
    max_size=16,
)  # fmt: skip


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=operations)
def test_random_histories_keep_the_counts_equal_to_a_recount(tree, history):
    with transaction.atomic():
        contact = Contactmoment.objects.create(channel="telefoon", started_at=datetime(2026, 3, 29, 1, 30, tzinfo=AMS))
        questions: list[Question] = []
        for operation, *args in history:
            if operation == "contact":
                days, hour = args
                contact = Contactmoment.objects.create(
                    channel="telefoon", started_at=datetime(2026, 3, 28, hour, tzinfo=AMS) + timedelta(days=days)
                )
            elif operation == "question":
                kind, unit, outcome = args
                questions.append(Question.objects.create(
                    contact=contact, question_type=kind, handling="onbekend", fcr_row="algemene_vraag",
                    fcr_outcome=outcome, unit=tree.get(unit)))  # fmt: skip
            elif operation == "attempt" and questions:
                target, result = args
                detail = {"reached": "gevraagd"} if result == "bereikt" else {"reason": "geen_gehoor"}
                TransferAttempt.objects.create(question=questions[-1], target=target, unit=tree["invordering"],
                                               result=result, **detail)  # fmt: skip
            elif operation == "callback":
                status, days = args
                closed = datetime(2026, 4, 3 + days, 23, 45, tzinfo=AMS) if status != "open" else None
                Callback.objects.create(contact=contact, unit=tree["belastingen"], question_text="x",
                                        callback_phone="0612345678", reason="kennis_nodig",
                                        deadline=date(2026, 4, 3), status=status, closed_at=closed)  # fmt: skip
            elif operation == "move":
                contact.started_at += timedelta(hours=7 * args[0])
                contact.save(update_fields=["started_at"])
            elif operation == "delete_question" and questions:
                questions.pop().delete()
            elif operation == "delete_callbacks":
                Callback.objects.filter(contact=contact).delete()  # several of one contact at once
            elif operation == "delete_contact":
                Callback.objects.filter(contact=contact).delete()
                deleted = contact.pk
                contact.delete()  # its questions and attempts go with it
                questions = [question for question in questions if question.contact_id != deleted]
                contact = Contactmoment.objects.create(channel="telefoon", started_at=contact.started_at)
            elif operation == "question_unit" and questions:
                questions[-1].unit = tree.get(args[0])
                questions[-1].save()
            elif operation == "repeat" and questions:
                questions[-1].repeat_count = args[0]
                questions[-1].save()
        assert_recount_agrees()
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_lose_no_count(tree, agent):
    """Writers in parallel transactions add to the same daily rows; no increment may get lost."""
    per_thread, threads = 8, 3
    errors: list[BaseException] = []

    def register(offset: int) -> None:
        try:
            for number in range(per_thread):
                data = {"extern_id": f"par-{offset}-{number}", "kanaal": "telefoon",
                        "start": "2026-05-04T10:00:00+02:00", "einde": "2026-05-04T10:02:00+02:00",
                        "vragen": [q("algemene_vraag", "zelf_beantwoord", "belastingen")]}  # fmt: skip
                for _attempt in range(20):  # SQLite has one writer at a time: wait for the lock
                    try:
                        services.register_contact(data, agent=agent)
                        break
                    except Exception as error:  # retried only when the database is locked
                        if "locked" not in str(error):
                            raise
        except BaseException as error:  # reported to the main thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=register, args=(offset,)) for offset in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert Contactmoment.objects.count() == per_thread * threads
    assert total(DailyContactCount) == total(DailyQuestionCount) == per_thread * threads
    assert_recount_agrees()


@pytest.mark.django_db
def test_rebuild_counts_bulk_history(tree, add_contact):
    for day in (4, 5, 5):
        add_contact(f"2026-05-0{day}T10:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord", "belastingen")])
    before = {model: list(model.objects.order_by("day").values_list("day", "n")) for model in (DailyContactCount,)}
    counts = rebuild_aggregates()
    assert counts["dailycontactcount"] == 2
    assert list(DailyContactCount.objects.order_by("day").values_list("day", "n")) == before[DailyContactCount]
    assert list(DailyContactCount.objects.order_by("day").values_list("n", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_a_unit_moved_to_another_dienst_takes_its_contacts_along(tree, add_contact):
    questions = [
        q("algemene_vraag", "terugbelverzoek", "invordering"),
        q("algemene_vraag", "zelf_beantwoord", "belastingen"),
    ]
    contact = add_contact("2026-05-04T10:00:00+02:00", questions)
    Callback.objects.create(contact=contact, unit=tree["invordering"], question_text="x", callback_phone="0612345678",
                            reason="kennis_nodig", deadline=date(2026, 5, 6))  # fmt: skip
    may = Period(date(2026, 5, 1), date(2026, 5, 31))

    def unit_view(code: str) -> tuple[int, int]:
        data = compute("terugbelverzoeken", Context(may, unit=tree[code])).data
        return data["contacten"], data["contacten_met_terugbelverzoek"]

    # two questions under Publiek: one contact; the callback went to a unit below it
    assert (unit_view("publiek"), unit_view("belastingen"), unit_view("wijken")) == ((1, 1), (1, 1), (0, 0))
    tree["invordering"].parent = tree["rm"]
    tree["invordering"].save()
    assert_recount_agrees()
    assert (unit_view("publiek"), unit_view("wijken"), unit_view("rm")) == ((1, 0), (1, 1), (1, 1))


@pytest.mark.django_db
def test_the_nightly_check_repairs_what_changed_behind_the_services_back(tree, add_contact):
    from kcc.core.models import AuditEntry
    from kcc.rapportage.tasks import check_aggregates

    contact = add_contact("2026-05-04T10:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord", "belastingen")])
    assert check_aggregates.call_local() == {}
    Question.objects.filter(contact=contact).update(fcr_outcome="nee")
    assert check_aggregates.call_local() == {"dailyquestioncount": 2}  # the old key and the new one
    assert_recount_agrees()
    assert AuditEntry.objects.filter(action="dagtellingen_hersteld").count() == 1
    assert check_aggregates.call_local() == {}
