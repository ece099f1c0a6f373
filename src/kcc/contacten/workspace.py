"""What contacten adds to the workspace: navigation, badges, and the home page's work and own lists."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from kcc.contacten import selectors
from kcc.contacten.models import Callback, Handoff, Signal
from kcc.contacten.selectors import open_callback_count, open_handoff_count
from kcc.core.models import User
from kcc.core.workspace import (
    HeaderBadge,
    HomeSection,
    NavItem,
    WorkItem,
    register_header_badge,
    register_home_section,
    register_nav,
    register_task_subject_url,
    register_work,
)

MAX_ITEMS = 50


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


def callback_work(user: User, day: date) -> list[WorkItem]:
    """The callbacks the badge counts: open, for the user's unit (the same query as the badge)."""
    if not user.has_perm("contacten.handle_callback"):
        return []
    return [
        WorkItem(
            kind="Terugbelverzoek" + (" (spoed)" if callback.urgency == Callback.Urgency.URGENT else ""),
            title=f"Terugbelverzoek {callback.pk}: {callback.person or callback.unit}",
            url=reverse("contacten:callback-detail", args=[callback.pk]),
            deadline=callback.deadline,
        )
        for callback in selectors.callback_inbox(user, scope="eenheid")[:MAX_ITEMS]
    ]


def handoff_work(user: User, day: date) -> list[WorkItem]:
    if not user.has_perm("contacten.handle_handoff"):
        return []
    return [
        WorkItem(
            kind="Doorgezet contact",
            title=f"Contact {handoff.contact.number} van {handoff.requested_by}",
            url=reverse("contacten:handoff-queue"),
        )
        for handoff in selectors.handoff_queue(user).filter(status=Handoff.Status.OPEN)[:MAX_ITEMS]
    ]


def signal_work(user: User, day: date) -> list[WorkItem]:
    """Signals the user's unit owns (or, for the teamleider, those without an owner unit)."""
    if not user.has_perm("contacten.handle_signal"):
        return []
    signals = selectors.signals_to_handle(user).exclude(status=Signal.Status.ANSWERED)[:MAX_ITEMS]
    return [
        WorkItem(
            kind="Signaal",
            title=f"Signaal: {signal.get_kind_display()}",
            url=reverse("contacten:signal-detail", args=[signal.pk]),
            deadline=signal.deadline,
        )
        for signal in signals
    ]


def recent_contacts(user: User) -> dict[str, Any] | None:
    contacts = list(selectors.recent_contacts_of(user, limit=10))
    return {"contacts": contacts} if contacts else None


def callbacks_made(user: User) -> dict[str, Any] | None:
    callbacks = list(selectors.callbacks_created_by(user)[:10])
    return (
        {"callbacks": callbacks, "all_url": reverse("contacten:callback-inbox") + "?voor=door-mij&status=alle"}
        if callbacks
        else None
    )


def register() -> None:
    register_work(callback_work)
    register_work(handoff_work)
    register_work(signal_work)
    register_task_subject_url(Callback._meta.label_lower, lambda pk: reverse("contacten:callback-detail", args=[pk]))
    register_task_subject_url(Signal._meta.label_lower, lambda pk: reverse("contacten:signal-detail", args=[pk]))
    register_home_section(
        HomeSection(
            "recente-contacten",
            "Mijn recente contacten",
            "contacten.add_contactmoment",
            "contacten/home_recent_contacts.html",
            recent_contacts,
            order=10,
        )
    )
    register_home_section(
        HomeSection(
            "mijn-terugbelverzoeken",
            "Terugbelverzoeken die ik maakte",
            "contacten.add_callback",
            "contacten/home_callbacks_made.html",
            callbacks_made,
            order=20,
        )
    )
    register_nav(NavItem("Contacten", "contacten:index", "contacten.add_contactmoment", order=10))
    register_nav(NavItem("Terugbelverzoeken", "contacten:callback-inbox", "contacten.view_callback", order=20))
    register_nav(NavItem("Signalen", "contacten:signal-list", "contacten.view_signal", order=30))
    register_nav(NavItem("Doorgezet", "contacten:handoff-queue", "contacten.handle_handoff", order=25))
    register_header_badge(callback_badge)
    register_header_badge(handoff_badge)
