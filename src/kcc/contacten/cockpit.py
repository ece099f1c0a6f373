"""Which running contact the cockpit shows: the agent's choice, kept in the browser session.

The session remembers the contact the agent last made active and when. A contact the agent
started after that moment wins by itself, so every way of starting a contact (the `N` key,
the contact page, a telephony screen-pop, the API) makes it active without each entry point
having to remember to say so. A remembered contact that has ended, or that is no longer the
agent's, is ignored; then the agent's most recently started running contact is active.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from kcc.contacten.models import Contactmoment

SESSION_KEY = "kcc_active_contact"
_CACHE_ATTR = "_kcc_cockpit_running"


@dataclass(frozen=True)
class CockpitState:
    """The agent's running contacts, newest first, and the one the cockpit shows."""

    running: list[Contactmoment]
    active: Contactmoment | None


def _running_of(request: HttpRequest) -> list[Contactmoment]:
    """The user's running contacts, read once per request (the cockpit and the views both ask)."""
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is None:
        user = request.user
        cached = (
            list(
                Contactmoment.objects.filter(agent_id=user.pk, ended_at__isnull=True)
                .select_related("klant")
                .order_by("-started_at", "-id")
            )
            if user.is_authenticated
            else []
        )
        setattr(request, _CACHE_ATTR, cached)
    return cached


def _remembered(request: HttpRequest) -> tuple[int | None, datetime | None]:
    value = request.session.get(SESSION_KEY)
    if not isinstance(value, dict):
        return None, None
    contact_id = value.get("id")
    try:
        chosen_at = datetime.fromisoformat(value.get("at", ""))
    except (TypeError, ValueError):
        return None, None
    return (contact_id if isinstance(contact_id, int) else None), chosen_at


def cockpit_state(request: HttpRequest) -> CockpitState:
    running = _running_of(request)
    if not running:
        return CockpitState(running=[], active=None)
    contact_id, chosen_at = _remembered(request)
    newest = running[0]
    chosen = next((contact for contact in running if contact.pk == contact_id), None)
    if chosen is None or (chosen_at is not None and newest.started_at > chosen_at):
        chosen = newest
    return CockpitState(running=running, active=chosen)


def active_contact_for(request: HttpRequest) -> Contactmoment | None:
    """The session's active contact if it still runs and is the user's own, else the newest running one."""
    return cockpit_state(request).active


def set_active_contact(request: HttpRequest, contact: Contactmoment) -> None:
    """Make ``contact`` the one the cockpit shows; only the agent's own running contact qualifies."""
    if contact.agent_id != request.user.pk:
        raise PermissionDenied("Dit contact is van een andere medewerker.")
    if contact.ended_at is not None:
        raise ValidationError(f"Contact {contact.number} is al afgesloten.")
    request.session[SESSION_KEY] = {"id": contact.pk, "at": timezone.now().isoformat()}
    if hasattr(request, _CACHE_ATTR):
        delattr(request, _CACHE_ATTR)
