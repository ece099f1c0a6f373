"""The two clocks of a workspace session: idle time and age since log-in (KCC_SESSION_*)."""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

LOGGED_IN_AT = "kcc_logged_in_at"
LAST_SEEN_AT = "kcc_last_seen_at"
ENDED_BECAUSE = "kcc_session_ended"
# Writing the session on every request would cost a database write per click; a minute is precise enough.
TOUCH_EVERY_SECONDS = 60


def start(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[LOGGED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def expiry_reason(request: HttpRequest) -> str | None:
    """``"inactief"`` or ``"maximum"`` when the session is over, else None (and the idle clock is reset)."""
    now = int(time.time())
    logged_in_at = request.session.get(LOGGED_IN_AT)
    last_seen_at = request.session.get(LAST_SEEN_AT)
    if logged_in_at is None or last_seen_at is None:
        # A session from before these clocks existed starts them now.
        start(request)
        return None
    if now - logged_in_at > settings.KCC_SESSION_MAX_HOURS * 3600:
        return "maximum"
    if now - last_seen_at > settings.KCC_SESSION_IDLE_MINUTES * 60:
        return "inactief"
    if now - last_seen_at >= TOUCH_EVERY_SECONDS:
        request.session[LAST_SEEN_AT] = now
    return None
