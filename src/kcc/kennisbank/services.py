"""What may happen to VAC's: every write goes through here (sanitised, versioned, indexed)."""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from kcc.contacten.models import QuestionItem
from kcc.core import audit
from kcc.core.calendar import add_working_days, today
from kcc.core.models import OrganisationUnit, Task, User
from kcc.core.outbox import enqueue_email
from kcc.core.search import MAX_QUERY_LENGTH, QueryTooLong
from kcc.core.services import create_task, resolve_task
from kcc.kennisbank import objects_api
from kcc.kennisbank.html import sanitise_html
from kcc.kennisbank.models import VAC, Feedback, LearnedTerm, NewsItem, NewsRead, SearchLog, VACVersion
from kcc.kennisbank.search import VacResult, index_vac, search_vacs
from kcc.kennisbank.selectors import can_handle_feedback, owner_of
from kcc.privacy.pii import scrub

EDITABLE_FIELDS = (
    "vraag",
    "antwoord",
    "toelichting",
    "trefwoorden",
    "doelgroep",
    "status",
    "is_public",
    "review_date",
    "links",
    "source",
    "external_id",
    "owner_user",
    "owner_unit",
)


def _clean_keywords(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise ValidationError({"trefwoorden": "Trefwoorden zijn een lijst van woorden."})
    seen: dict[str, None] = {}
    for item in value:
        word = str(item).strip()
        if len(word) > 100:
            raise ValidationError({"trefwoorden": f"Het trefwoord ‘{word[:30]}…’ is langer dan 100 tekens."})
        if word and word.lower() not in {k.lower() for k in seen}:
            seen[word] = None
    return list(seen)


LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")


def _clean_links(value: Any) -> list[dict[str, str]]:
    """Links as ``[{"label", "url"}]`` with a web, mail or phone address: never ``javascript:``."""
    if not isinstance(value, list | tuple):
        raise ValidationError({"links": "Links zijn een lijst van {label, url}."})
    links = []
    for item in value:
        url = str(item.get("url", "")).strip() if isinstance(item, dict) else ""
        if not url.lower().startswith(LINK_SCHEMES) or len(url) > 1000:
            raise ValidationError({"links": f"‘{url[:60]}’ is geen geldig webadres (https://…)."})
        links.append({"label": str(item.get("label") or url).strip()[:200], "url": url})
    return links


def _snapshot(vac: VAC) -> dict[str, Any]:
    return {
        "vraag": vac.vraag,
        "antwoord": vac.antwoord,
        "toelichting": vac.toelichting,
        "trefwoorden": vac.trefwoorden,
        "doelgroep": vac.doelgroep,
        "status": vac.status,
        "is_public": vac.is_public,
        "review_date": vac.review_date.isoformat() if vac.review_date else None,
        "links": vac.links,
        "afdelingen": sorted(vac.afdelingen.values_list("code", flat=True)),
        "owner_user": vac.owner_user_id,
        "owner_unit": vac.owner_unit_id,
    }


@transaction.atomic
def save_vac(
    *,
    vac: VAC | None = None,
    actor: User | None = None,
    afdelingen: list[OrganisationUnit] | None = None,
    related: list[VAC] | None = None,
    **fields: Any,
) -> VAC:
    """Create a VAC (``vac`` None) or change one, then record the version and update the index.

    ``fields`` are model fields from :data:`EDITABLE_FIELDS`. Raises ``ValidationError`` with
    Dutch messages per field; nothing is written then.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    creating = vac is None
    vac = vac or VAC()
    for name, value in fields.items():
        setattr(vac, name, value)
    vac.vraag = (vac.vraag or "").strip()
    vac.antwoord = sanitise_html(vac.antwoord)
    vac.trefwoorden = _clean_keywords(vac.trefwoorden)
    vac.links = _clean_links(vac.links or [])
    if isinstance(vac.review_date, str):
        vac.review_date = date.fromisoformat(vac.review_date)
    if not creating:
        vac.version += 1
    vac.full_clean(exclude=["afdelingen", "related"])
    vac.save()
    if afdelingen is not None:
        vac.afdelingen.set(afdelingen)
    related_before = list(vac.related.all()) if related is not None and not creating else []
    if related is not None:
        vac.related.set([other for other in related if other.pk != vac.pk])
    VACVersion.objects.create(vac=vac, version=vac.version, snapshot=_snapshot(vac), changed_by=actor)
    _close_review_tasks(vac, actor)
    index_vac(vac)
    objects_api.queue_publication(vac, neighbours=[*related_before, *vac.related.all()])
    return vac


# --- Search and the search log -------------------------------------------------------------

TYPING_WINDOW = timedelta(seconds=30)


class EmptyQuery(ValueError):
    """The search box was empty."""

    def __init__(self) -> None:
        super().__init__("Typ een of meer woorden om te zoeken.")


def normalise_query(query: str) -> str:
    """The form under which queries are counted together: lower case, single spaces."""
    return " ".join(query.lower().split())


def check_query(query: str | None) -> str:
    """The stripped query, or ``EmptyQuery``/``QueryTooLong`` with a Dutch message."""
    query = (query or "").strip()
    if not query:
        raise EmptyQuery()
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(len(query))
    return query


@transaction.atomic
def search_and_log(
    *, query: str, channel: str, user: User | None = None, public_only: bool = False, limit: int = 10
) -> tuple[SearchLog, list[VacResult]]:
    """Search the index and log what was asked and found.

    An agent's header search fires while typing; successive queries of the same person that
    extend or shorten each other within :data:`TYPING_WINDOW` are one search, kept as one row.
    """
    query = check_query(query)
    started = time.perf_counter()
    results = search_vacs(query, public_only=public_only, limit=limit)
    took_ms = (time.perf_counter() - started) * 1000
    # The log (and the content-gap lists made from it) never holds a caller's name, number or address.
    logged = scrub(query)
    normalised = normalise_query(logged)
    values = {
        "query": logged[: SearchLog._meta.get_field("query").max_length],
        "normalised_query": normalised,
        "result_ids": [result.vac.pk for result in results],
        "result_count": len(results),
        "took_ms": round(took_ms, 2),
    }
    with transaction.atomic():  # the log row and the daily search counts together
        log = _typing_continuation(user, channel, normalised)
        if log is None:
            log = SearchLog.objects.create(user=user, channel=channel, **values)
        else:
            for name, value in values.items():
                setattr(log, name, value)
            log.save(update_fields=list(values))
    return log, results


def _typing_continuation(user: User | None, channel: str, normalised: str) -> SearchLog | None:
    if user is None or channel != SearchLog.Channel.AGENT:
        return None
    previous = (
        SearchLog.objects.filter(
            user=user,
            channel=channel,
            created_at__gte=timezone.now() - TYPING_WINDOW,
            opened_vac__isnull=True,
            backoffice_contacted=False,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if previous is None:
        return None
    earlier = previous.normalised_query
    return previous if normalised.startswith(earlier) or earlier.startswith(normalised) else None


@transaction.atomic
def record_opened(*, search_log: SearchLog, vac: VAC) -> SearchLog:
    """The searcher opened ``vac`` from this search; the last answer opened is the one that counts."""
    search_log.opened_vac = vac
    search_log.opened_at = timezone.now()
    search_log.save(update_fields=["opened_vac", "opened_at"])
    return search_log


@transaction.atomic
def mark_backoffice_contacted(search_log_id: int) -> SearchLog:
    """The agent went on to contact the back office after this search (idempotent)."""
    log = SearchLog.objects.select_for_update().get(pk=search_log_id)
    if not log.backoffice_contacted:
        log.backoffice_contacted = True
        log.backoffice_contacted_at = timezone.now()
        log.save(update_fields=["backoffice_contacted", "backoffice_contacted_at"])
    return log


def mark_backoffice_contacted_during(*, user: User, since: datetime, until: datetime) -> int:
    """Mark the user's searches in a window as followed by a back-office contact (a transfer or callback).

    The contact registration calls this, so the search log knows which searches did not answer
    the question by themselves; returns how many searches were marked.
    """
    return SearchLog.objects.filter(
        user=user, created_at__gte=since, created_at__lte=until, backoffice_contacted=False
    ).update(backoffice_contacted=True, backoffice_contacted_at=timezone.now())


@transaction.atomic
def add_keyword(*, vac: VAC, term: str, actor: User) -> VAC:
    """Accept a candidate search term as trefwoord of ``vac`` (a new version, re-indexed)."""
    term = " ".join((term or "").split())
    if not term:
        raise ValidationError({"trefwoorden": "Het trefwoord is leeg."})
    if term.lower() in {keyword.lower() for keyword in vac.trefwoorden}:
        raise ValidationError({"trefwoorden": f"‘{term}’ is al een trefwoord van deze VAC."})
    return save_vac(vac=vac, actor=actor, trefwoorden=[*vac.trefwoorden, term])


@transaction.atomic
def delete_vac(*, vac: VAC, actor: User) -> None:
    """Delete a VAC (the index follows it); its feedback and search logs stay, without the link."""
    audit.record(actor, "vac_verwijderd", vac, vraag=vac.vraag)
    objects_api.queue_removal(vac, neighbours=list(vac.related.all()))
    vac.delete()


# --- Owners, feedback and review reminders ---------------------------------------------------

FEEDBACK_TASK = "vac_feedback"
REVIEW_TASK = "vac_toetsing"
FEEDBACK_WORKING_DAYS = 5
REVIEW_WORKING_DAYS = 10
OPEN_TASK_STATUSES = (Task.Status.OPEN, Task.Status.IN_PROGRESS)


@transaction.atomic
def give_feedback(
    *,
    actor: User,
    kind: str,
    note: str = "",
    vac: VAC | None = None,
    query: str = "",
    search_log: SearchLog | None = None,
    unit: OrganisationUnit | None = None,
) -> Feedback:
    """Feedback on a VAC, or (kind "ontbreekt", no VAC) on an answer the knowledge base lacks.

    It becomes a task for the VAC's owner (see ``owner_of``); missing content goes to ``unit`` when
    given. Whatever has no owner goes to the giver's own unit: the KCC, whose redactie picks it up.
    Deadline: 5 working days.
    """
    note, query = (note or "").strip(), (query or "").strip()[:MAX_QUERY_LENGTH]
    errors: dict[str, str] = {}
    if kind not in Feedback.Kind.values:
        errors["kind"] = "Kies wat er aan de hand is."
    if len(note) > 2000:
        errors["note"] = "Uw toelichting is te lang. Gebruik maximaal 2000 tekens."
    if vac is None and kind != Feedback.Kind.MISSING:
        errors["kind"] = "Zonder VAC kunt u alleen melden dat informatie ontbreekt."
    if vac is None and not (note or query):
        errors["note"] = "Beschrijf welke informatie ontbreekt."
    if errors:
        raise ValidationError(errors)

    assignee, owner_unit = owner_of(vac) if vac is not None else (None, unit)
    if assignee is None and owner_unit is None:
        if actor.unit is None:
            raise ValidationError({"kind": "Er is niemand gevonden om deze feedback naar toe te sturen."})
        owner_unit = actor.unit
    label = Feedback.Kind(kind).label
    task = create_task(
        kind=FEEDBACK_TASK,
        title=f"Feedback ‘{label}’: {vac.vraag if vac else scrub(query) or note[:80]}",
        description=note,
        deadline=add_working_days(today(), FEEDBACK_WORKING_DAYS),
        subject=vac,
        assignee=assignee,
        unit=owner_unit,
        created_by=actor,
    )
    return Feedback.objects.create(
        vac=vac, kind=kind, note=note, query=scrub(query), search_log=search_log, given_by=actor, task=task
    )


HANDLING_STATUSES = (Task.Status.IN_PROGRESS, Task.Status.DONE, Task.Status.REJECTED)


@transaction.atomic
def handle_feedback(*, feedback: Feedback, actor: User, status: str, answer: str) -> Feedback:
    """The owner sets the status of the feedback and answers the agent who gave it."""
    if not can_handle_feedback(actor, feedback):
        raise PermissionDenied("Deze feedback is niet aan u of uw afdeling gericht.")
    answer = (answer or "").strip()
    if status not in HANDLING_STATUSES:
        raise ValidationError({"status": "Kies een geldige status."})
    if status != Task.Status.IN_PROGRESS and not answer:
        raise ValidationError({"answer": "Schrijf wat er met de feedback is gedaan."})
    resolve_task(feedback.task, status=status, resolution=answer)
    audit.record(actor, "vac_feedback_behandeld", feedback, status=status)
    return feedback


@transaction.atomic
def create_review_reminders() -> list[Task]:
    """A review task for the owner of each VAC past its review date, and an e-mail through the outbox.

    Idempotent: a VAC that already has an open review task gets no second one.
    """
    due = list(
        VAC.objects.filter(review_date__lte=today())
        .exclude(status=VAC.Status.INACTIVE)
        .select_related("owner_user", "owner_unit")
        .order_by("review_date", "pk")
    )
    already = set(
        Task.objects.filter(
            kind=REVIEW_TASK,
            subject_type=VAC._meta.label_lower,
            subject_id__in=[str(vac.pk) for vac in due],
            status__in=OPEN_TASK_STATUSES,
        ).values_list("subject_id", flat=True)
    )
    created = []
    for vac in due:
        if str(vac.pk) in already:
            continue
        assignee, unit = owner_of(vac)
        if assignee is None and unit is None:
            continue
        task = create_task(
            kind=REVIEW_TASK,
            title=f"Toets de VAC ‘{vac.vraag}’",
            description=f"De toetsdatum ({vac.review_date:%d-%m-%Y}) is verstreken. Controleer of het antwoord "
            "nog klopt en zet een nieuwe toetsdatum.",
            deadline=add_working_days(today(), REVIEW_WORKING_DAYS),
            subject=vac,
            assignee=assignee,
            unit=unit,
        )
        address = assignee.email if assignee else unit.email
        if address:
            enqueue_email(
                key=f"kennisbank:vac-toetsing:{task.pk}",
                to=[address],
                subject=f"Toetsing nodig: {vac.vraag}"[:300],
                body=render_to_string(
                    "kennisbank/email/review_reminder.txt",
                    {"vac": vac, "task": task, "base_url": settings.KCC_BASE_URL},
                ),
            )
        created.append(task)
    return created


def _close_review_tasks(vac: VAC, actor: User | None) -> None:
    """A VAC saved with a future review date has been reviewed: its open review tasks are done."""
    if vac.review_date is None or vac.review_date <= today():
        return
    open_reviews = Task.objects.filter(
        kind=REVIEW_TASK,
        subject_type=VAC._meta.label_lower,
        subject_id=str(vac.pk),
        status__in=OPEN_TASK_STATUSES,
    )
    for task in open_reviews:
        resolve_task(
            task,
            status=Task.Status.DONE,
            resolution=f"Getoetst door {actor or 'het systeem'}; nieuwe toetsdatum {vac.review_date:%d-%m-%Y}.",
        )


# --- Nieuws en werkinstructies ----------------------------------------------------------------


@transaction.atomic
def save_news(*, actor: User, news: NewsItem | None = None, **fields: Any) -> NewsItem:
    """Create or change a news item; the text is sanitised like a VAC answer."""
    news = news or NewsItem(created_by=actor)
    for name, value in fields.items():
        setattr(news, name, value)
    news.title = (news.title or "").strip()
    news.body = sanitise_html(news.body)
    news.full_clean()
    news.save()
    return news


@transaction.atomic
def delete_news(*, news: NewsItem, actor: User) -> None:
    audit.record(actor, "nieuws_verwijderd", news, titel=news.title)
    news.delete()


def mark_news_read(*, news: NewsItem, user: User) -> NewsRead:
    read, _ = NewsRead.objects.get_or_create(news=news, user=user)
    return read


# --- Search terms learned from the agents ----------------------------------------------------

LEARN_WINDOW_DAYS = 180
# A search counts half after 30 days: what agents call things changes, old habits fade out.
LEARN_HALF_LIFE_DAYS = 30
# One agent's habit is not the municipality's word: a term needs several agents and searches.
LEARN_MIN_AGENTS = 3
LEARN_MIN_WEIGHT = 1.5
# A VAC the agent then marked "gebruikt in antwoord" in the contact is the better signal: that
# search weighs double. The mark is matched to the search by agent, VAC and moment of opening.
LEARN_USED_FACTOR = 2.0
_SAME_OPENING = timedelta(minutes=2)


@dataclass(frozen=True)
class LearnReport:
    active: int
    added: int
    dropped: int
    reindexed: int


def _counts(weight: float, agents: int) -> bool:
    return agents >= LEARN_MIN_AGENTS and weight >= LEARN_MIN_WEIGHT


@transaction.atomic
def learn_search_terms(*, now: datetime | None = None) -> LearnReport:
    """Recompute the learned search terms from the agents' searches followed by an opened VAC.

    Each (query, opened VAC) pair of the last ``LEARN_WINDOW_DAYS`` weighs 0.5 per
    ``LEARN_HALF_LIFE_DAYS`` of age; a term is indexed with its VAC when at least
    ``LEARN_MIN_AGENTS`` distinct agents used it and its weight is ``LEARN_MIN_WEIGHT`` or more,
    unless a redacteur vetoed it. Queries that are already a trefwoord or the vraag are skipped.
    Only VAC's whose indexed terms change are re-indexed.
    """
    now = now or timezone.now()
    rows = SearchLog.objects.filter(
        channel=SearchLog.Channel.AGENT,
        user__isnull=False,
        opened_vac__isnull=False,
        created_at__gte=now - timedelta(days=LEARN_WINDOW_DAYS),
    ).values_list("normalised_query", "opened_vac_id", "user_id", "created_at", "opened_at")
    used = _used_in_answer(now - timedelta(days=LEARN_WINDOW_DAYS))
    weights: dict[tuple[int, str], float] = defaultdict(float)
    agents: dict[tuple[int, str], set[int]] = defaultdict(set)
    last_used: dict[tuple[int, str], datetime] = {}
    half_life = timedelta(days=LEARN_HALF_LIFE_DAYS).total_seconds()
    for query, vac_id, user_id, created_at, opened_at in rows.iterator(chunk_size=2000):
        term = " ".join(query.lower().split())[: LearnedTerm._meta.get_field("term").max_length]
        if not term:
            continue
        key = (vac_id, term)
        marked = opened_at is not None and any(
            abs(opened_at - moment) <= _SAME_OPENING for moment in used.get((user_id, vac_id), ())
        )
        factor = LEARN_USED_FACTOR if marked else 1.0
        weights[key] += factor * 0.5 ** ((now - created_at).total_seconds() / half_life)
        agents[key].add(user_id)
        last_used[key] = max(created_at, last_used.get(key, created_at))
    vacs = VAC.objects.only("pk", "vraag", "trefwoorden").in_bulk({vac_id for vac_id, _ in weights})
    existing = {(learned.vac_id, learned.term): learned for learned in LearnedTerm.objects.select_for_update()}
    changed: set[int] = set()
    added = 0
    updates: list[LearnedTerm] = []
    for key, weight in weights.items():
        vac_id, term = key
        vac = vacs.get(vac_id)
        if vac is None or term == vac.vraag.lower() or term in {keyword.lower() for keyword in vac.trefwoorden}:
            continue
        learned = existing.pop(key, None)
        if learned is None:
            learned = LearnedTerm(vac_id=vac_id, term=term)
            added += 1
        active = _counts(weight, len(agents[key])) and learned.vetoed_at is None
        if active != learned.active:
            changed.add(vac_id)
        learned.weight, learned.agents, learned.last_used_at, learned.active = (
            round(weight, 4),
            len(agents[key]),
            last_used[key],
            active,
        )
        updates.append(learned)
    LearnedTerm.objects.bulk_create([learned for learned in updates if learned.pk is None])
    LearnedTerm.objects.bulk_update(
        [learned for learned in updates if learned.pk is not None], ["weight", "agents", "last_used_at", "active"]
    )
    # Terms no longer searched go, except vetoed ones: the veto must outlive a quiet period.
    gone = [learned for learned in existing.values() if learned.vetoed_at is None]
    changed.update(learned.vac_id for learned in gone if learned.active)
    LearnedTerm.objects.filter(pk__in=[learned.pk for learned in gone]).delete()
    LearnedTerm.objects.filter(pk__in=[learned.pk for learned in existing.values() if learned.vetoed_at]).update(
        weight=0, agents=0, active=False
    )
    for vac in VAC.objects.filter(pk__in=changed):
        index_vac(vac)
    return LearnReport(
        active=LearnedTerm.objects.filter(active=True).count(),
        added=added,
        dropped=len(gone),
        reindexed=len(changed),
    )


def _used_in_answer(since: datetime) -> dict[tuple[int, int], list[datetime]]:
    """(agent, VAC) → when the agent opened that VAC for a question and marked it used in the answer."""
    used: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    for agent_id, vac_id, opened_at in QuestionItem.objects.filter(
        kind=QuestionItem.Kind.VAC, used_in_answer=True, opened_at__gte=since
    ).values_list("question__contact__agent_id", "vac_id", "opened_at"):
        used[(agent_id, vac_id)].append(opened_at)
    return used


@transaction.atomic
def veto_learned_term(*, learned: LearnedTerm, actor: User) -> LearnedTerm:
    """A redacteur rejects a learned term: it leaves the index now and is never learned again."""
    if learned.vetoed_at is not None:
        raise ValidationError({"term": f"‘{learned.term}’ is al afgewezen."})
    was_active = learned.active
    learned.vetoed_at, learned.vetoed_by, learned.active = timezone.now(), actor, False
    learned.save(update_fields=["vetoed_at", "vetoed_by", "active"])
    audit.record(actor, "zoekterm_afgewezen", learned.vac, term=learned.term)
    if was_active:
        index_vac(learned.vac)
    return learned


@transaction.atomic
def restore_learned_term(*, learned: LearnedTerm, actor: User) -> LearnedTerm:
    """Undo a veto: the term counts again as soon as (and as long as) enough agents use it."""
    if learned.vetoed_at is None:
        raise ValidationError({"term": f"‘{learned.term}’ is niet afgewezen."})
    learned.vetoed_at, learned.vetoed_by = None, None
    learned.active = _counts(learned.weight, learned.agents)
    learned.save(update_fields=["vetoed_at", "vetoed_by", "active"])
    audit.record(actor, "zoekterm_hersteld", learned.vac, term=learned.term)
    if learned.active:
        index_vac(learned.vac)
    return learned
