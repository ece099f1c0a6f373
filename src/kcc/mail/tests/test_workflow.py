"""Triage, answer with checks, Forward & Track (reply by mail or in the workspace), deadlines,
end states, conversions, and the real outbound path over SMTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kcc.contacten.models import Contactmoment
from kcc.core import outbox
from kcc.core.calendar import add_working_days, today
from kcc.core.models import AuditEntry, OrganisationUnit, OutboxMessage, Task
from kcc.core.roles import Role
from kcc.mail import services
from kcc.mail.models import EndState, Forward, JargonTerm, Message, Thread, UnitMailSettings

pytestmark = pytest.mark.django_db

ANSWER = """Geachte mevrouw De Vries,

Het aanvragen van een paspoort duurt vijf werkdagen. U maakt eerst een afspraak op onze website.
"""


@pytest.fixture
def thread(make_mail) -> Thread:
    return services.ingest(make_mail(message_id="<vraag@example.nl>")).message.thread


@pytest.fixture
def backoffice_user(make_user, unit):
    unit.email = "belastingen@demodam.nl"
    unit.save()
    return make_user(Role.BACKOFFICE, unit=unit, email="bo@demodam.nl")


def test_triage_takes_the_thread_in_hand(thread, agent):
    services.triage(thread, user=agent, kind="vraag")
    thread.refresh_from_db()
    assert (thread.triage, thread.status, thread.assigned_to) == ("vraag", "in_behandeling", agent)
    with pytest.raises(ValidationError):
        services.triage(thread, user=agent, kind="onzin")


def test_spam_triage_closes_with_reason(thread, agent):
    services.triage(thread, user=agent, kind="spam")
    thread.refresh_from_db()
    assert (thread.status, thread.end_state, thread.end_reason) == ("afgesloten", "geen_antwoord_nodig", "Spam")


def test_answer_needs_acknowledged_warnings_then_closes(thread, agent):
    JargonTerm.objects.create(term="legitimatiebewijs", suggestion="paspoort of ID-kaart")
    with pytest.raises(services.ChecksNotAcknowledged) as problem:
        services.send_answer(thread, user=agent, text="Beste Anna,\n\nJe moet je legitimatiebewijs meenemen.")
    codes = {f.code for f in problem.value.report.findings}
    assert {"aanhef", "je_jij", "jargon", "vraag_open"} <= codes
    assert not Message.objects.filter(thread=thread, kind="antwoord").exists()
    message = services.send_answer(thread, user=agent, text="Beste Anna,\n\nJe moet komen.", acknowledged=True)
    assert message.checks["gezien"] is True
    thread.refresh_from_db()
    assert (thread.status, thread.end_state) == ("afgesloten", "beantwoord")
    assert thread.first_answer_at is not None


def test_clean_answer_is_sent_without_acknowledgement(thread, agent):
    message = services.send_answer(thread, user=agent, text=ANSWER)
    assert message.checks["waarschuwingen"] == []
    body = OutboxMessage.objects.get(key=message.outbox_key).body
    assert services.signature() in body
    assert body.count("klacht") >= 1  # the outbox's complaint-procedure footer, once
    contact = Contactmoment.objects.get(pk=thread.contact_id)
    question = contact.questions.get()
    assert contact.ended_at is not None and contact.agent == agent
    assert (question.question_type, question.handling, question.fcr_outcome) == (
        "algemene_vraag",
        "zelf_beantwoord",
        "ja",
    )


def test_only_handlers_answer(thread, make_user):
    with pytest.raises(PermissionDenied):
        services.send_answer(thread, user=make_user(Role.EDITOR), text=ANSWER)


def test_outbound_over_real_smtp_threads_in_the_citizens_client(thread, agent, smtp_settings):
    message = services.send_answer(thread, user=agent, text=ANSWER)
    assert outbox.deliver_pending() >= 2  # acknowledgement and answer
    received = {m["Subject"]: m for m in smtp_settings.messages}
    answer = next(m for subject, m in received.items() if subject.startswith("Re: [KCC"))
    assert answer["Message-ID"] == message.message_id
    assert answer["In-Reply-To"] == "<vraag@example.nl>"
    assert "<vraag@example.nl>" in answer["References"]
    ack = next(m for subject, m in received.items() if subject.startswith("Ontvangstbevestiging"))
    assert ack["Auto-Submitted"] == "auto-replied"
    assert thread.number in ack["Subject"]


def test_forward_and_backoffice_reply_by_mail_returns_to_the_agent(thread, agent, unit, backoffice_user, make_mail):
    item = services.forward(thread, user=agent, unit=unit, note="Graag antwoord over de aanslag.")
    assert item.deadline == add_working_days(today(), 2)
    forward_mail = Message.objects.get(thread=thread, kind="doorsturing")
    assert OutboxMessage.objects.get(key=forward_mail.outbox_key).to == ["belastingen@demodam.nl"]
    reply = services.ingest(
        make_mail(
            sender="Bert Backoffice <bo@demodam.nl>",
            subject=f"RE: Doorgestuurd: [KCC {thread.number}] paspoort",
            body="De aanslag is verminderd.\n\n-----Original Message-----\nVan: KCC",
            message_id="<bo-1@demodam.nl>",
            In_Reply_To=forward_mail.message_id,
        )
    )
    assert reply.status == "toegevoegd" and reply.message.kind == "backoffice"
    item.refresh_from_db()
    thread.refresh_from_db()
    assert item.status == "beantwoord" and item.answer == "De aanslag is verminderd."
    assert thread.status == "antwoord_backoffice"
    services.send_answer(thread, user=agent, text=ANSWER + "\nDe aanslag is verminderd.", acknowledged=True)
    thread.refresh_from_db()
    assert thread.end_state == "beantwoord_door_backoffice"


def test_backoffice_answers_in_the_workspace_direct_mode_closes(thread, agent, unit, backoffice_user, make_user):
    UnitMailSettings.objects.create(unit=unit, answer_days=3, answers_directly=True)
    item = services.forward(thread, user=agent, unit=unit)
    assert item.direct and item.deadline == add_working_days(today(), 3)
    outsider = make_user(Role.BACKOFFICE, unit=OrganisationUnit.objects.create(code="x", name="X", kind="afdeling"))
    with pytest.raises(PermissionDenied):
        services.answer_forward(item, user=outsider, text="Ik niet.")
    services.answer_forward(item, user=backoffice_user, text="Geachte mevrouw De Vries,\n\nUw aanslag is verlaagd.")
    thread.refresh_from_db()
    assert (thread.status, thread.end_state) == ("afgesloten", "beantwoord_door_backoffice")
    sent = Message.objects.get(thread=thread, kind="antwoord")
    assert sent.recipients == ["anna@example.nl"] and sent.cc == ["kcc@demodam.nl"]
    assert AuditEntry.objects.filter(action="mail.backoffice_antwoord").exists()


def test_reminder_before_and_escalation_after_the_deadline(thread, agent, unit, backoffice_user, make_user):
    leader = make_user(Role.TEAMLEADER, email="tl@demodam.nl")
    unit.coordinator = backoffice_user
    unit.save()
    item = services.forward(thread, user=agent, unit=unit)
    before = add_working_days(today(), 1)  # one working day before the deadline
    assert services.process_forward_deadlines(today()) == {"herinneringen": 0, "escalaties": 0}
    assert services.process_forward_deadlines(before) == {"herinneringen": 1, "escalaties": 0}
    assert services.process_forward_deadlines(before) == {"herinneringen": 0, "escalaties": 0}  # once
    after = item.deadline + timedelta(days=1)
    assert services.process_forward_deadlines(after) == {"herinneringen": 0, "escalaties": 1}
    assert services.process_forward_deadlines(after) == {"herinneringen": 0, "escalaties": 0}
    escalation = OutboxMessage.objects.get(key=f"mail:escalatie:{item.pk}")
    assert set(escalation.to) == {"bo@demodam.nl", leader.email}


def test_an_escalation_with_nobody_to_mail_becomes_the_teamleiders_task(thread, agent, unit, make_user):
    leader = make_user(Role.TEAMLEADER, email="")  # the unit has no coordinator and no address either
    item = services.forward(thread, user=agent, unit=unit)
    assert services.process_forward_deadlines(item.deadline + timedelta(days=1)) == {
        "herinneringen": 0,
        "escalaties": 1,
    }
    task = Task.objects.get(kind="mail_escalatie")
    assert task.assignee == leader
    assert "Belastingen heeft geen coördinator en geen e-mailadres" in task.description
    assert thread.number in task.title
    assert not OutboxMessage.objects.filter(key__startswith=f"mail:escalatie:{item.pk}").exists()


def test_thread_cannot_be_closed_without_an_end_state(thread, agent):
    with pytest.raises(ValidationError):
        services.close(thread, user=agent, end_state="")
    with pytest.raises(ValidationError):
        services.close(thread, user=agent, end_state="geen_antwoord_nodig", reason=" ")
    with pytest.raises(ValidationError):
        services.close(thread, user=agent, end_state="omgezet_in_melding")
    with pytest.raises(ValidationError):
        services.close(thread, user=agent, end_state="beantwoord")  # nothing was sent
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(status="afgesloten")
    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(end_state="beantwoord")
    services.close(thread, user=agent, end_state="geen_antwoord_nodig", reason="Bedankje, geen vraag")
    thread.refresh_from_db()
    assert thread.end_state == "geen_antwoord_nodig"
    with pytest.raises(ValidationError):
        services.close(thread, user=agent, end_state="geen_antwoord_nodig", reason="nog eens")


def test_citizen_reply_reopens_a_closed_thread(thread, agent, make_mail):
    services.send_answer(thread, user=agent, text=ANSWER)
    answer = Message.objects.get(thread=thread, kind="antwoord")
    services.ingest(make_mail(message_id="<r2@example.nl>", In_Reply_To=answer.message_id, body="Nog een vraag?"))
    thread.refresh_from_db()
    assert (thread.status, thread.end_state) == ("nieuw", "")


def test_refer_to_external_organisation(thread, agent):
    partner = OrganisationUnit.objects.create(
        code="afval", name="Afvalbedrijf", kind="extern", is_external=True, email="info@afval.example"
    )
    services.refer_external(thread, user=agent, unit=partner)
    thread.refresh_from_db()
    assert thread.end_state == EndState.REFERRED_EXTERNAL and thread.first_answer_at is not None
    assert OutboxMessage.objects.filter(to=["info@afval.example"]).exists()


def test_convert_to_complaint_links_both_ways(make_mail, agent):
    from kcc.klachten.models import Complaint

    thread = services.ingest(
        make_mail(body="Ik heb al drie keer gebeld en nooit antwoord gekregen. Ik wil een klacht indienen.")
    ).message.thread
    with pytest.raises(ValidationError):
        services.convert_to_complaint(thread, user=agent, name="Anna de Vries", address="")
    assert not Complaint.objects.exists()
    complaint = services.convert_to_complaint(
        thread, user=agent, name="Anna de Vries", address="Kerkstraat 1", postcode="1234AB", city="Demodam"
    )
    thread.refresh_from_db()
    assert (complaint.origin_type, complaint.origin_id) == ("mail.thread", str(thread.pk))
    assert (thread.end_state, thread.converted_number) == ("omgezet_in_klacht", complaint.number)


def test_convert_to_melding_links_both_ways(make_mail, agent):
    from kcc.core import demo as core_demo
    from kcc.meldingen import demo as meldingen_demo
    from kcc.meldingen import services as meldingen
    from kcc.meldingen.models import Category

    core_demo.load()
    meldingen_demo.load()
    thread = services.ingest(make_mail(body="Er ligt een losse tegel voor Kerkstraat 12.")).message.thread
    category = Category.objects.get(code="wegen-bestrating-losse-tegel")
    melding = services.convert_to_melding(
        thread,
        user=agent,
        category=category,
        location=meldingen.Location(street="Kerkstraat", house_number="12", city="Demodam", lat=51.9225, lon=4.4792),
    )
    thread.refresh_from_db()
    assert (melding.origin_type, melding.origin_id, melding.channel) == ("mail.thread", str(thread.pk), "email")
    assert (thread.end_state, thread.converted_number) == ("omgezet_in_melding", melding.number)
    assert Contactmoment.objects.get(pk=thread.contact_id).questions.get().handling == "melding_gemaakt"


def test_withdrawn_forwards_when_closed(thread, agent, unit, backoffice_user):
    item = services.forward(thread, user=agent, unit=unit)
    services.close(thread, user=agent, end_state="beantwoord", reason="Telefonisch beantwoord")
    item.refresh_from_db()
    assert item.status == Forward.Status.WITHDRAWN


def test_backoffice_answers_the_citizen_directly_by_mail_with_kcc_in_cc(
    thread, agent, unit, backoffice_user, make_mail
):
    UnitMailSettings.objects.create(unit=unit, answers_directly=True)
    item = services.forward(thread, user=agent, unit=unit)
    forward_body = OutboxMessage.objects.get(key=f"mail:doorsturing:{item.pk}").body
    secret_cc = f"kcc+{item.secret}@demodam.nl"  # proves the copy belongs to this forward
    assert "Beantwoordt u de inwoner zelf" in forward_body and secret_cc in forward_body
    copy = services.ingest(
        make_mail(
            sender="Bert Backoffice <bo@demodam.nl>",
            to="anna@example.nl",
            Cc=secret_cc,
            subject=f"Uw vraag [KCC {thread.number}]",
            body="Geachte mevrouw De Vries,\n\nUw aanslag is verlaagd.",
            message_id="<direct@demodam.nl>",
        )
    )
    assert copy.message.kind == "backoffice" and copy.message.thread_id == thread.pk
    thread.refresh_from_db()
    item.refresh_from_db()
    assert (thread.end_state, item.status) == ("beantwoord_door_backoffice", "beantwoord")
    assert thread.first_answer_at is not None
