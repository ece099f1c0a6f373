"""What the e-mail channel adds to the workspace: a header badge and a klantbeeld block."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from kcc.core.workspace import HeaderBadge


def open_mail_badge(request: HttpRequest) -> HeaderBadge | None:
    from kcc.mail.selectors import open_count

    user = request.user
    if not user.is_authenticated or not user.has_perm("mail.handle_thread"):
        return None
    count = open_count(user)
    return HeaderBadge("Nieuwe e-mail", count, reverse("mail:queue")) if count else None


def klantbeeld_threads(keys) -> dict | None:
    """The caller's e-mail threads (by e-mail address) in the klantbeeld."""
    from kcc.mail.selectors import threads_for_sender

    threads = threads_for_sender(keys.email or "")
    return {"threads": threads} if threads else None


def forward_work(user, day) -> list:
    """Home page: e-mails forwarded to the back-office user or his unit that still await an answer."""
    from django.db.models import Q

    from kcc.core.workspace import WorkItem
    from kcc.mail.models import Forward

    if not user.has_perm("mail.answer_forward"):
        return []
    mine = Q(person=user) | Q(unit_id=user.unit_id) if user.unit_id else Q(person=user)
    forwards = Forward.objects.filter(mine, status=Forward.Status.OPEN).select_related("thread").order_by("deadline")
    return [
        WorkItem(
            kind="Doorgestuurde e-mail",
            title=f"E-mail {forward.thread.number}: {forward.thread.subject}"[:200],
            url=reverse("mail:forward", args=[forward.pk]),
            deadline=forward.deadline,
        )
        for forward in forwards[:50]
    ]
