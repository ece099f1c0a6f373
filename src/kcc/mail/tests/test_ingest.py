"""Inbound: raw kept, deduplicated (also concurrently), threaded, acknowledged or not, quarantined."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kcc.contacten.models import Contactmoment
from kcc.core.calendar import add_working_days, today
from kcc.core.models import OutboxMessage
from kcc.mail import services, storage
from kcc.mail.models import Message, Thread
from kcc.mail.tests.conftest import CORPUS

pytestmark = pytest.mark.django_db


def test_new_mail_is_a_thread_a_contactmoment_and_acknowledged(make_mail):
    raw = make_mail(message_id="<vraag-1@example.nl>")
    result = services.ingest(raw)
    assert result.status == "nieuw"
    thread = result.message.thread
    assert result.as_json() == {"nummer": result.message.number, "status": "nieuw", "thread": thread.number}
    assert thread.number.startswith("E-") and thread.sender_email == "anna@example.nl"
    assert storage.load(result.message.raw_sha256) == raw  # unchanged bytes
    contact = Contactmoment.objects.get(pk=thread.contact_id)
    assert (contact.channel, contact.email, contact.ended_at) == ("email", "anna@example.nl", None)
    assert thread.answer_due == add_working_days(today(), 2)
    ack = OutboxMessage.objects.get(key=f"mail:bevestiging:{thread.pk}")
    assert ack.to == ["anna@example.nl"]
    assert thread.number in ack.subject and thread.answer_due.strftime("%d-%m-%Y") in ack.body
    assert ack.headers["In-Reply-To"] == "<vraag-1@example.nl>"
    assert ack.headers["Auto-Submitted"] == "auto-replied"
    assert "Geachte mevrouw De Vries," in ack.body  # form of address from the signature
    assert thread.acknowledged


def test_duplicate_message_id_stores_nothing(make_mail):
    raw = make_mail(message_id="<dubbel@example.nl>")
    first = services.ingest(raw)
    counts = (Message.objects.count(), Thread.objects.count(), OutboxMessage.objects.count())
    again = services.ingest(raw)
    assert again.status == "duplicaat" and again.message.pk == first.message.pk
    assert (Message.objects.count(), Thread.objects.count(), OutboxMessage.objects.count()) == counts


@pytest.mark.django_db(transaction=True)
def test_concurrent_delivery_of_the_same_message_yields_one_row(make_mail):
    raw = make_mail(message_id="<tegelijk@example.nl>")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def deliver():
        try:
            barrier.wait()
            results.append(services.ingest(raw).status)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=deliver) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert sorted(results) == ["duplicaat", "duplicaat", "duplicaat", "nieuw"]
    assert Message.objects.filter(message_id="<tegelijk@example.nl>").count() == 1
    assert Thread.objects.count() == 1 and Contactmoment.objects.count() == 1


def test_reply_threads_on_in_reply_to(make_mail):
    first = services.ingest(make_mail(message_id="<a1@example.nl>"))
    ack = Message.objects.get(thread=first.message.thread, kind="bevestiging")
    reply = services.ingest(make_mail(subject="Re: iets", message_id="<a2@example.nl>", In_Reply_To=ack.message_id))
    assert reply.status == "toegevoegd" and reply.message.thread_id == first.message.thread_id
    assert OutboxMessage.objects.filter(key__startswith="mail:bevestiging").count() == 1  # no second ack


def test_reply_threads_on_references_and_on_the_subject_number(make_mail):
    first = services.ingest(make_mail(message_id="<b1@example.nl>"))
    thread = first.message.thread
    by_references = services.ingest(make_mail(message_id="<b2@example.nl>", References="<x@y> <b1@example.nl>"))
    assert by_references.message.thread_id == thread.pk
    by_subject = services.ingest(make_mail(subject=f"Aanvulling [KCC {thread.number}]", message_id="<b3@example.nl>"))
    assert by_subject.status == "toegevoegd" and by_subject.message.thread_id == thread.pk
    wrong_year = thread.number.replace(thread.number[2:6], "1999")
    other = services.ingest(make_mail(subject=f"[KCC {wrong_year}]", message_id="<b4@example.nl>"))
    assert other.status == "nieuw"


@pytest.mark.parametrize(
    "name",
    [
        "030-autoreply-auto-submitted.eml",
        "031-autoreply-x-autoreply.eml",
        "032-autoreply-precedence.eml",
        "033-autoreply-outlook-oof.eml",
        "036-bounce-dsn.eml",
        "039-mailinglist.eml",
    ],
)
def test_no_acknowledgement_to_auto_replies_bounces_and_lists(name):
    result = services.ingest((CORPUS / name).read_bytes())
    thread = result.message.thread
    assert result.message.kind == "automatisch"
    assert not thread.acknowledged and thread.no_acknowledgement_reason
    assert not OutboxMessage.objects.exists()


def test_no_acknowledgement_loop(make_mail, settings):
    settings.KCC_MAIL_ACKS_PER_SENDER_PER_DAY = 2
    for number in range(4):
        services.ingest(make_mail(subject=f"Vraag {number}", message_id=f"<loop-{number}@example.nl>"))
    assert OutboxMessage.objects.filter(key__startswith="mail:bevestiging").count() == 2
    own = services.ingest(make_mail(sender="KCC <kcc@demodam.nl>", message_id="<own@demodam.nl>"))
    assert not own.message.thread.acknowledged
    noreply = services.ingest(make_mail(sender="noreply@bank.example", message_id="<nr@bank.example>"))
    assert "no-reply" in noreply.message.thread.no_acknowledgement_reason


def test_bounce_of_our_acknowledgement_lands_in_its_thread(make_mail):
    first = services.ingest(make_mail(message_id="<c1@example.nl>"))
    ack = Message.objects.get(thread=first.message.thread, kind="bevestiging")
    raw = (
        (CORPUS / "036-bounce-dsn.eml")
        .read_bytes()
        .replace(b"<E-2026-000001.bevestiging.bounce36@demodam.nl>", ack.message_id.encode())
    )
    bounce = services.ingest(raw)
    assert bounce.status == "toegevoegd" and bounce.message.thread_id == first.message.thread_id
    assert bounce.message.kind == "automatisch"
    assert OutboxMessage.objects.count() == 1


@pytest.mark.parametrize("name", ["047-broken-no-from.eml", "048-broken-binary-junk.eml"])
def test_unparseable_is_kept_raw_and_quarantined(name):
    raw = (CORPUS / name).read_bytes()
    result = services.ingest(raw)
    assert result.status == "quarantaine" and result.as_json()["thread"] == ""
    assert result.message.quarantine_reason
    assert storage.load(result.message.raw_sha256) == raw
    assert services.ingest(raw).status == "duplicaat"


def test_empty_and_oversized_input_is_quarantined(settings, make_mail):
    assert services.ingest(b"").status == "quarantaine"
    settings.KCC_MAIL_MAX_MESSAGE_BYTES = 100
    result = services.ingest(make_mail())
    assert result.status == "quarantaine" and "groter dan" in result.message.quarantine_reason


def test_attachment_limits(settings, make_mail):
    from email import message_from_bytes, policy

    settings.KCC_MAIL_MAX_ATTACHMENT_BYTES = 1000
    message = message_from_bytes(make_mail(), policy=policy.default)
    message.add_attachment(b"x" * 2000, maintype="application", subtype="pdf", filename="groot.pdf")
    message.add_attachment(b"y" * 10, maintype="application", subtype="pdf", filename="klein.pdf")
    message.add_attachment(b"MZ", maintype="application", subtype="octet-stream", filename="virus.exe")
    result = services.ingest(message.as_bytes())
    refused = {a.filename: a.refused_reason for a in result.message.attachments.all()}
    assert refused["klein.pdf"] == ""
    assert "Groter dan" in refused["groot.pdf"]
    assert ".exe" in refused["virus.exe"]


def test_every_corpus_message_is_registered_without_error():
    statuses = {}
    for path in sorted(CORPUS.glob("*.eml")):
        result = services.ingest(path.read_bytes())
        statuses[path.name] = result.status
    assert statuses["047-broken-no-from.eml"] == "quarantaine"
    assert statuses["000-outlook-html-qp.eml"] == "nieuw"
    assert statuses["054-broken-deep-nesting.eml"] == "quarantaine"  # over the MIME depth limit
    assert list(statuses.values()).count("quarantaine") == 3
