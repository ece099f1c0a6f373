"""The transactional outbox: messages are rows written with the change that caused them.

A service calls :func:`enqueue_email` inside its own transaction; if that transaction rolls
back, the message never existed. The worker (:func:`deliver_pending`) sends committed messages,
retrying with back-off, and claims each row before sending so two workers never both send it.
"""

from __future__ import annotations

import base64
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from kcc.core.models import OutboxMessage

MAX_ATTEMPTS = 8


def complaint_procedure_footer() -> str:
    """The standard reference to the complaint procedure carried by every outgoing message."""
    return render_to_string(
        "core/email_footer.txt",
        {"municipality": settings.KCC_MUNICIPALITY_NAME, "base_url": settings.KCC_BASE_URL},
    )


Attachment = tuple[str, bytes | str, str]
"""(filename, content, mimetype) of one file sent with a message."""


def enqueue_email(
    *,
    key: str,
    to: list[str],
    subject: str,
    body: str,
    headers: dict | None = None,
    attachments: list[Attachment] | None = None,
    from_email: str = "",
    cc: list[str] | None = None,
) -> OutboxMessage:
    """Queue one e-mail, once per ``key``: enqueueing the same event twice yields the same row.

    Attachments are stored with the row so the message can be sent, or re-sent, exactly as queued.
    """
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "cc": cc or [],
            "from_email": from_email,
            "subject": subject,
            "body": f"{body.rstrip()}\n\n{complaint_procedure_footer()}",
            "headers": headers or {},
            "attachments": [_stored_attachment(*attachment) for attachment in attachments or []],
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        transaction.on_commit(_wake_worker)
    return message


def _stored_attachment(filename: str, content: bytes | str, mimetype: str) -> dict:
    raw = content.encode() if isinstance(content, str) else content
    return {"filename": filename, "mimetype": mimetype, "content_base64": base64.b64encode(raw).decode("ascii")}


def _wake_worker() -> None:
    from kcc.core.tasks import deliver_outbox

    deliver_outbox()


def _claim(message: OutboxMessage) -> bool:
    """Take the row for this worker; False when another worker took it first."""
    claimed = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.PENDING, attempts=message.attempts
    ).update(attempts=message.attempts + 1, next_attempt_at=timezone.now() + timedelta(minutes=10))
    return claimed == 1


def deliver_pending(limit: int = 100) -> int:
    """Send due messages; returns how many were sent."""
    sent = 0
    due = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at")[:limit]
    for message in list(due):
        if not _claim(message):
            continue
        attempts = message.attempts + 1
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            to=message.to,
            cc=message.cc,
            headers={"Message-ID": f"<outbox-{message.pk}@kcc>", **message.headers},
        )
        for attachment in message.attachments:
            email.attach(
                attachment["filename"], base64.b64decode(attachment["content_base64"]), attachment["mimetype"]
            )
        try:
            email.send(fail_silently=False)
        except Exception as error:
            failed = attempts >= MAX_ATTEMPTS
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                next_attempt_at=timezone.now() + timedelta(minutes=2**attempts),
            )
            continue
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    return sent
