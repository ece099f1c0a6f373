"""Screen-pops over server-sent events: ``GET /telefonie/stroom/`` for the logged-in agent.

Each stream lasts at most :data:`STREAM_SECONDS`, which keeps a gunicorn thread busy for a bounded
time only (``kcc run`` uses threaded workers for this reason). It then ends with an ``einde`` event
naming the last screen-pop sent; the page opens the next stream at once with ``?na=<id>``, so a
call answered during the hand-over waits milliseconds, not the ``retry:`` delay, and nothing is
missed. The ``retry:`` delay (with ``Last-Event-ID``) is only for a stream that broke off.
While open, the stream reads the agent's new screen-pops from a small indexed table.

A refusal (the session ended, the second factor is owed, the user is no agent) is an event stream
too: one ``afgemeld`` event, after which the page stops listening. An EventSource that receives an
HTML page (a log-in redirect, a 403 page) aborts for good with an error in the console, and a
reconnect after a session ends would otherwise be exactly that.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse

from kcc.accounts.selectors import session_owes_second_factor
from kcc.telefonie import selectors

STREAM_SECONDS = 25
POLL_SECONDS = 0.25
KEEPALIVE_SECONDS = 10
RETRY_MS = 1000


def _last_event_id(request: HttpRequest) -> int | None:
    value = request.headers.get("Last-Event-ID", "") or request.GET.get("na", "")
    return int(value) if value.isascii() and value.isdigit() else None


def _events(user_id: int, last_id: int) -> Iterator[str]:
    yield f"retry: {RETRY_MS}\n: verbonden\n\n"
    deadline = time.monotonic() + STREAM_SECONDS
    keepalive = time.monotonic() + KEEPALIVE_SECONDS
    while time.monotonic() < deadline:
        for pop_id, contact_id in selectors.screenpops_after(user_id, last_id):
            data = json.dumps({"contact_id": contact_id, "url": reverse("contacten:detail", args=[contact_id])})
            yield f"id: {pop_id}\nevent: screenpop\ndata: {data}\n\n"
            last_id = pop_id
        if time.monotonic() >= keepalive:
            yield ": wacht\n\n"
            keepalive = time.monotonic() + KEEPALIVE_SECONDS
        time.sleep(POLL_SECONDS)
    yield f"event: einde\ndata: {last_id}\n\n"


def _refusal(request: HttpRequest) -> str | None:
    if not request.user.is_authenticated:
        return "U bent afgemeld. Meld u opnieuw aan om gesprekken binnen te krijgen."
    if session_owes_second_factor(request):
        return "Rond eerst de tweestapsverificatie af."
    if not request.user.has_perm("contacten.add_contactmoment"):
        return "Alleen KCC-medewerkers krijgen gesprekken binnen."
    return None


@login_not_required  # it answers a missing log-in itself, as an event stream (see the module docstring)
def screenpop_stream(request: HttpRequest) -> StreamingHttpResponse:
    if refusal := _refusal(request):
        return _event_stream(iter([f"event: afgemeld\ndata: {json.dumps(refusal, ensure_ascii=False)}\n\n"]))
    last_id = _last_event_id(request)
    if last_id is None:
        # A fresh connection starts now: an old screen-pop must not open again after a reload.
        last_id = selectors.latest_screenpop_id(request.user.pk)
    return _event_stream(_events(request.user.pk, last_id))


def _event_stream(events: Iterator[str]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(events, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
