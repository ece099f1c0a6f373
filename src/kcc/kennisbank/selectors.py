"""Reads of the knowledge base: what each role sees, the content gaps, news and feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kcc.core.models import OrganisationUnit, Task, User
from kcc.core.params import parse_id
from kcc.kennisbank.models import VAC, Feedback, LearnedTerm, NewsItem, NewsRead, SearchLog, VACVersion
from kcc.medewerkers.selectors import directory_terms, is_directory_query

# --- VAC's ----------------------------------------------------------------------------------


def owner_of(vac: VAC) -> tuple[User | None, OrganisationUnit | None]:
    """Who answers for a VAC: its owner, else its owning unit, else its first afdeling."""
    if vac.owner_user_id:
        return vac.owner_user, None
    if vac.owner_unit_id:
        return None, vac.owner_unit
    return None, vac.afdelingen.order_by("name").first()


def visible_vacs(user: User) -> QuerySet[VAC]:
    """Editors see every VAC; everybody else only the active ones."""
    vacs = VAC.objects.all()
    if not user.has_perm("kennisbank.change_vac"):
        vacs = vacs.filter(status=VAC.Status.ACTIVE)
    return vacs


def vac_for_agent(pk: int) -> VAC:
    """An active VAC with what the answer view shows: afdelingen, owner and active related VAC's."""
    return (
        VAC.objects.select_related("owner_user", "owner_unit")
        .prefetch_related(
            "afdelingen",
            Prefetch("related", queryset=VAC.objects.filter(status=VAC.Status.ACTIVE).order_by("vraag")),
        )
        .get(pk=pk, status=VAC.Status.ACTIVE)
    )


def public_vac(uuid: Any) -> VAC:
    """An active, public VAC with its related public VAC's. Raises ``VAC.DoesNotExist`` otherwise."""
    public = Q(status=VAC.Status.ACTIVE, is_public=True)
    return VAC.objects.prefetch_related(Prefetch("related", queryset=VAC.objects.filter(public).order_by("vraag"))).get(
        public, uuid=uuid
    )


def editor_vacs(user: User, *, mine_only: bool = True, status: str = "") -> QuerySet[VAC]:
    """The VAC's an editor works on: owned by the user or the user's unit, or all of them."""
    vacs = VAC.objects.select_related("owner_user", "owner_unit").order_by("review_date", "vraag")
    if mine_only:
        owned = Q(owner_user=user)
        if user.unit_id:
            owned |= Q(owner_unit_id=user.unit_id)
        vacs = vacs.filter(owned)
    if status in VAC.Status.values:
        vacs = vacs.filter(status=status)
    return vacs


@dataclass(frozen=True)
class VersionChange:
    version: VACVersion
    changed_fields: list[str]


SNAPSHOT_LABELS = {
    "vraag": "vraag",
    "antwoord": "antwoord",
    "toelichting": "toelichting",
    "trefwoorden": "trefwoorden",
    "doelgroep": "doelgroep",
    "status": "status",
    "is_public": "openbaar",
    "review_date": "toetsdatum",
    "links": "links",
    "afdelingen": "afdelingen",
    "owner_user": "eigenaar",
    "owner_unit": "eigenaar (afdeling)",
}


def version_history(vac: VAC) -> list[VersionChange]:
    """Every version, newest first, with the fields it changed compared with the one before."""
    versions = list(vac.versions.select_related("changed_by").order_by("version"))
    changes, previous = [], None
    for version in versions:
        changed = [
            label
            for key, label in SNAPSHOT_LABELS.items()
            if previous is None or previous.snapshot.get(key) != version.snapshot.get(key)
        ]
        changes.append(VersionChange(version, changed if previous is not None else ["aangemaakt"]))
        previous = version
    return changes[::-1]


# --- Feedback -------------------------------------------------------------------------------


def _addressed_to(user: User) -> Q:
    mine = Q(task__assignee=user)
    if user.unit_id:
        mine |= Q(task__unit_id=user.unit_id, task__assignee__isnull=True)
    return mine


def can_handle_feedback(user: User, feedback: Feedback) -> bool:
    """Owners handle the feedback addressed to them or their unit; a beheerder handles any."""
    if not user.has_perm("kennisbank.handle_feedback"):
        return False
    if user.has_perm("kennisbank.change_feedback"):
        return True
    task = feedback.task
    if task.assignee_id is not None:
        return task.assignee_id == user.pk
    return user.unit_id is not None and task.unit_id == user.unit_id


def feedback_inbox(user: User, *, open_only: bool = True) -> QuerySet[Feedback]:
    """Feedback to handle by this user (or all feedback, for a beheerder)."""
    feedback = Feedback.objects.select_related("vac", "task", "task__assignee", "task__unit", "given_by")
    if not user.has_perm("kennisbank.change_feedback"):
        feedback = feedback.filter(_addressed_to(user))
    if open_only:
        feedback = feedback.filter(task__status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS])
    return feedback.order_by("task__deadline", "id")


def feedback_given_by(user: User) -> QuerySet[Feedback]:
    """What the agent reported and what became of it."""
    return Feedback.objects.filter(given_by=user).select_related("vac", "task", "task__assignee", "task__unit")


# --- Search log and content gaps ------------------------------------------------------------


def search_log_of(user: User, pk: int | str | None) -> SearchLog | None:
    """The user's own search log row, or None (someone else's rows are not theirs to mark)."""
    if not (number := parse_id(pk)):
        return None
    return SearchLog.objects.filter(pk=number, user=user).first()


@dataclass(frozen=True)
class GapQuery:
    query: str
    searches: int
    last_searched: datetime


@dataclass(frozen=True)
class CandidateTerm:
    query: str
    vac: VAC
    searches: int


DEFAULT_GAP_DAYS = 30


def _since(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def _aggregated(logs: QuerySet[SearchLog], limit: int) -> list[GapQuery]:
    rows = (
        logs.values("normalised_query")
        .annotate(searches=Count("id"), last=Max("created_at"))
        .order_by("-searches", "normalised_query")[:limit]
    )
    return [GapQuery(row["normalised_query"], row["searches"], row["last"]) for row in rows]


def zero_result_queries(*, days: int = DEFAULT_GAP_DAYS, limit: int = 50) -> list[GapQuery]:
    """Queries that found nothing, most frequent first; not searches for a colleague or a department
    (the staff directory answers those, the kennisbank need not)."""
    terms = directory_terms()
    found = _aggregated(SearchLog.objects.filter(created_at__gte=_since(days), result_count=0), limit * 4)
    return [gap for gap in found if not is_directory_query(gap.query, terms)][:limit]


def unopened_queries(*, days: int = DEFAULT_GAP_DAYS, limit: int = 50) -> list[GapQuery]:
    """Agent queries that found VAC's of which none was opened: the right answer was not recognised."""
    return _aggregated(
        SearchLog.objects.filter(
            created_at__gte=_since(days),
            channel=SearchLog.Channel.AGENT,
            result_count__gt=0,
            opened_vac__isnull=True,
        ),
        limit,
    )


def candidate_terms(*, days: int = DEFAULT_GAP_DAYS, limit: int = 50) -> list[CandidateTerm]:
    """Query → VAC opened after it, when the query is not yet a trefwoord of that VAC."""
    rows = (
        SearchLog.objects.filter(created_at__gte=_since(days), opened_vac__isnull=False)
        .values("normalised_query", "opened_vac")
        .annotate(searches=Count("id"))
        .order_by("-searches", "normalised_query")[: limit * 3]
    )
    vacs = VAC.objects.in_bulk({row["opened_vac"] for row in rows})
    candidates = []
    for row in rows:
        vac = vacs.get(row["opened_vac"])
        if vac is None or row["normalised_query"] in {keyword.lower() for keyword in vac.trefwoorden}:
            continue
        if row["normalised_query"] == vac.vraag.lower():
            continue
        candidates.append(CandidateTerm(row["normalised_query"], vac, row["searches"]))
    return candidates[:limit]


# --- Nieuws en werkinstructies --------------------------------------------------------------


def _published(now: datetime) -> Q:
    return Q(published_from__lte=now) & (Q(published_until__isnull=True) | Q(published_until__gte=now))


def news_for(user: User) -> QuerySet[NewsItem]:
    """The news currently published, important first, each marked read or unread for the user."""
    return (
        NewsItem.objects.filter(_published(timezone.now()))
        .annotate(
            is_read=Exists(NewsRead.objects.filter(news=OuterRef("pk"), user=user)),
            is_important=ExpressionWrapper(Q(importance=NewsItem.Importance.IMPORTANT), output_field=BooleanField()),
        )
        .order_by("-is_important", "-published_from", "-id")
    )


def unread_important_count(user: User) -> int:
    return (
        NewsItem.objects.filter(_published(timezone.now()), importance=NewsItem.Importance.IMPORTANT)
        .exclude(reads__user=user)
        .count()
    )


def all_news() -> QuerySet[NewsItem]:
    """Every item, for those who manage them, with how many people read it."""
    return (
        NewsItem.objects.select_related("created_by")
        .annotate(read_count=Count("reads"))
        .order_by("-published_from", "-id")
    )


def learned_terms(vac: VAC) -> list[LearnedTerm]:
    """The search terms learned for ``vac``: counting ones first, then by weight; with who vetoed."""
    return list(
        LearnedTerm.objects.filter(vac=vac)
        .select_related("vetoed_by")
        .order_by("-active", "vetoed_at", "-weight", "term")
    )
