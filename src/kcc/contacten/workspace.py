"""What contacten adds to the workspace: navigation and the back office's open-callback badge."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from kcc.contacten.selectors import open_callback_count, open_handoff_count
from kcc.core.workspace import HeaderBadge, NavItem, register_header_badge, register_nav


def callback_badge(request: HttpRequest) -> HeaderBadge | None:
    count = open_callback_count(request.user)
    if not count:
        return None
    return HeaderBadge(
        label=f"{count} terugbelverzoek{'en' if count != 1 else ''}",
        count=count,
        url=reverse("contacten:callback-inbox"),
    )


def handoff_badge(request: HttpRequest) -> HeaderBadge | None:
    count = open_handoff_count(request.user)
    if not count:
        return None
    return HeaderBadge(
        label=f"{count} doorgezet contact{'en' if count != 1 else ''}",
        count=count,
        url=reverse("contacten:handoff-queue"),
        important=True,
    )


def register() -> None:
    register_nav(NavItem("Contacten", "contacten:index", "contacten.add_contactmoment", order=10))
    register_nav(NavItem("Terugbelverzoeken", "contacten:callback-inbox", "contacten.view_callback", order=20))
    register_nav(NavItem("Signalen", "contacten:signal-list", "contacten.view_signal", order=30))
    register_nav(NavItem("Doorgezet", "contacten:handoff-queue", "contacten.handle_handoff", order=25))
    register_header_badge(callback_badge)
    register_header_badge(handoff_badge)
