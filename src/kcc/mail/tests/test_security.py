"""The hostile probe's e-mails (issue 15 items 1 and 2): bounded parsing with quarantine, and
back-office replies that must prove they belong to their forward."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from kcc.core.models import OrganisationUnit, OutboxMessage
from kcc.core.roles import Role
from kcc.mail import imap, parsing, services, storage
from kcc.mail.models import Forward, Message, SuppressedAddress

pytestmark = pytest.mark.django_db


def _headers_mail(extra_headers: str, body: str = "Hallo", content_type: str = "text/plain") -> bytes:
    return (
        "From: Anna de Vries <anna@example.nl>\r\nTo: kcc@demodam.nl\r\n"
        f"Message-ID: <probe-{len(extra_headers)}-{len(body)}@example.nl>\r\n"
        f"{extra_headers}Content-Type: {content_type}; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def _encoded_words_mail(count: int) -> bytes:
    """The probe: a Subject of ``count`` encoded words (100,000 made a 1.7 MB message)."""
    subject = "\r\n ".join("=?utf-8?q?Gr=C3=BC=C3=9Fe?=" for _ in range(count))
    return _headers_mail(f"Subject: {subject}\r\n")


# --- item 1: linear, bounded parsing ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_100000_encoded_words_are_quarantined_by_kcc_mail_receive_under_a_memory_limit(tmp_path):
    """The probe's message drove `kcc mail receive` to 22 GB. Under a 1 GiB address-space limit
    the real command must finish, keep the bytes and quarantine it for the limit."""
    raw = _encoded_words_mail(100_000)
    assert len(raw) > 1_500_000
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "KCC_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "kcc.settings_test",
        "KCC_MAIL_RAW_DIR": str(tmp_path / "raw"),
    }

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))
        resource.setrlimit(resource.RLIMIT_CPU, (120, 120))

    kcc = Path(sys.executable).with_name("kcc")
    done = subprocess.run(
        [str(kcc), "mail", "receive"], input=raw, capture_output=True, env=env, timeout=300, preexec_fn=limits
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert result["status"] == "quarantaine" and "kopregels" in result["reden"]
    message = Message.objects.get(kind=Message.Kind.QUARANTINE)
    assert message.raw_size == len(raw) and "kopregels" in message.quarantine_reason


def test_encoded_words_over_the_count_limit_are_quarantined_with_the_bytes_kept(settings):
    raw = _encoded_words_mail(1_001)  # 24 KB: under the header size limit, over the word limit
    result = services.ingest(raw)
    assert result.status == "quarantaine"
    assert "gecodeerde woorden" in result.message.quarantine_reason
    assert storage.load(result.message.raw_sha256) == raw
    assert result.message.thread_id is None


def test_encoded_words_within_the_limit_are_decoded_in_one_pass():
    parsed = parsing.parse(_encoded_words_mail(1_000))
    assert parsed.subject.startswith("GrüßeGrüßeGrüße")  # whitespace between encoded words dropped
    mixed = _headers_mail("Subject: =?utf-8?b?w6k=?= =?iso-8859-1?q?caf=E9?= en =?utf-8?q?=E2=82?= =?utf-8?q?=AC?=\r\n")
    assert parsing.parse(mixed).subject == "écafé en €"  # a character split over two words survives
    comma = b"From: =?utf-8?q?Vries=2C_Anna_de?= <anna@example.nl>\r\nTo: kcc@demodam.nl\r\nSubject: x\r\n\r\nHallo\r\n"
    parsed = parsing.parse(comma)
    assert (parsed.sender, parsed.sender_name) == ("anna@example.nl", "Vries, Anna de")
    assert parsing.decode_header_value("=?utf-8?b?!!!?= rest") == "=?utf-8?b?!!!?= rest"


def test_a_136_kb_header_is_quarantined():
    header = "".join(f"X-Probe-{n}: {'a' * 120}\r\n" for n in range(1_100))
    raw = _headers_mail(header)
    assert len(raw) > 136_000
    result = services.ingest(raw)
    assert result.status == "quarantaine" and "kopregels" in result.message.quarantine_reason
    assert storage.load(result.message.raw_sha256) == raw


def test_deeply_nested_html_is_quarantined_and_normal_nesting_reads():
    depth = 100_000  # the probe's 1.1 MB of nested <div>s took 264 s
    hostile = _headers_mail("Subject: diep\r\n", "<div>" * depth + "tekst" + "</div>" * depth, "text/html")
    assert len(hostile) > 1_100_000
    result = services.ingest(hostile)
    assert result.status == "quarantaine"
    assert "100000 lagen diep" in result.message.quarantine_reason
    nested = "<table><tr><td>" * 60 + "<p>Mijn vraag</p><br>over afval" + "</td></tr></table>" * 60
    readable = parsing.parse(_headers_mail("Subject: tabellen\r\n", nested, "text/html"))
    assert readable.text == "Mijn vraag\n\nover afval"


def test_the_html_size_limit_holds_for_all_html_parts_together(settings):
    settings.KCC_MAIL_MAX_HTML_CHARS = 10_000
    parts = "".join(f"--b\r\nContent-Type: text/html\r\n\r\n<p>{'x' * 4_000}</p>\r\n" for _ in range(3))
    raw = _headers_mail("Subject: html\r\n", parts + "--b--", 'multipart/alternative; boundary="b"')
    with pytest.raises(parsing.LimitExceeded, match="HTML-tekst is groter"):
        parsing.parse(raw)


def test_html_to_text_stays_linear_on_unclosed_tags():
    """`<br` without `>` 200,000 times made the block-end pattern rescan to the end each time."""
    text = parsing.html_to_text("<p>begin" + "<br x" * 200_000 + " einde</p>")
    assert text.startswith("begin")


def test_many_parts_and_many_containers_are_quarantined():
    parts = "".join(f"--b\r\nContent-Type: text/plain\r\n\r\ndeel {n}\r\n" for n in range(2_000))
    many = _headers_mail("Subject: delen\r\nMIME-Version: 1.0\r\n", parts + "--b--", 'multipart/mixed; boundary="b"')
    result = services.ingest(many)
    assert result.status == "quarantaine" and "onderdelen" in result.message.quarantine_reason
    nested = "".join(f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n' for n in range(60))
    deep = b"From: f@example.nl\r\nSubject: diep\r\n" + nested.encode() + b"Content-Type: text/plain\r\n\r\nx\r\n"
    result = services.ingest(deep)
    assert result.status == "quarantaine" and "MIME-onderdelen" in result.message.quarantine_reason


def test_imap_marks_a_quarantined_message_seen_and_never_fetches_it_again(dovecot, mailbox, make_mail):
    dovecot.append(_encoded_words_mail(100_000), make_mail(message_id="<na-de-aanval@example.nl>"))
    result = imap.poll(mailbox)
    assert result.statuses == {"quarantaine": 1, "nieuw": 1}
    assert dovecot.uids(criterion="UNSEEN") == []
    assert imap.poll(mailbox).fetched == 0


def test_imap_quarantines_a_message_whose_intake_broke_off_twice(dovecot, mailbox, make_mail):
    """Two polls died while reading UID 1 (noted before parsing): the third keeps it unread."""
    raw = make_mail(message_id="<doodt-de-worker@example.nl>")
    dovecot.append(raw)
    mailbox.pending_uid, mailbox.pending_attempts = 1, imap.MAX_INTAKE_ATTEMPTS
    mailbox.save()
    assert imap.poll(mailbox).statuses == {"quarantaine": 1}
    message = Message.objects.get()
    assert message.is_quarantined and "brak 2 keer af" in message.quarantine_reason
    assert storage.load(message.raw_sha256).replace(b"\r\n", b"\n") == raw  # IMAP delivers CRLF
    mailbox.refresh_from_db()
    assert (mailbox.last_uid, mailbox.pending_uid, mailbox.pending_attempts) == (1, None, 0)


# --- item 2: forged back-office replies ------------------------------------------------------


@pytest.fixture
def belastingen(db) -> OrganisationUnit:
    return OrganisationUnit.objects.create(
        code="belastingen", name="Belastingen", kind="afdeling", email="belastingen@demodam.nl"
    )


@pytest.fixture
def forwarded(make_mail, agent, belastingen) -> Forward:
    thread = services.ingest(make_mail(message_id="<vraag@example.nl>")).message.thread
    return services.forward(thread, user=agent, unit=belastingen)


def _forward_mail(item: Forward) -> Message:
    return item.messages.get(kind=Message.Kind.FORWARD)


def _assert_open(item: Forward) -> None:
    item.refresh_from_db()
    item.thread.refresh_from_db()
    assert item.status == Forward.Status.OPEN and item.answer == ""
    assert not item.thread.is_closed and item.thread.status == "doorgestuurd"


def test_the_probes_forged_reply_is_unverified_and_never_closes_the_thread(client, make_mail, forwarded, agent):
    thread = forwarded.thread
    forged = make_mail(
        sender="Belastingen <belastingen@demodam.nl>",
        to=f"kcc@demodam.nl, {thread.sender_email}",
        subject=f"Re: [KCC {thread.number}] Uw vraag",
        body="Uw teruggave staat klaar: https://demodam-teruggave.example/inloggen",
        message_id="<forged@attacker.example>",
    )
    result = services.ingest(forged)
    assert (result.status, result.message.kind) == ("toegevoegd", Message.Kind.UNVERIFIED)
    assert result.message.thread_id == thread.pk and "geheime kenmerk" in result.message.verification
    _assert_open(forwarded)
    client.force_login(agent)
    assert "1 niet bevestigd bericht (beoordelen)" in client.get("/mail/?lijst=doorgestuurd").content.decode()
    page = client.get(f"/mail/{thread.number}/").content.decode()
    assert 'data-testid="unverified"' in page and "Niet bevestigd" in page
    assert 'data-testid="backoffice-answer"' not in page
    api = client.get(f"/api/v1/mail/berichten/{result.message.number}/").json()
    assert api["soort"] == "onbevestigd" and "geheime kenmerk" in api["controle_backoffice"]


def test_the_forward_carries_its_secret_only_to_the_back_office(forwarded, agent):
    sent = OutboxMessage.objects.get(key=f"mail:doorsturing:{forwarded.pk}")
    assert sent.headers["Reply-To"] == f"kcc+{forwarded.secret}@demodam.nl"
    text = "Geachte mevrouw De Vries,\n\nHier is het antwoord."
    services.send_answer(forwarded.thread, user=agent, text=text, acknowledged=True)
    answer = OutboxMessage.objects.filter(key__startswith="mail:antwoord:").get()
    assert _forward_mail(forwarded).message_id not in answer.headers.get("References", "")
    assert forwarded.secret not in json.dumps(answer.headers) + answer.body


def test_a_genuine_reply_through_imap_counts(dovecot, mailbox, make_mail, forwarded):
    reply = make_mail(
        sender="Bert <belastingen@demodam.nl>",
        to=f"kcc+{forwarded.secret}@demodam.nl",
        subject=f"RE: Doorgestuurd: [KCC {forwarded.thread.number}] Vraag",
        body="De aanslag is verlaagd.\n\n> oud citaat",
        message_id="<echt-imap@demodam.nl>",
        In_Reply_To=_forward_mail(forwarded).message_id,
    )
    dovecot.append(reply)
    assert imap.poll(mailbox).statuses == {"toegevoegd": 1}
    message = Message.objects.get(message_id="<echt-imap@demodam.nl>")
    assert message.kind == Message.Kind.BACKOFFICE and "Bevestigd" in message.verification
    forwarded.refresh_from_db()
    assert forwarded.status == Forward.Status.ANSWERED and forwarded.answer == "De aanslag is verlaagd."
    assert forwarded.thread.status == "antwoord_backoffice"


def test_a_genuine_reply_through_kcc_mail_receive_counts_by_its_reply_to_address(monkeypatch, make_mail, forwarded):
    """No In-Reply-To (a new message to the Reply-To address): the secret alone proves it."""
    reply = make_mail(
        sender="belastingen@demodam.nl",
        to=f"KCC+{forwarded.secret.upper()}@demodam.nl".lower(),
        subject="Antwoord",
        body="Betaald op 3 december.",
        message_id="<echt-pipe@demodam.nl>",
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(reply)))
    out = io.StringIO()
    call_command("mail", "receive", stdout=out)
    assert json.loads(out.getvalue())["status"] == "toegevoegd"
    forwarded.refresh_from_db()
    assert forwarded.status == Forward.Status.ANSWERED and forwarded.answered_by_email == "belastingen@demodam.nl"


def _secret_reply(item: Forward, make_mail, results: str, message_id: str) -> Message:
    raw = make_mail(
        sender="belastingen@demodam.nl",
        to=f"kcc+{item.secret}@demodam.nl",
        subject=f"Re: [KCC {item.thread.number}]",
        body="Antwoord van de backoffice.",
        message_id=message_id,
        **({"Authentication_Results": results} if results else {}),
    )
    return services.ingest(raw).message


def test_a_reply_with_the_secret_but_failing_authentication_results_is_unverified(make_mail, forwarded):
    failing = (
        "mx.demodam.nl; spf=fail smtp.mailfrom=belastingen@demodam.nl; dkim=none; dmarc=fail header.from=demodam.nl"
    )
    message = _secret_reply(forwarded, make_mail, failing, "<geheim-maar-vervalst@x.example>")
    assert message.kind == Message.Kind.UNVERIFIED and "dmarc=fail" in message.verification
    _assert_open(forwarded)


def test_required_authentication_results_must_pass_from_our_own_mta(settings, make_mail, forwarded):
    settings.KCC_MAIL_REQUIRE_AUTH_RESULTS = True
    settings.KCC_MAIL_AUTHSERV_ID = "mx.demodam.nl"
    assert _secret_reply(forwarded, make_mail, "", "<zonder@demodam.nl>").kind == Message.Kind.UNVERIFIED
    forged_pass = "evil.example; dmarc=pass header.from=demodam.nl"
    assert _secret_reply(forwarded, make_mail, forged_pass, "<eigen-ar@demodam.nl>").kind == Message.Kind.UNVERIFIED
    _assert_open(forwarded)
    passing = "mx.demodam.nl; spf=pass smtp.mailfrom=belastingen@demodam.nl; dkim=pass header.d=demodam.nl"
    assert _secret_reply(forwarded, make_mail, passing, "<echt@demodam.nl>").kind == Message.Kind.BACKOFFICE
    forwarded.refresh_from_db()
    assert forwarded.status == Forward.Status.ANSWERED


def test_a_back_office_user_address_without_the_secret_is_unverified(make_mail, make_user, forwarded):
    make_user(Role.BACKOFFICE, unit=forwarded.unit, email="piet@demodam.nl")
    raw = make_mail(
        sender="piet@demodam.nl",
        subject=f"[KCC {forwarded.thread.number}]",
        body="Klaar.",
        message_id="<piet@demodam.nl>",
    )
    assert services.ingest(raw).message.kind == Message.Kind.UNVERIFIED
    _assert_open(forwarded)


# --- item 7: bounces of our automatic replies ------------------------------------------------


def _bounce(original: Message, recipient: str, status: str = "5.1.1", message_id: str = "<dsn@mx.example>") -> bytes:
    return (
        "From: MAILER-DAEMON@mx.demodam.nl\r\nTo: kcc@demodam.nl\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {message_id}\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"\r\n\r\n'
        "--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n"
        "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.demodam.nl\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: {status}\r\n\r\n"
        f"--r\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {original.message_id}\r\n"
        "Subject: Ontvangstbevestiging\r\n\r\n--r--\r\n"
    ).encode()


def test_a_hard_bounce_of_an_acknowledgement_suppresses_further_auto_replies(make_mail):
    first = services.ingest(make_mail(sender="weg@kapot.example", message_id="<1@kapot.example>")).message.thread
    ack = first.messages.get(kind=Message.Kind.ACKNOWLEDGEMENT)
    bounce = services.ingest(_bounce(ack, "weg@kapot.example"))
    assert (bounce.message.thread_id, bounce.message.kind) == (first.pk, Message.Kind.AUTOMATIC)
    assert SuppressedAddress.objects.filter(email="weg@kapot.example").exists()
    again = services.ingest(make_mail(sender="weg@kapot.example", subject="Nog een", message_id="<2@kapot.example>"))
    assert not again.message.thread.acknowledged
    assert "harde bounce" in again.message.thread.no_acknowledgement_reason
    assert OutboxMessage.objects.filter(key__startswith="mail:bevestiging:").count() == 1


def test_a_bounce_cannot_suppress_an_address_the_message_was_not_sent_to(make_mail):
    thread = services.ingest(make_mail(message_id="<anna@example.nl>")).message.thread
    ack = thread.messages.get(kind=Message.Kind.ACKNOWLEDGEMENT)
    services.ingest(_bounce(ack, "iemand-anders@example.nl"))
    services.ingest(_bounce(ack, "anna@example.nl", status="4.2.2", message_id="<soft@mx.example>"))
    assert not SuppressedAddress.objects.exists()
