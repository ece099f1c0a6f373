"""Capture in the browser session: what the agent opens is linked to the running contact.

Views that show a VAC, product, person or unit card call :func:`item_opened`. While a contact
runs (the cockpit's active one) the item goes to its current question at once. Without one, the
item is remembered in this browser session — not per user, so another tab or device of the same
agent does not leak into it — and linked when a contact starts within
``KCC_CAPTURE_BEFORE_START_MINUTES`` (the agent often searches while the caller explains).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from kcc.contacten import services
from kcc.contacten.cockpit import active_contact_for
from kcc.contacten.models import Contactmoment, QuestionItem

SESSION_KEY = "kcc_opened_items"
MAX_REMEMBERED = 30
REGISTER = "contacten.add_contactmoment"


def window() -> timedelta:
    return timedelta(minutes=settings.KCC_CAPTURE_BEFORE_START_MINUTES)


def _remembered(request: HttpRequest) -> list[tuple[str, int, datetime]]:
    items = []
    for entry in request.session.get(SESSION_KEY, []):
        try:
            kind, object_id, at = entry
            items.append((str(kind), int(object_id), datetime.fromisoformat(at)))
        except (TypeError, ValueError):
            continue
    return items


def _remember(request: HttpRequest, kind: str, object_id: int, at: datetime) -> None:
    cutoff = at - window()
    kept = [(k, i, t) for k, i, t in _remembered(request) if t >= cutoff and (k, i) != (kind, object_id)]
    kept = [*kept, (kind, object_id, at)][-MAX_REMEMBERED:]
    request.session[SESSION_KEY] = [[k, i, t.isoformat()] for k, i, t in kept]


def link_opened_before(request: HttpRequest, contact: Contactmoment) -> list[QuestionItem]:
    """Link what this session opened before ``contact`` started; call it where a contact is started."""
    remembered = _remembered(request)
    if not remembered or contact.agent_id != request.user.pk or not contact.is_running:
        return []
    request.session.pop(SESSION_KEY, None)
    return services.link_opened_before_start(contact, user=request.user, opened=remembered, window=window())


def item_opened(request: HttpRequest, kind: QuestionItem.Kind, object_id: int) -> QuestionItem | None:
    """The agent opened an item: link it to the running contact, or remember it for the next one."""
    if not request.user.has_perm(REGISTER):
        return None
    now = timezone.now()
    contact = active_contact_for(request)
    if contact is None:
        _remember(request, kind, object_id, now)
        return None
    link_opened_before(request, contact)
    try:
        return services.use_in_contact(contact, user=request.user, kind=kind, object_id=object_id, opened_at=now)
    except ValidationError:
        return None


COCKPIT_EVENT = "kcc:cockpit"


def refresh_cockpit(response: HttpResponse) -> HttpResponse:
    """Ask the docked cockpit (htmx) to reload: something it shows has changed."""
    response["HX-Trigger"] = COCKPIT_EVENT
    return response


def opened_response(response: HttpResponse, item: QuestionItem | None) -> HttpResponse:
    """The page that showed an item; tells the cockpit when the item was linked to the contact."""
    return refresh_cockpit(response) if item is not None else response


def contact_of_origin(request: HttpRequest, origin_type: str, origin_id: object) -> Contactmoment | None:
    """The agent's own contact a form was started from (``origin_type``/``origin_id``), if any."""
    if origin_type != Contactmoment._meta.label_lower or not str(origin_id or "").isdigit():
        return None
    return Contactmoment.objects.filter(pk=int(str(origin_id)[:18]), agent_id=request.user.pk).first()


def follow_up_made(
    request: HttpRequest, origin_type: str, origin_id: object, *, question_type: str, handling: str, subject: str = ""
) -> None:
    """A melding, klacht or afspraak made from a contact: its question gets the matching vraagsoort and afhandeling."""
    contact = contact_of_origin(request, origin_type, origin_id)
    if contact is not None:
        services.record_follow_up(
            contact, user=request.user, question_type=question_type, handling=handling, subject=subject
        )


def next_url(request: HttpRequest) -> str | None:
    """The posted ``next`` of a form started from the contact, when it is a page of this site."""
    candidate = request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def next_for_form(request: HttpRequest, *, from_contact: bool = True) -> str:
    """For a form shown from the contact: ``?next=`` or the page the agent came from (this site only)."""
    candidates = [request.GET.get("next")]
    if from_contact:
        candidates.append(request.headers.get("Referer"))
    for candidate in candidates:
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return ""
