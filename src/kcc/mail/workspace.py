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
