"""Reads of the meldingen capability: lists with the traffic light computed at query time,
duplicate candidates, the reporter's meldingen (for the klantbeeld) and the public view.
"""

from __future__ import annotations

import contextlib
import math
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from kcc.core.calendar import today as calendar_today
from kcc.core.models import User
from kcc.core.phone import normalise_phone
from kcc.core.selectors import unit_subtree_ids
from kcc.meldingen import terms
from kcc.meldingen.config import get_config
from kcc.meldingen.models import OPEN_STATUSES, Category, Melding, Status

EARTH_RADIUS_M = 6_371_000
LIGHT_RANK = {terms.RED: 0, terms.ORANGE: 1, terms.BLACK: 2, terms.GREEN: 3, "": 9}


def unit_scope(user: User) -> set[int]:
    """The units whose meldingen a back-office user handles: his own and those below it."""
    cached = getattr(user, "_meldingen_unit_scope", None)
    if cached is None:
        cached = unit_subtree_ids(user.unit) if user.unit_id else set()
        user._meldingen_unit_scope = cached
    return cached


def _light_conditions(queryset: QuerySet[Melding], day: date, fraction: Decimal) -> list[tuple[Q, str]]:
    """(condition, light) pairs, first match wins, for the terms present among the open meldingen."""
    pairs = queryset.filter(status__in=OPEN_STATUSES).order_by().values_list("term_days", "term_day_type").distinct()
    red, orange = [], []
    for days, day_type in pairs:
        same_term = Q(term_days=days, term_day_type=day_type)
        red.append(same_term & Q(term_start__lte=terms.latest_start(days, day_type, day - timedelta(days=1))))
        orange.append(
            same_term & Q(term_start__lte=terms.latest_start(terms.reminder_days(days, fraction), day_type, day))
        )
    return [
        *((condition, terms.RED) for condition in red),
        *((condition, terms.ORANGE) for condition in orange),
        (Q(status=Status.REPORTED), terms.BLACK),
    ]


def with_light(queryset: QuerySet[Melding], *, today: date | None = None) -> QuerySet[Melding]:
    """Annotate ``light`` (zwart/groen/oranje/rood, "" when closed) and ``light_rank`` (rood first)."""
    day = today or calendar_today()
    conditions = _light_conditions(queryset, day, get_config().reminder_fraction)
    closed = ~Q(status__in=OPEN_STATUSES)
    light = Case(
        When(closed, then=Value("")),
        *(When(condition, then=Value(value)) for condition, value in conditions),
        default=Value(terms.GREEN),
    )
    rank = Case(
        When(closed, then=Value(LIGHT_RANK[""])),
        *(When(condition, then=Value(LIGHT_RANK[value])) for condition, value in conditions),
        default=Value(LIGHT_RANK[terms.GREEN]),
        output_field=IntegerField(),
    )
    return queryset.annotate(light=light, light_rank=rank)


def visible_meldingen(user: User) -> QuerySet[Melding]:
    """Everything for roles that see all; a back-office user sees his unit's (and below)."""
    queryset = Melding.objects.all()
    if user.has_perm("meldingen.view_all_meldingen"):
        return queryset
    if user.has_perm("meldingen.handle_melding"):
        return queryset.filter(unit_id__in=unit_scope(user))
    return queryset.none()


SORTS = {
    "licht": ("light_rank", "term_start", "id"),
    "nieuw": ("-created_at",),
    "oud": ("created_at",),
}


def melding_list(
    user: User,
    *,
    light: str = "",
    status: str = "",
    unit_id: int | None = None,
    category_id: int | None = None,
    query: str = "",
    sort: str = "licht",
    today: date | None = None,
) -> QuerySet[Melding]:
    """The back-office/KCC list: filtered and sorted by traffic light (rood first) by default."""
    queryset = visible_meldingen(user)
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        queryset = queryset.filter(status=status)
    if unit_id:
        queryset = queryset.filter(unit_id=unit_id)
    if category_id:
        queryset = queryset.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if query:
        queryset = queryset.filter(
            Q(number__iexact=query) | Q(street__icontains=query) | Q(description__icontains=query)
        )
    queryset = with_light(queryset, today=today)
    if light in terms.LIGHTS:
        queryset = queryset.filter(light=light)
    return (
        queryset.select_related("category__parent", "unit")
        .annotate(repeat_count=Count("repeats", distinct=True))
        .order_by(*SORTS.get(sort, SORTS["licht"]))
    )


def melding_detail(user: User, number: str) -> Melding:
    return (
        with_light(visible_meldingen(user).filter(number=number))
        .select_related("category__parent", "unit", "delay_reason", "repeat_of", "created_by")
        .annotate(repeat_count=Count("repeats", distinct=True))
        .get()
    )


def public_melding(number: str, token: str) -> Melding:
    """The melding behind a public status link; ``Melding.DoesNotExist`` for a wrong number or token."""
    melding = Melding.objects.select_related("category__parent", "unit").filter(number=number).first()
    if melding is None or not token or not secrets.compare_digest(melding.token, token):
        raise Melding.DoesNotExist
    return melding


def public_history(melding: Melding) -> list:
    return [event for event in melding.events.all() if event.public_text]


def active_categories() -> QuerySet[Category]:
    """Sub-categories people can report in, with their main category."""
    return (
        Category.objects.filter(is_active=True, parent__isnull=False, parent__is_active=True)
        .select_related("parent", "unit", "parent__unit")
        .order_by("parent__order", "parent__name", "order", "name")
    )


def category_tree() -> list[tuple[Category, list[Category]]]:
    groups: dict[int, tuple[Category, list[Category]]] = {}
    for category in active_categories():
        groups.setdefault(category.parent_id, (category.parent, []))[1].append(category)
    return list(groups.values())


@dataclass(frozen=True)
class Candidate:
    melding: Melding
    distance_m: float | None


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def duplicate_candidates(
    *,
    category: Category | None,
    lat: float | None = None,
    lon: float | None = None,
    street: str = "",
    house_number: str = "",
    limit: int = 5,
) -> list[Candidate]:
    """Open meldingen in the same category near the place, within the configured distance and period."""
    if category is None:
        return []
    config = get_config()
    since = timezone.now() - timedelta(days=config.duplicate_days)
    queryset = Melding.objects.filter(category=category, status__in=OPEN_STATUSES, created_at__gte=since)
    if lat is not None and lon is not None:
        distance = config.duplicate_distance_m
        dlat = distance / 111_320
        dlon = distance / (111_320 * max(math.cos(math.radians(lat)), 0.01))
        near = queryset.filter(lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
        found = [
            Candidate(melding, round(_distance_m(lat, lon, melding.lat, melding.lon)))
            for melding in near.select_related("category")[:200]
        ]
        found = sorted((c for c in found if c.distance_m <= distance), key=lambda c: c.distance_m)
        return found[:limit]
    if street.strip():
        same_street = queryset.annotate(street_lower=Lower("street")).filter(street_lower=street.strip().lower())
        if house_number.strip():
            same_street = same_street.filter(house_number__iexact=house_number.strip())
        return [Candidate(melding, None) for melding in same_street.select_related("category")[:limit]]
    return []


def open_melding_of_reporter(*, category: Category | None, email: str = "", phone: str = "") -> Melding | None:
    """The reporter's own open melding in the same category (a herhaalmelding if he reports again)."""
    if category is None or not (email or phone):
        return None
    who = Q()
    if email:
        who |= Q(reporter_email__iexact=email)
    if phone:
        who |= Q(reporter_phone=phone)
    return (
        Melding.objects.filter(who, category=category, status__in=OPEN_STATUSES, is_repeat=False)
        .order_by("created_at")
        .first()
    )


def meldingen_for_reporter(phone: str | None = None, email: str | None = None) -> QuerySet[Melding]:
    """The klantbeeld's meldingen: reported by this phone number or e-mail address, newest first."""
    who = Q()
    if phone:
        with contextlib.suppress(ValueError):  # not a phone number: nobody has it
            who |= Q(reporter_phone=normalise_phone(phone))
    if email and email.strip():
        who |= Q(reporter_email__iexact=email.strip())
    if not who:
        return Melding.objects.none()
    return with_light(Melding.objects.filter(who)).select_related("category__parent", "unit").order_by("-created_at")
