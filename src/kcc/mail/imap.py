"""Polling shared mailboxes over IMAP: each message is read once, none is skipped.

The mailbox remembers UIDVALIDITY and the last UID it registered. A poll fetches the UIDs above
it in order, registers each message (:func:`kcc.mail.services.ingest`, which deduplicates on
Message-ID), leaves the message as configured (flag \\Seen, or MOVE to a folder) and only then
advances the UID. A poll that breaks off half-way is resumed by the next one: a message that was
registered but not yet marked is fetched again and recognised as a duplicate.

A message whose intake killed the process (memory, a crash) would be fetched again at every poll:
before each intake the mailbox notes the UID and counts the attempt, and once a UID has been
tried :data:`MAX_INTAKE_ATTEMPTS` times it is kept raw and quarantined without being parsed.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils import timezone

from kcc.mail import conf, passwords, services
from kcc.mail.models import Mailbox

TIMEOUT_SECONDS = 60
MAX_INTAKE_ATTEMPTS = 2
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


@dataclass
class PollResult:
    mailbox: str
    fetched: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    error: str = ""


class MailboxError(Exception):
    pass


def _check(response: tuple, what: str) -> list:
    status, data = response
    if status != "OK":
        raise MailboxError(f"{what}: {status} {data!r}")
    return data


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    cls = imaplib.IMAP4_SSL if mailbox.use_ssl else imaplib.IMAP4
    client = cls(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)
    _check(client.login(mailbox.username, passwords.decrypt(mailbox.password_encrypted)), "LOGIN")
    return client


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _uid_validity(client: imaplib.IMAP4, folder: str) -> int:
    _check(client.select(_quote(folder)), f"SELECT {folder}")
    values = client.response("UIDVALIDITY")[1]
    if values and values[0]:
        return int(values[0])
    found = _UIDVALIDITY.search(b" ".join(_check(client.status(_quote(folder), "(UIDVALIDITY)"), "STATUS")))
    if not found:
        raise MailboxError("The server reports no UIDVALIDITY")
    return int(found.group(1))


def _leave(client: imaplib.IMAP4, mailbox: Mailbox, uid: bytes) -> None:
    if mailbox.after_read == Mailbox.AfterRead.MOVE:
        if b"MOVE" in b" ".join(_check(client.capability(), "CAPABILITY")).split():
            _check(client.uid("MOVE", uid, _quote(mailbox.move_to)), "MOVE")
        else:
            _check(client.uid("COPY", uid, _quote(mailbox.move_to)), "COPY")
            _check(client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
            _check(client.expunge(), "EXPUNGE")
    else:
        _check(client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)"), "STORE")


def _raw_of(data: list) -> bytes | None:
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def _note_attempt(mailbox: Mailbox, uid: int) -> str:
    """Count an intake attempt of ``uid`` (committed before parsing); the quarantine reason when
    earlier attempts broke off, else ''."""
    attempts = mailbox.pending_attempts + 1 if mailbox.pending_uid == uid else 1
    with transaction.atomic():
        Mailbox.objects.filter(pk=mailbox.pk).update(pending_uid=uid, pending_attempts=attempts)
    mailbox.pending_uid, mailbox.pending_attempts = uid, attempts
    if attempts > MAX_INTAKE_ATTEMPTS:
        return f"De verwerking van dit bericht brak {attempts - 1} keer af; het is ongelezen bewaard."
    return ""


def poll(
    mailbox: Mailbox,
    *,
    limit: int | None = None,
    after_message: Callable[[imaplib.IMAP4, int], None] | None = None,
) -> PollResult:
    """Register new messages of one mailbox. ``after_message(client, count)`` runs after each one."""
    result = PollResult(mailbox=mailbox.name)
    client = connect(mailbox)
    try:
        if mailbox.after_read == Mailbox.AfterRead.MOVE:
            client.create(_quote(mailbox.move_to))  # NO when it exists: fine
        validity = _uid_validity(client, mailbox.folder)
        if mailbox.uid_validity != validity:
            # A new mailbox, or the server renumbered it: read it all again (Message-ID dedup).
            mailbox.uid_validity, mailbox.last_uid = validity, 0
            mailbox.save(update_fields=["uid_validity", "last_uid"])
        data = _check(client.uid("SEARCH", None, f"UID {mailbox.last_uid + 1}:*"), "SEARCH")
        uids = sorted(int(uid) for uid in b" ".join(data).split() if int(uid) > mailbox.last_uid)
        for uid in uids[:limit] if limit is not None else uids:
            fetched = _check(client.uid("FETCH", str(uid), "(BODY.PEEK[])"), "FETCH")
            raw = _raw_of(fetched)
            if raw is not None:
                outcome = services.ingest(raw, quarantine_reason=_note_attempt(mailbox, uid))
                result.statuses[outcome.status] = result.statuses.get(outcome.status, 0) + 1
                result.fetched += 1
                _leave(client, mailbox, str(uid).encode())
            with transaction.atomic():
                Mailbox.objects.filter(pk=mailbox.pk).update(last_uid=uid, pending_uid=None, pending_attempts=0)
            mailbox.last_uid, mailbox.pending_uid, mailbox.pending_attempts = uid, None, 0
            if after_message is not None:
                after_message(client, result.fetched)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
    return result


def env_mailbox() -> Mailbox | None:
    """The mailbox of ``KCC_MAIL_IMAP_URL`` (imap[s]://user:password@host[:port][/FOLDER]), kept as a row."""
    url = conf.imap_url()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"imap", "imaps"} or not parts.hostname or not parts.username:
        raise MailboxError("KCC_MAIL_IMAP_URL must look like imaps://user:password@host:993/INBOX")
    mailbox, _ = Mailbox.objects.get_or_create(
        name="omgeving",
        defaults={"host": parts.hostname, "username": unquote(parts.username)},
    )
    mailbox.host, mailbox.username = parts.hostname, unquote(parts.username)
    mailbox.use_ssl = parts.scheme == "imaps"
    mailbox.port = parts.port or (993 if mailbox.use_ssl else 143)
    mailbox.folder = unquote(parts.path.lstrip("/")) or "INBOX"
    mailbox.password_encrypted = passwords.encrypt(unquote(parts.password or ""))
    mailbox.save()
    return mailbox


def poll_all(*, limit: int | None = None) -> list[PollResult]:
    """Poll every active mailbox once; one failing mailbox does not stop the others."""
    env_mailbox()
    results = []
    for mailbox in Mailbox.objects.filter(is_active=True).order_by("pk"):
        try:
            result = poll(mailbox, limit=limit)
        except (MailboxError, imaplib.IMAP4.error, OSError) as problem:
            result = PollResult(mailbox=mailbox.name, error=f"{type(problem).__name__}: {problem}")
        error = result.error
        Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error=error[:2000])
        results.append(result)
    return results
