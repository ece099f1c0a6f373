"""Services and selectors of the knowledge-base workspace, on the real database and search index."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kcc.core import outbox
from kcc.core.calendar import add_working_days, today
from kcc.core.models import OrganisationUnit, OutboxMessage, Task
from kcc.core.roles import Role
from kcc.core.search import QueryTooLong
from kcc.kennisbank import selectors, services
from kcc.kennisbank.models import VAC, Feedback, NewsItem, SearchLog
from kcc.kennisbank.tasks import send_review_reminders
from kcc.kennisbank.tests.factories import make_vac

pytestmark = pytest.mark.django_db


@pytest.fixture
def passport(editor) -> VAC:
    return make_vac(owner=editor, trefwoorden=["paspoort", "reisdocument"])


# --- Search log ---------------------------------------------------------------------------


def test_search_is_logged_with_results_and_duration(agent, passport):
    log, results = services.search_and_log(query="  Paspoort  ", channel=SearchLog.Channel.AGENT, user=agent)

    assert [r.vac for r in results] == [passport]
    log.refresh_from_db()
    assert (log.user, log.channel, log.query, log.normalised_query) == (agent, "agent", "Paspoort", "paspoort")
    assert log.result_ids == [passport.pk]
    assert log.result_count == 1
    assert log.took_ms >= 0


@pytest.mark.parametrize(
    ("query", "error", "message"),
    [("", services.EmptyQuery, "Typ een of meer woorden"), ("x" * 1000, QueryTooLong, "te lang")],
)
def test_bad_queries_are_refused_with_a_dutch_message_and_not_logged(agent, query, error, message):
    with pytest.raises(error, match=message):
        services.search_and_log(query=query, channel=SearchLog.Channel.AGENT, user=agent)
    assert not SearchLog.objects.exists()


def test_typing_in_the_header_box_is_one_search(agent, passport):
    for partial in ["pas", "paspo", "paspoort"]:
        services.search_and_log(query=partial, channel=SearchLog.Channel.AGENT, user=agent)
    services.search_and_log(query="grofvuil", channel=SearchLog.Channel.AGENT, user=agent)

    assert list(SearchLog.objects.order_by("pk").values_list("query", flat=True)) == ["paspoort", "grofvuil"]


def test_a_search_after_an_opened_answer_is_a_new_search(agent, passport):
    log, _ = services.search_and_log(query="pas", channel=SearchLog.Channel.AGENT, user=agent)
    services.record_opened(search_log=log, vac=passport)
    services.search_and_log(query="paspoort", channel=SearchLog.Channel.AGENT, user=agent)
    assert SearchLog.objects.count() == 2


def test_public_searches_are_never_merged(passport):
    for query in ["pas", "paspoort"]:
        services.search_and_log(query=query, channel=SearchLog.Channel.PUBLIC, public_only=True)
    assert SearchLog.objects.filter(channel="public", user=None).count() == 2


def test_opened_result_and_backoffice_contact_are_recorded(agent, passport):
    log, _ = services.search_and_log(query="paspoort", channel=SearchLog.Channel.AGENT, user=agent)
    services.record_opened(search_log=log, vac=passport)
    services.mark_backoffice_contacted(log.pk)
    services.mark_backoffice_contacted(log.pk)  # idempotent

    log.refresh_from_db()
    assert log.opened_vac == passport and log.opened_at is not None
    assert log.backoffice_contacted and log.backoffice_contacted_at is not None


# --- Content gaps -------------------------------------------------------------------------


def test_content_gaps_aggregate_queries(agent, make_user, passport):
    other = make_user(Role.AGENT)
    for user in (agent, other):
        services.search_and_log(query="Zwembad", channel=SearchLog.Channel.AGENT, user=user)
        services.search_and_log(query="reisdocument kwijt", channel=SearchLog.Channel.AGENT, user=user)
    services.search_and_log(query="zwembad", channel=SearchLog.Channel.PUBLIC, public_only=True)
    opened, _ = services.search_and_log(query="pasfoto", channel=SearchLog.Channel.AGENT, user=agent)
    services.record_opened(search_log=opened, vac=passport)

    zero = selectors.zero_result_queries()
    assert [(row.query, row.searches) for row in zero] == [("zwembad", 3)]
    unopened = selectors.unopened_queries()
    assert [(row.query, row.searches) for row in unopened] == [("reisdocument kwijt", 2)]
    candidates = selectors.candidate_terms()
    assert [(c.query, c.vac, c.searches) for c in candidates] == [("pasfoto", passport, 1)]


def test_searches_for_a_colleague_or_a_department_are_no_content_gap(agent):
    from kcc.medewerkers.models import Person

    OrganisationUnit.objects.create(code="wi", name="Werk en Inkomen", kind="sector")
    Person.objects.create(name="Bram van der Jansen", email="bram@demodam.nl")
    for query in ("Jansen", "bram van der jansen", "werk en inkomen", "wi", "hondenbelasting", "jansen hond"):
        services.search_and_log(query=query, channel=SearchLog.Channel.AGENT, user=agent)
    assert sorted(row.query for row in selectors.zero_result_queries()) == ["hondenbelasting", "jansen hond"]


def test_old_searches_fall_outside_the_period(agent):
    log, _ = services.search_and_log(query="zwembad", channel=SearchLog.Channel.AGENT, user=agent)
    SearchLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - timedelta(days=40))
    assert selectors.zero_result_queries(days=30) == []
    assert len(selectors.zero_result_queries(days=90)) == 1


def test_accepting_a_candidate_term_adds_a_keyword_and_a_version(agent, editor, passport):
    log, results = services.search_and_log(query="reispapieren", channel=SearchLog.Channel.AGENT, user=agent)
    assert results == []  # the agent found it another way, and opened it
    services.record_opened(search_log=log, vac=passport)

    vac = services.add_keyword(vac=passport, term="reispapieren", actor=editor)

    assert vac.trefwoorden == ["paspoort", "reisdocument", "reispapieren"]
    assert vac.version == 2 and vac.versions.first().changed_by == editor
    assert selectors.candidate_terms() == []  # no longer a candidate
    _, results = services.search_and_log(query="reispapieren", channel=SearchLog.Channel.AGENT, user=agent)
    assert [r.vac for r in results] == [passport]  # the index knows the new word
    with pytest.raises(ValidationError, match="al een trefwoord"):
        services.add_keyword(vac=vac, term="Reispapieren", actor=editor)


# --- Feedback -----------------------------------------------------------------------------


def test_feedback_becomes_a_task_for_the_owner_with_a_five_working_day_deadline(agent, editor, passport):
    feedback = services.give_feedback(actor=agent, vac=passport, kind="onjuist", note="De prijs klopt niet.")

    task = feedback.task
    assert (task.kind, task.assignee, task.unit, task.status) == ("vac_feedback", editor, None, "open")
    assert task.deadline == add_working_days(today(), 5)
    assert task.subject_type == "kennisbank.vac" and task.subject_id == str(passport.pk)
    assert "Informatie is onjuist" in task.title and passport.vraag in task.title
    assert list(selectors.feedback_inbox(editor)) == [feedback]
    assert list(selectors.feedback_given_by(agent)) == [feedback]


def test_feedback_on_a_unit_owned_vac_goes_to_the_unit(agent, make_user):
    unit = OrganisationUnit.objects.create(code="wmo", name="WMO", kind="afdeling")
    colleague = make_user(Role.EDITOR, unit=unit)
    vac = make_vac(owner_unit=unit)

    feedback = services.give_feedback(actor=agent, vac=vac, kind="verouderd")

    assert (feedback.task.assignee, feedback.task.unit) == (None, unit)
    assert list(selectors.feedback_inbox(colleague)) == [feedback]
    assert selectors.can_handle_feedback(colleague, feedback)


def test_missing_information_goes_to_the_chosen_unit_or_the_agents_own(make_user):
    kcc = OrganisationUnit.objects.create(code="kcc", name="KCC", kind="afdeling")
    burgerzaken = OrganisationUnit.objects.create(code="burgerzaken", name="Burgerzaken", kind="afdeling")
    agent = make_user(Role.AGENT, unit=kcc)

    to_unit = services.give_feedback(actor=agent, kind="ontbreekt", query="zwembad", unit=burgerzaken)
    to_own = services.give_feedback(actor=agent, kind="ontbreekt", note="Niets over het zwembad.")

    assert to_unit.task.unit == burgerzaken and to_unit.vac is None and to_unit.query == "zwembad"
    assert to_own.task.unit == kcc


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"kind": "onzin"}, "kind"),
        ({"kind": "onjuist"}, "kind"),  # without a VAC only "ontbreekt" is possible
        ({"kind": "ontbreekt"}, "note"),  # and then say what is missing
        ({"kind": "ontbreekt", "note": "x" * 2001}, "note"),
    ],
)
def test_bad_feedback_is_refused_and_changes_nothing(agent, arguments, field):
    with pytest.raises(ValidationError) as error:
        services.give_feedback(actor=agent, **arguments)
    assert field in error.value.message_dict
    assert not Feedback.objects.exists() and not Task.objects.exists()


def test_feedback_on_a_vac_without_owner_goes_to_the_agents_unit(agent, make_user, unit):
    vac = make_vac()  # e.g. imported, nobody owns it yet
    with pytest.raises(ValidationError, match="niemand gevonden"):
        services.give_feedback(actor=agent, vac=vac, kind="onjuist")  # this agent has no unit either
    assert not Task.objects.exists()

    feedback = services.give_feedback(actor=make_user(Role.AGENT, unit=unit), vac=vac, kind="onjuist")
    assert (feedback.task.assignee, feedback.task.unit) == (None, unit)


def test_the_owner_handles_feedback_and_the_agent_sees_the_answer(agent, editor, make_user, passport):
    feedback = services.give_feedback(actor=agent, vac=passport, kind="onjuist")
    stranger = make_user(Role.EDITOR)

    with pytest.raises(PermissionDenied):
        services.handle_feedback(feedback=feedback, actor=stranger, status="afgehandeld", answer="Gedaan")
    with pytest.raises(ValidationError, match="Schrijf wat er"):
        services.handle_feedback(feedback=feedback, actor=editor, status="afgehandeld", answer=" ")
    services.handle_feedback(feedback=feedback, actor=editor, status="in_behandeling", answer="")
    services.handle_feedback(feedback=feedback, actor=editor, status="afgehandeld", answer="Prijs aangepast.")

    given = selectors.feedback_given_by(agent).get()
    assert given.task.status == "afgehandeld" and given.task.resolution == "Prijs aangepast."
    assert list(selectors.feedback_inbox(editor)) == []
    assert list(selectors.feedback_inbox(editor, open_only=False)) == [feedback]


def test_a_beheerder_may_handle_any_feedback(agent, admin_user, passport):
    feedback = services.give_feedback(actor=agent, vac=passport, kind="onjuist")
    assert selectors.can_handle_feedback(admin_user, feedback)
    assert list(selectors.feedback_inbox(admin_user)) == [feedback]
    assert not selectors.can_handle_feedback(agent, feedback)


# --- Review reminders ---------------------------------------------------------------------


def test_review_reminders_create_one_task_and_one_mail_per_overdue_vac(editor, smtp_settings):
    editor.email = "roos@demodam.nl"
    editor.save()
    overdue = make_vac(owner=editor, review_date=today() - timedelta(days=1))
    make_vac("Niet verlopen", owner=editor, review_date=today() + timedelta(days=1))
    make_vac("Non-actief", owner=editor, review_date=today() - timedelta(days=9), status=VAC.Status.INACTIVE)

    assert send_review_reminders.call_local() == 1
    assert send_review_reminders.call_local() == 0  # idempotent: the open task is enough

    task = Task.objects.get(kind="vac_toetsing")
    assert (task.assignee, task.subject_id, task.status) == (editor, str(overdue.pk), "open")
    message = OutboxMessage.objects.get()
    assert message.to == ["roos@demodam.nl"] and overdue.vraag in message.subject
    outbox.deliver_pending()
    assert len(smtp_settings.messages) == 1
    assert f"/kennisbank/vacs/{overdue.pk}/bewerken/" in smtp_settings.messages[0].get_payload()


def test_saving_a_new_review_date_closes_the_review_task(editor):
    vac = make_vac(owner=editor, review_date=today())
    services.create_review_reminders()
    services.save_vac(vac=vac, actor=editor, review_date=today() + timedelta(days=180))

    task = Task.objects.get(kind="vac_toetsing")
    assert task.status == "afgehandeld" and "nieuwe toetsdatum" in task.resolution
    services.create_review_reminders()
    assert Task.objects.filter(kind="vac_toetsing").count() == 1


def test_a_unit_owned_vac_reminds_the_unit_by_its_mailbox():
    unit = OrganisationUnit.objects.create(code="bmv", name="BMV", kind="afdeling", email="bmv@demodam.nl")
    make_vac(owner_unit=unit, review_date=today() - timedelta(days=3))
    services.create_review_reminders()
    assert Task.objects.get(kind="vac_toetsing").unit == unit
    assert OutboxMessage.objects.get().to == ["bmv@demodam.nl"]


# --- VAC's, versions, deletion -------------------------------------------------------------


def test_version_history_lists_what_each_version_changed(editor, passport):
    services.save_vac(vac=passport, actor=editor, antwoord="<p>Nieuw antwoord<script>x</script></p>", status="actief")
    changes = selectors.version_history(passport)
    assert [c.version.version for c in changes] == [2, 1]
    assert changes[0].changed_fields == ["antwoord"]
    assert changes[0].version.snapshot["antwoord"] == "<p>Nieuw antwoord</p>"
    assert changes[1].changed_fields == ["aangemaakt"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "", "ftp://x"])
def test_links_must_be_web_mail_or_phone_addresses(url):
    with pytest.raises(ValidationError, match="geen geldig webadres"):
        make_vac(links=[{"label": "Klik", "url": url}])
    assert not VAC.objects.exists()
    assert make_vac(links=[{"url": "tel:140123"}]).links == [{"label": "tel:140123", "url": "tel:140123"}]


def test_editor_vacs_are_mine_or_my_units(editor, make_user):
    unit = OrganisationUnit.objects.create(code="kcc", name="KCC", kind="afdeling")
    editor.unit = unit
    editor.save()
    mine = make_vac("Mijn VAC", owner=editor)
    units = make_vac("Van mijn afdeling", owner_unit=unit)
    make_vac("Van een ander", owner=make_user(Role.EDITOR))

    assert set(selectors.editor_vacs(editor)) == {mine, units}
    assert selectors.editor_vacs(editor, mine_only=False).count() == 3


def test_deleting_a_vac_keeps_feedback_and_search_logs(agent, editor, passport):
    log, _ = services.search_and_log(query="paspoort", channel=SearchLog.Channel.AGENT, user=agent)
    services.record_opened(search_log=log, vac=passport)
    feedback = services.give_feedback(actor=agent, vac=passport, kind="verouderd")

    services.delete_vac(vac=passport, actor=editor)

    feedback.refresh_from_db()
    log.refresh_from_db()
    assert feedback.vac is None and log.opened_vac is None
    _, results = services.search_and_log(query="paspoort", channel=SearchLog.Channel.AGENT, user=editor)
    assert results == []


# --- News ---------------------------------------------------------------------------------


def test_news_window_read_marking_and_unread_important_count(agent, make_user):
    now = timezone.now()
    author = make_user(Role.TEAMLEADER)
    important = services.save_news(
        actor=author,
        title="Belastingweek",
        body="<p>Druk<script>alert(1)</script></p>",
        importance="belangrijk",
        published_from=now - timedelta(hours=1),
    )
    services.save_news(actor=author, title="Gewoon", body="<p>x</p>", published_from=now - timedelta(hours=1))
    services.save_news(actor=author, title="Later", body="<p>x</p>", published_from=now + timedelta(days=1))
    services.save_news(
        actor=author,
        title="Voorbij",
        body="<p>x</p>",
        importance="belangrijk",
        published_from=now - timedelta(days=3),
        published_until=now - timedelta(days=1),
    )

    assert important.body == "<p>Druk</p>"
    assert [(n.title, n.is_read) for n in selectors.news_for(agent)] == [("Belastingweek", False), ("Gewoon", False)]
    assert selectors.unread_important_count(agent) == 1
    services.mark_news_read(news=important, user=agent)
    services.mark_news_read(news=important, user=agent)
    assert selectors.unread_important_count(agent) == 0
    assert selectors.all_news().get(pk=important.pk).read_count == 1


def test_news_that_ends_before_it_starts_is_refused(agent):
    now = timezone.now()
    with pytest.raises(ValidationError, match="na het begin"):
        services.save_news(actor=agent, title="Fout", body="<p>x</p>", published_from=now, published_until=now)
    assert not NewsItem.objects.exists()
