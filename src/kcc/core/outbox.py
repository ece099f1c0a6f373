"""The transactional outbox: messages are rows written with the change that caused them.

A service calls :func:`enqueue_email` inside its own transaction; if that transaction rolls
back, the message never existed. The worker (:func:`deliver_pending`) sends committed messages,
retrying with back-off, and claims each row before sending so two workers never both send it.

After :data:`MAX_ATTEMPTS` (about four hours) a message is given up: it is a dead letter
(status ``failed``, ``failed_at``), shown to the beheerder (header badge, admin list with a
re-queue action, :func:`requeue`, audited) and reported in one batched e-mail per interval
(:func:`alert_dead_letters`). That alert is itself never reported, so a failing alert cannot loop.
"""

from __future__ import annotations

import base64
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kcc.core import audit
from kcc.core.config import kcc_setting
from kcc.core.models import OutboxMessage, User
from kcc.core.roles import Role
from kcc.core.theme import profile
from kcc.core.workspace import HeaderBadge

MAX_ATTEMPTS = 8
ALERT_KEY_PREFIX = "outbox:mislukt:"
ALERT_LISTED = 50


def complaint_procedure_footer() -> str:
    """The standard reference to the complaint procedure carried by every outgoing message."""
    return render_to_string(
        "core/email_footer.txt",
        {"municipality": settings.KCC_MUNICIPALITY_NAME, "base_url": settings.KCC_BASE_URL, "phone": profile().phone},
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
            email.attach(attachment["filename"], base64.b64decode(attachment["content_base64"]), attachment["mimetype"])
        try:
            email.send(fail_silently=False)
        except Exception as error:
            failed = attempts >= MAX_ATTEMPTS
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                next_attempt_at=timezone.now() + timedelta(minutes=2**attempts),
                failed_at=timezone.now() if failed else None,
            )
            continue
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    return sent


# --- dead letters ------------------------------------------------------------------------------


def alert_recipients() -> list[str]:
    """``KCC_OUTBOX_ALERT_EMAIL`` (comma-separated); not set: the active beheerders' addresses."""
    configured = [part.strip() for part in kcc_setting("KCC_OUTBOX_ALERT_EMAIL", "").split(",") if part.strip()]
    if configured:
        return configured
    beheerders = User.objects.filter(groups__name=Role.ADMIN.value, is_active=True).exclude(email="")
    return sorted(set(beheerders.values_list("email", flat=True)))


def alert_interval() -> timedelta:
    """At most one dead-letter e-mail per interval (``KCC_OUTBOX_ALERT_INTERVAL_MINUTES``, 60)."""
    return timedelta(minutes=int(kcc_setting("KCC_OUTBOX_ALERT_INTERVAL_MINUTES", "60")))


def dead_letters():
    """Given-up messages, newest first (the alerts about them included: they are shown, not mailed)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).order_by("-failed_at", "-pk")


@transaction.atomic
def alert_dead_letters() -> OutboxMessage | None:
    """One e-mail listing every dead letter not yet reported, at most once per interval."""
    pending = list(
        OutboxMessage.objects.select_for_update()
        .filter(status=OutboxMessage.Status.FAILED, alerted_at__isnull=True)
        .exclude(key__startswith=ALERT_KEY_PREFIX)
        .order_by("failed_at", "pk")
    )
    to = alert_recipients()
    if not pending or not to:
        return None
    now = timezone.now()
    if OutboxMessage.objects.filter(key__startswith=ALERT_KEY_PREFIX, created_at__gt=now - alert_interval()).exists():
        return None
    lines = [
        f"- {timezone.localtime(item.failed_at or now):%d-%m-%Y %H:%M} aan {', '.join(item.to)}: {item.subject}\n"
        f"  fout: {item.last_error[:200]}"
        for item in pending[:ALERT_LISTED]
    ]
    more = len(pending) - ALERT_LISTED
    base = settings.KCC_BASE_URL.rstrip("/")
    alert = enqueue_email(
        key=f"{ALERT_KEY_PREFIX}{now:%Y%m%dT%H%M%S}:{pending[-1].pk}",
        to=to,
        subject=f"KCC: {len(pending)} e-mail(s) niet verstuurd",
        body=(
            f"{len(pending)} uitgaande e-mail(s) konden na {MAX_ATTEMPTS} pogingen niet worden verstuurd:\n\n"
            + "\n".join(lines)
            + (f"\n... en nog {more}." if more > 0 else "")
            + "\n\nBekijk ze en verstuur ze opnieuw in het beheer:\n"
            + f"{base}/beheer/core/outboxmessage/?status__exact=failed"
        ),
    )
    OutboxMessage.objects.filter(pk__in=[item.pk for item in pending]).update(alerted_at=now)
    return alert


@transaction.atomic
def requeue(message: OutboxMessage, *, user: User) -> OutboxMessage:
    """Send a dead letter again (fresh attempts); audited."""
    if not user.has_perm("core.requeue_outboxmessage"):
        raise PermissionDenied("U mag mislukte e-mail niet opnieuw versturen.")
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != OutboxMessage.Status.FAILED:
        raise ValidationError({"status": ["Alleen een mislukte e-mail kan opnieuw worden verstuurd."]})
    message.status, message.attempts, message.next_attempt_at = OutboxMessage.Status.PENDING, 0, timezone.now()
    message.failed_at = message.alerted_at = None
    message.save(update_fields=["status", "attempts", "next_attempt_at", "failed_at", "alerted_at"])
    audit.record(user, "outbox.opnieuw_verzenden", message, aan=message.to, fout=message.last_error[:200])
    transaction.on_commit(_wake_worker)
    return message


def dead_letter_badge(request: HttpRequest) -> HeaderBadge | None:
    """The beheerder's header badge: how many messages were given up, linking to the list."""
    if not request.user.is_authenticated or not request.user.has_perm("core.requeue_outboxmessage"):
        return None
    count = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    url = reverse("admin:core_outboxmessage_changelist") + "?status__exact=failed"
    return HeaderBadge("Mislukte e-mail", count, url, important=True) if count else None
