"""Reads of the contacten capability: klantbeeld, repeat contacts, inboxes, scopes per role."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import Permission
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from kcc.contacten.models import (
    Callback,
    Contactmoment,
    Handoff,
    Question,
    QuestionItem,
    QuestionType,
    Signal,
    TransferAttempt,
)
from kcc.core.models import User

KLANTBEELD_LIMIT = 10
_NUMBER = re.compile(r"^\s*C-(\d{4})-(\d{1,12})\s*$", re.IGNORECASE | re.ASCII)


# --- follow-up actions on the contact screen ----------------------------------------------------


@dataclass(frozen=True)
class ContactAction:
    """A follow-up another capability offers during a contact ("Melding maken", "Afspraak maken").

    The page at ``url_name`` receives ``origin_type``/``origin_id`` (the contact, so what it makes is
    linked to it) and the caller's ``phone`` and ``email`` as query parameters, to prefill its form;
    or, with ``contact_in_path``, the contact's id as its one URL argument. An action is offered to
    the agent of the contact (``own_contact``), or to anyone with the permission who opens it (a
    teamleader reviewing the contact).
    """

    key: str
    label: str
    url_name: str
    permission: str
    order: int = 100
    own_contact: bool = True
    contact_in_path: bool = False


_actions: list[ContactAction] = []


def register_contact_action(action: ContactAction) -> None:
    if all(existing.key != action.key for existing in _actions):
        _actions.append(action)


def contact_actions(user: User, contact: Contactmoment) -> list[tuple[ContactAction, str]]:
    """The actions this user may take, each with its URL carrying the contact and the caller."""
    query = urlencode(
        {
            "origin_type": Contactmoment._meta.label_lower,
            "origin_id": contact.pk,
            **{name: value for name in ("phone", "email") if (value := getattr(contact, name))},
        }
    )
    is_own = contact.agent_id == user.pk
    return [
        (
            action,
            reverse(action.url_name, args=[contact.pk])
            if action.contact_in_path
            else f"{reverse(action.url_name)}?{query}",
        )
        for action in sorted(_actions, key=lambda action: action.order)
        if user.has_perm(action.permission) and (is_own or not action.own_contact)
    ]


# --- klantbeeld ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallerKeys:
    """What identifies a caller across contacts: any of these matching makes it the same caller."""

    phone: str = ""
    email: str = ""
    address: str = ""
    klant_id: int | None = None

    @classmethod
    def of(cls, contact: Contactmoment) -> CallerKeys:
        return cls(contact.phone, contact.email, contact.address, contact.klant_id)

    def q(self, prefix: str = "") -> Q | None:
        """The OR of the keys as a filter on contacts (``prefix`` for a relation, e.g. ``contact__``)."""
        condition = Q()
        for name in ("phone", "email", "address"):
            if value := getattr(self, name):
                condition |= Q(**{f"{prefix}{name}": value})
        if self.klant_id:
            condition |= Q(**{f"{prefix}klant_id": self.klant_id})
        return condition or None


@dataclass(frozen=True)
class KlantbeeldSection:
    """A block another capability adds to the klantbeeld (meldingen, klachten) for the same caller.

    ``load`` receives the caller's keys and returns the template context, or None when empty.
    """

    key: str
    label: str
    template: str
    load: Callable[[CallerKeys], dict[str, Any] | None]
    order: int = 100


_sections: list[KlantbeeldSection] = []


def register_klantbeeld_section(section: KlantbeeldSection) -> None:
    if all(existing.key != section.key for existing in _sections):
        _sections.append(section)


@dataclass
class Klantbeeld:
    keys: CallerKeys
    contacts: list[Contactmoment] = field(default_factory=list)
    callbacks: list[Callback] = field(default_factory=list)
    sections: list[tuple[KlantbeeldSection, dict[str, Any]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.contacts or self.callbacks or self.sections)


def klantbeeld(keys: CallerKeys, *, exclude_contact_id: int | None = None) -> Klantbeeld:
    """Earlier contacts of the same caller and their callbacks (open first), newest first."""
    view = Klantbeeld(keys)
    condition = keys.q()
    if condition is None:
        return view
    contacts = (
        Contactmoment.objects.filter(condition)
        .exclude(pk=exclude_contact_id)
        .select_related("agent")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.select_related("unit")))
        .order_by("-started_at", "-id")
    )
    view.contacts = list(contacts[:KLANTBEELD_LIMIT])
    callbacks = (
        Callback.objects.filter(keys.q("contact__"))
        .select_related("unit", "person", "contact")
        .order_by("-created_at", "-id")
    )
    view.callbacks = sorted(callbacks[:KLANTBEELD_LIMIT], key=lambda item: (not item.is_open, item.deadline))
    for section in sorted(_sections, key=lambda item: item.order):
        context = section.load(keys)
        if context is not None:
            view.sections.append((section, context))
    return view


def earlier_questions_on_same_matter(contact: Contactmoment, question: Question, period: timedelta) -> list[Question]:
    """Questions of earlier contacts by the same caller about the same subject within ``period``.

    Same subject: the same linked item (melding, zaak) when the question names one, else the same
    unit and vraagsoort.
    """
    condition = CallerKeys.of(contact).q("contact__")
    if condition is None:
        return []
    if question.subject:
        same = Q(subject__iexact=question.subject)
    elif question.unit_id:
        same = Q(unit_id=question.unit_id, question_type=question.question_type)
    else:
        return []
    return list(
        Question.objects.filter(
            condition,
            same,
            contact__started_at__gte=contact.started_at - period,
            contact__started_at__lte=contact.started_at,
        )
        .exclude(contact_id=contact.pk)
        .order_by("-contact__started_at", "-id")
        .only("id", "contact_id")
    )


def complaint_prompt_needed(question: Question) -> bool:
    """Offer the complaint procedure: a repeat contact whose offer is not recorded yet."""
    return question.is_repeat and not question.complaint_offer and question.question_type != QuestionType.COMPLAINT


# --- contacts --------------------------------------------------------------------------------


def contact_by_number(number: str) -> Contactmoment | None:
    """Find a contact by its reference (C-2026-000123)."""
    match = _NUMBER.match(number or "")
    if not match:
        return None
    contact = Contactmoment.objects.filter(pk=int(match.group(2))).first()
    return contact if contact and contact.started_at.year == int(match.group(1)) else None


def contacts_with_details() -> QuerySet[Contactmoment]:
    return Contactmoment.objects.select_related("agent", "klant").prefetch_related(
        Prefetch(
            "questions",
            queryset=Question.objects.select_related("unit").prefetch_related(
                "vacs",
                Prefetch("transfer_attempts", queryset=TransferAttempt.objects.select_related("unit", "person")),
                items_prefetch(),
            ),
        ),
        Prefetch("callbacks", queryset=Callback.objects.select_related("unit", "person")),
        "signals",
    )


def running_contact_of(agent: User) -> Contactmoment | None:
    return Contactmoment.objects.filter(agent=agent, ended_at__isnull=True).order_by("-started_at").first()


def recent_contacts_of(agent: User, limit: int = 25) -> QuerySet[Contactmoment]:
    return (
        Contactmoment.objects.filter(agent=agent)
        .annotate(question_count=Count("questions"))
        .order_by("-started_at", "-id")[:limit]
    )


def opened_vac_ids(agent_id: int | None, since: datetime, until: datetime) -> list[int]:
    """VAC's the agent opened from a kennisbank search in the window (the search log)."""
    if agent_id is None:
        return []
    from kcc.kennisbank.models import SearchLog

    return list(
        SearchLog.objects.filter(
            user_id=agent_id, created_at__gte=since, created_at__lte=until, opened_vac__isnull=False
        )
        .values_list("opened_vac_id", flat=True)
        .distinct()
    )


def vacs_consulted(contact: Contactmoment) -> list[int]:
    """Every VAC opened during the contact, from its start to its end (or now while running)."""
    return opened_vac_ids(contact.agent_id, contact.started_at, contact.ended_at or timezone.now())


def items_prefetch() -> Prefetch:
    """Prefetch of the questions' linked items (``question_items`` then reads no more rows)."""
    return Prefetch(
        "items",
        queryset=QuestionItem.objects.select_related("vac", "product", "person", "unit").order_by("opened_at", "id"),
    )


def question_items(question: Question) -> list[QuestionItem]:
    """What the agent opened for the question, in the order opened, with the item's name."""
    if "items" in getattr(question, "_prefetched_objects_cache", {}):
        return list(question.items.all())
    return list(question.items.select_related("vac", "product", "person", "unit").order_by("opened_at", "id"))


def complaint_choice(question: Question) -> Any:
    """The agent's latest choice on the complaint prompt for this question's notes (a RecognitionDecision)."""
    from kcc.klachten.models import RecognitionDecision

    return (
        RecognitionDecision.objects.filter(origin_type=Question._meta.label_lower, origin_id=str(question.pk))
        .order_by("-id")
        .first()
    )


def last_failed_attempt(question: Question) -> TransferAttempt | None:
    return (
        question.transfer_attempts.filter(result=TransferAttempt.Result.NOT_REACHED)
        .select_related("unit", "person")
        .order_by("-attempted_at", "-id")
        .first()
    )


# --- doorzetten naar senior --------------------------------------------------------------------


def handoff_handlers() -> QuerySet[User]:
    """Active senior agents and teamleiders: whoever holds the permission, by role or by hand."""
    permission = Permission.objects.filter(codename="handle_handoff", content_type__app_label="contacten").first()
    if permission is None:
        return User.objects.none()
    return (
        User.objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def handoff_queue(user: User, *, status: str = "open") -> QuerySet[Handoff]:
    """The queue of a senior or teamleider: open hand-offs for anyone or for him; ``alle`` for every one."""
    handoffs = Handoff.objects.select_related("contact", "requested_by", "assigned_to", "taken_by", "question")
    if status == "open":
        handoffs = handoffs.filter(
            Q(status=Handoff.Status.OPEN, assigned_to__isnull=True)
            | Q(status=Handoff.Status.OPEN, assigned_to=user)
            | Q(status=Handoff.Status.TAKEN, taken_by=user)
        )
    return handoffs.order_by("created_at", "id")


def open_handoff_count(user: User) -> int:
    if not user.has_perm("contacten.handle_handoff"):
        return 0
    return handoff_queue(user).filter(status=Handoff.Status.OPEN).count()


# --- callbacks -------------------------------------------------------------------------------


def callbacks_visible_to(user: User) -> QuerySet[Callback]:
    """The KCC and the teamleider see every callback; a back-office user his unit's and his own."""
    callbacks = Callback.objects.all()
    if user.has_perm("contacten.view_all_callbacks"):
        return callbacks
    if not user.has_perm("contacten.view_callback"):
        return callbacks.none()
    mine = Q(person__user=user)
    if user.unit_id:
        mine |= Q(unit_id=user.unit_id)
    return callbacks.filter(mine)


def callback_inbox(user: User, *, scope: str = "eenheid", status: str = "open") -> QuerySet[Callback]:
    """The inbox: ``scope`` ``mij`` (to me), ``door-mij`` (made by me) or ``eenheid``; ``status`` open,
    afgesloten or alle."""
    callbacks = callbacks_visible_to(user).select_related("unit", "person", "handler", "contact")
    if scope == "mij":
        callbacks = callbacks.filter(Q(person__user=user) | Q(handler=user))
    elif scope == "door-mij":
        callbacks = callbacks.filter(created_by=user)
    elif user.unit_id:
        callbacks = callbacks.filter(unit_id=user.unit_id)
    if status == "open":
        callbacks = callbacks.filter(status__in=Callback.OPEN_STATUSES)
    elif status == "afgesloten":
        callbacks = callbacks.exclude(status__in=Callback.OPEN_STATUSES)
    return callbacks.order_by("-urgency", "deadline", "id")


def callbacks_created_by(user: User) -> QuerySet[Callback]:
    """The agent's own callback requests, newest first (her list on the home page)."""
    return callbacks_visible_to(user).filter(created_by=user).select_related("unit", "person").order_by("-id")


def open_callback_count(user: User) -> int:
    if not user.has_perm("contacten.handle_callback"):
        return 0
    return callback_inbox(user, scope="eenheid").count()


# --- signals ---------------------------------------------------------------------------------


def signals_visible_to(user: User) -> QuerySet[Signal]:
    """Teamleider and beheerder see all; others what they reported and what their unit owns."""
    signals = Signal.objects.select_related("owner_unit", "reported_by", "answered_by", "contact")
    if user.has_perm("contacten.view_all_signals"):
        return signals
    if not user.has_perm("contacten.view_signal"):
        return signals.none()
    mine = Q(reported_by=user)
    if user.unit_id and user.has_perm("contacten.handle_signal"):
        mine |= Q(owner_unit_id=user.unit_id)
    return signals.filter(mine)


def signals_to_handle(user: User) -> QuerySet[Signal]:
    """Signals the user answers: his unit's; the teamleider also those without an owner unit."""
    if not user.has_perm("contacten.handle_signal"):
        return Signal.objects.none()
    owned = Q(owner_unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
    if user.has_perm("contacten.view_all_signals"):
        owned |= Q(owner_unit__isnull=True)
    return Signal.objects.filter(owned).select_related("owner_unit").order_by("deadline", "id")


def can_handle_signal(user: User, signal: Signal) -> bool:
    if not user.has_perm("contacten.handle_signal"):
        return False
    if user.has_perm("contacten.view_all_signals"):
        return True
    return signal.owner_unit_id is not None and signal.owner_unit_id == user.unit_id
