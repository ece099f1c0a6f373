"""IMAP polling against a real Dovecot on loopback: UID tracking, leaving the mailbox as configured,
and a poll that breaks off half-way (connection closed) resumed without loss or duplicates."""

from __future__ import annotations

import imaplib
import socket

import pytest

from kcc.mail import imap
from kcc.mail.models import Mailbox, Message

pytestmark = pytest.mark.django_db


def _mails(make_mail, count: int, prefix: str = "m") -> list[bytes]:
    return [make_mail(subject=f"Vraag {n}", message_id=f"<{prefix}-{n}@example.nl>") for n in range(count)]


def test_poll_reads_each_message_once_and_marks_it_seen(dovecot, mailbox, make_mail):
    dovecot.append(*_mails(make_mail, 5))
    result = imap.poll(mailbox)
    assert (result.fetched, result.statuses) == (5, {"nieuw": 5})
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 5 and mailbox.uid_validity
    assert dovecot.uids(criterion="UNSEEN") == [] and len(dovecot.uids(criterion="SEEN")) == 5
    assert imap.poll(mailbox).fetched == 0  # nothing is read twice
    dovecot.append(*_mails(make_mail, 2, prefix="later"))
    assert imap.poll(mailbox).fetched == 2
    assert Message.objects.filter(direction="in").count() == 7


def test_poll_moves_to_a_folder_when_configured(dovecot, mailbox, make_mail):
    mailbox.after_read, mailbox.move_to = Mailbox.AfterRead.MOVE, "Verwerkt"
    mailbox.save()
    dovecot.append(*_mails(make_mail, 3))
    assert imap.poll(mailbox).fetched == 3
    assert dovecot.uids("INBOX") == []
    assert len(dovecot.uids("Verwerkt")) == 3


def test_poll_broken_off_half_way_resumes_without_loss_or_duplicates(dovecot, mailbox, make_mail):
    dovecot.append(*_mails(make_mail, 6))

    def drop_connection(client: imaplib.IMAP4, count: int) -> None:
        if count == 3:
            client.sock.shutdown(socket.SHUT_RDWR)  # the network goes away in the middle of the poll

    with pytest.raises((imaplib.IMAP4.abort, OSError)):
        imap.poll(mailbox, after_message=drop_connection)
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 3
    assert Message.objects.filter(direction="in").count() == 3
    result = imap.poll(mailbox)
    assert result.fetched == 3
    ids = list(Message.objects.filter(direction="in").values_list("message_id", flat=True))
    assert sorted(ids) == sorted(f"<m-{n}@example.nl>" for n in range(6))


def test_poll_with_a_limit_then_resume(dovecot, mailbox, make_mail):
    dovecot.append(*_mails(make_mail, 5))
    assert imap.poll(mailbox, limit=2).fetched == 2
    assert imap.poll(mailbox, limit=10).fetched == 3
    assert Message.objects.filter(direction="in").count() == 5


def test_registered_but_not_marked_message_is_a_duplicate_on_resume(dovecot, mailbox, make_mail):
    """The worst moment: registered, then the connection broke before \\Seen and the UID were saved."""
    from kcc.mail import services

    raws = _mails(make_mail, 2)
    dovecot.append(*raws)
    services.ingest(raws[0])  # as if the previous poll died right after registering it
    result = imap.poll(mailbox)
    assert result.statuses == {"duplicaat": 1, "nieuw": 1}
    assert Message.objects.filter(direction="in").count() == 2


def test_uidvalidity_change_rereads_without_duplicates(dovecot, mailbox, make_mail):
    dovecot.append(*_mails(make_mail, 2))
    imap.poll(mailbox)
    Mailbox.objects.filter(pk=mailbox.pk).update(uid_validity=1, last_uid=99)
    mailbox.refresh_from_db()
    result = imap.poll(mailbox)
    assert result.statuses == {"duplicaat": 2}
    mailbox.refresh_from_db()
    assert mailbox.uid_validity != 1 and mailbox.last_uid == 2


def test_poll_all_reports_a_wrong_password_and_continues(dovecot, mailbox, make_mail):
    from kcc.mail import passwords

    Mailbox.objects.create(
        name="kapot",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=False,
        username="kcc",
        password_encrypted=passwords.encrypt("fout"),
    )
    dovecot.append(*_mails(make_mail, 1))
    results = {r.mailbox: r for r in imap.poll_all()}
    assert results["kcc"].fetched == 1 and not results["kcc"].error
    assert results["kapot"].error
    assert Mailbox.objects.get(name="kapot").last_error


def test_mailbox_from_environment(dovecot, settings, make_mail):
    settings.KCC_MAIL_IMAP_URL = f"imap://kcc:{dovecot.password}@127.0.0.1:{dovecot.port}/INBOX"
    dovecot.append(*_mails(make_mail, 1))
    (result,) = imap.poll_all()
    assert (result.mailbox, result.fetched) == ("omgeving", 1)
    assert Mailbox.objects.get(name="omgeving").password_encrypted != dovecot.password
