"""What capabilities contribute to the shared workspace: navigation and search sections.

Each app registers its items in ``AppConfig.ready``; the core renders them without knowing
the apps, so dependencies keep pointing from the capabilities to the core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    order: int = 100
    group: str = ""  # one of NAV_GROUPS; empty: the group of its URL namespace (NAV_GROUP_OF)


# The main menu's groups, in menu order: what the work is about, not which app serves it.
NAV_GROUPS = ("Gesprek", "Kennis", "Opvolging", "Klachten", "Rapportage", "Beheer")
OTHER_GROUP = "Overig"
# Group of an item by URL name, else by namespace; an item in none of them lands in OTHER_GROUP.
NAV_GROUP_OF = {
    "contacten:signal-list": "Opvolging",
    "medewerkers:index": "Kennis",
    "medewerkers:freshness": "Beheer",
    "medewerkers:coordinator": "Beheer",
    "mail:jargon": "Beheer",
    "search": "Beheer",
    "contacten": "Gesprek",
    "mail": "Gesprek",
    "afspraken": "Gesprek",
    "zaken": "Gesprek",
    "kennisbank": "Kennis",
    "producten": "Kennis",
    "meldingen": "Opvolging",
    "klachten": "Klachten",
    "rapportage": "Rapportage",
    "meeluisteren": "Rapportage",
    "privacy": "Opvolging",
    "integraties": "Beheer",
    "retentie": "Beheer",
}


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: list[NavItem]


@dataclass(frozen=True)
class SearchSection:
    """One group of results in the workspace search box (kennisbank, medewerkers, ...).

    ``search`` takes the request and the query and returns the context for ``template``,
    or None when the section has nothing to show for this user.
    """

    key: str
    label: str
    permission: str
    template: str
    search: Callable[[HttpRequest, str], dict[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class HeaderBadge:
    label: str
    count: int
    url: str
    important: bool = False


_nav: list[NavItem] = []
_badge_providers: list[Callable[[HttpRequest], HeaderBadge | None]] = []
_sections: list[SearchSection] = []


def register_nav(item: NavItem) -> None:
    if item not in _nav:
        _nav.append(item)


def register_search_section(section: SearchSection) -> None:
    if all(existing.key != section.key for existing in _sections):
        _sections.append(section)


def register_header_badge(provider: Callable[[HttpRequest], HeaderBadge | None]) -> None:
    """``provider`` returns a badge for the header (e.g. unread important news) or None."""
    if provider not in _badge_providers:
        _badge_providers.append(provider)


def header_badges_for(request: HttpRequest) -> list[HeaderBadge]:
    return [badge for provider in _badge_providers if (badge := provider(request)) is not None]


def nav_for(user: Any) -> list[NavItem]:
    return sorted((item for item in _nav if user.has_perm(item.permission)), key=lambda i: i.order)


def group_of(item: NavItem) -> str:
    namespace = item.url_name.partition(":")[0]
    return item.group or NAV_GROUP_OF.get(item.url_name) or NAV_GROUP_OF.get(namespace, OTHER_GROUP)


def nav_groups_for(user: Any) -> list[NavGroup]:
    """The user's menu items in NAV_GROUPS order; groups without an item for this user are left out."""
    grouped: dict[str, list[NavItem]] = {}
    for item in nav_for(user):
        grouped.setdefault(group_of(item), []).append(item)
    order = [*NAV_GROUPS, OTHER_GROUP]
    return [NavGroup(label, grouped[label]) for label in sorted(grouped, key=order.index)]


def search_sections_for(user: Any) -> list[SearchSection]:
    return sorted((s for s in _sections if user.has_perm(s.permission)), key=lambda s: s.order)


# --- "Wat wacht op mij": the work-centred home page ----------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    """One thing that needs the user now: a link with a deadline (overdue items come first)."""

    kind: str
    title: str
    url: str
    deadline: date | None = None

    def overdue_on(self, day: date) -> bool:
        return self.deadline is not None and self.deadline < day


# provider(user, today) → the user's open work of one kind; at most a few queries, never one per item.
_work_providers: list[Callable[[Any, date], list[WorkItem]]] = []
# Task.subject_type → a function of subject_id giving the page of the task's subject.
_task_subject_urls: dict[str, Callable[[str], str]] = {}


def register_work(provider: Callable[[Any, date], list[WorkItem]]) -> None:
    if provider not in _work_providers:
        _work_providers.append(provider)


def register_task_subject_url(subject_type: str, url: Callable[[str], str]) -> None:
    _task_subject_urls[subject_type] = url


def task_subject_url(subject_type: str, subject_id: str) -> str | None:
    builder = _task_subject_urls.get(subject_type)
    return builder(subject_id) if builder and subject_id else None


def work_for(user: Any, day: date) -> list[WorkItem]:
    """Every provider's items: overdue first, then by deadline (none last), then by kind and title."""
    items = [item for provider in _work_providers for item in provider(user, day)]
    return sorted(
        items,
        key=lambda item: (not item.overdue_on(day), item.deadline is None, item.deadline or day, item.kind, item.title),
    )


@dataclass(frozen=True)
class HomeSection:
    """A list of the user's own recent work on the home page (recent contacts, callbacks made, ...).

    ``context`` takes the user and returns the context for ``template``, or None when empty.
    """

    key: str
    label: str
    permission: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


_home_sections: list[HomeSection] = []


def register_home_section(section: HomeSection) -> None:
    if all(existing.key != section.key for existing in _home_sections):
        _home_sections.append(section)


def home_sections_for(user: Any) -> list[tuple[HomeSection, dict[str, Any]]]:
    sections = sorted((s for s in _home_sections if user.has_perm(s.permission)), key=lambda s: s.order)
    return [(section, context) for section in sections if (context := section.context(user)) is not None]
