"""Reads of the e-mail channel: queues, visibility per role, and the MI report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kcc.core.calendar import today, working_days_between
from kcc.core.models import OrganisationUnit, User
from kcc.core.search import QueryTooLong
from kcc.mail import checks
from kcc.mail.models import EndState, Forward, Message, Thread
from kcc.medewerkers.models import Person
from kcc.medewerkers.selectors import search_directory

REPLY_CLASSES = ["zelfde dag", "volgende dag", "2 werkdagen", "3 werkdagen", "meer"]
OPEN_STATUSES = [s for s in Thread.Status.values if s != Thread.Status.CLOSED]


def threads_visible_to(user: User) -> QuerySet[Thread]:
    """KCC (agents, teamleider) sees every thread; the back office only what was forwarded to it."""
    threads = Thread.objects.all()
    if user.has_perm("mail.view_all_threads"):
        return threads
    if not user.has_perm("mail.answer_forward"):
        return threads.none()
    return threads.filter(Exists(forwards_visible_to(user).filter(thread=OuterRef("pk"))))


def forwards_visible_to(user: User) -> QuerySet[Forward]:
    forwards = Forward.objects.all()
    if user.has_perm("mail.view_all_threads"):
        return forwards
    if not user.has_perm("mail.answer_forward"):
        return forwards.none()
    mine = Q(person=user)
    if user.unit_id is not None:
        mine |= Q(unit_id=user.unit_id)
    return forwards.filter(mine)


def queue(user: User, *, scope: str = "open") -> QuerySet[Thread]:
    """The agent's mail queue: open threads, the ones back from the back office first, then by due date."""
    threads = threads_visible_to(user).select_related("assigned_to")
    if scope == "afgesloten":
        return threads.filter(status=Thread.Status.CLOSED).order_by("-closed_at", "-id")
    if scope == "doorgestuurd":
        threads = threads.filter(status=Thread.Status.FORWARDED)
    elif scope == "terug":
        threads = threads.filter(status=Thread.Status.BACKOFFICE_ANSWERED)
    elif scope == "mijn":
        threads = threads.filter(status__in=OPEN_STATUSES, assigned_to=user)
    else:
        threads = threads.filter(status__in=OPEN_STATUSES)
    return threads.annotate(
        back=Count("pk", filter=Q(status=Thread.Status.BACKOFFICE_ANSWERED)),
        message_count=Count("messages", filter=Q(messages__direction=Message.Direction.IN)),
        unverified=Count("messages", filter=Q(messages__kind=Message.Kind.UNVERIFIED)),
    ).order_by("-back", "answer_due", "received_at", "id")


def backoffice_inbox(user: User, *, status: str = "open") -> QuerySet[Forward]:
    forwards = forwards_visible_to(user).select_related("thread", "unit", "person")
    if status != "alle":
        forwards = forwards.filter(status=Forward.Status.OPEN if status == "open" else status)
    return forwards.order_by("deadline", "id")


def open_count(user: User) -> int:
    return threads_visible_to(user).filter(status__in=[Thread.Status.NEW, Thread.Status.BACKOFFICE_ANSWERED]).count()


@dataclass(frozen=True)
class ForwardPerson:
    """Someone a mail can be forwarded to: a directory hit with a workspace account in a unit."""

    user: User
    unit: OrganisationUnit
    presence: str


def forward_people(query: str, *, viewer: User) -> list[ForwardPerson]:
    """People found as the directory finds them (best match first), with their presence now. Only
    those with an active account in a unit: the forward needs the unit for its term and escalation."""
    try:
        found = search_directory(query, viewer=viewer).people
    except QueryTooLong:
        return []
    people = {
        person.pk: person
        for person in Person.objects.filter(
            pk__in=[hit.target.person.id for hit in found], user__is_active=True, user__unit__isnull=False
        ).select_related("user__unit")
    }
    return [
        ForwardPerson(
            user=people[hit.target.person.id].user,
            unit=people[hit.target.person.id].user.unit,
            presence="aanwezig" if hit.target.present else hit.target.reason_text,
        )
        for hit in found
        if hit.target.person.id in people
    ]


def thread_detail(thread_id: int) -> Thread:
    return Thread.objects.select_related("assigned_to", "contact", "closed_by").get(pk=thread_id)


def thread_messages(thread: Thread) -> QuerySet[Message]:
    return (
        thread.messages.select_related("author", "forward__unit")
        .prefetch_related("attachments")
        .order_by("received_at", "id")
    )


def thread_by_number(number: str) -> Thread | None:
    """E-2026-000123 → the thread (year and id must both match)."""
    parts = number.strip().upper().split("-")
    if len(parts) != 3 or parts[0] != "E" or not (parts[1].isdigit() and parts[2].isdigit()):
        return None
    thread = Thread.objects.filter(pk=int(parts[2])).first()
    return thread if thread is not None and thread.received_at.year == int(parts[1]) else None


def message_by_number(number: str) -> Message | None:
    parts = number.strip().upper().split("-")
    if len(parts) != 3 or parts[0] != "B" or not (parts[1].isdigit() and parts[2].isdigit()):
        return None
    message = Message.objects.select_related("thread").filter(pk=int(parts[2])).first()
    return message if message is not None and message.received_at.year == int(parts[1]) else None


def kennisbank_query(thread: Thread, text: str) -> str:
    """The search the thread page pre-fills: the subject, plus the mail's first content words when
    the subject alone says little ("Vraag", "Re:")."""
    from kcc.mail.services import clean_subject

    subject = clean_subject(thread.subject) if thread.subject else ""
    if subject == "(geen onderwerp)":
        subject = ""
    words = checks.words(subject)
    if len(words) >= 3:
        return subject
    return " ".join([*words, *checks.content_words(checks.new_text(text))[: 8 - len(words)]])


def threads_for_sender(email: str, limit: int = 10) -> list[Thread]:
    return list(Thread.objects.filter(sender_email=email.lower()).order_by("-received_at")[:limit]) if email else []


def quarantine() -> QuerySet[Message]:
    return Message.objects.filter(kind=Message.Kind.QUARANTINE).order_by("-received_at")


# --- management information -------------------------------------------------------------------


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def reply_class(received: date, answered: date) -> str:
    return REPLY_CLASSES[min(working_days_between(received, answered), 4)]


def threads_in(
    start: date, end: date, unit_codes: list[str] | None = None
) -> tuple[QuerySet[Thread], QuerySet[Forward]]:
    """Threads received in [start, end] (municipal time zone) and their forwards; with
    ``unit_codes`` only the threads forwarded to one of those units, and only those units' forwards."""
    low, high = _bounds(start, end)
    threads = Thread.objects.filter(received_at__gte=low, received_at__lt=high)
    forwards = Forward.objects.filter(thread__received_at__gte=low, thread__received_at__lt=high)
    if unit_codes is not None:
        forwards = forwards.filter(unit__code__in=unit_codes)
        threads = threads.filter(Exists(forwards.filter(thread=OuterRef("pk"))))
    return threads, forwards


def email_report(start: date, end: date, unit_codes: list[str] | None = None) -> dict:
    """E-mail figures for threads received in [start, end] (municipal time zone), in five queries.

    ``antwoordtijd``: working days from receipt to the first answer sent to the citizen.
    ``doorgestuurd``: threads with at least one forward to the back office.
    ``backoffice_binnen_termijn``/``backoffice_te_laat``: forwards answered by their deadline, and
    forwards answered after it or still open past it. With ``unit_codes``: only threads forwarded to
    one of those units (and only those units' forwards).
    """
    threads, forwards = threads_in(start, end, unit_codes)
    totals = threads.aggregate(
        aantal=Count("pk"),
        beantwoord=Count("pk", filter=Q(first_answer_at__isnull=False)),
        open=Count("pk", filter=~Q(status=Thread.Status.CLOSED)),
    )
    classes = dict.fromkeys(REPLY_CLASSES, 0)
    for received_at, answered_at in threads.filter(first_answer_at__isnull=False).values_list(
        "received_at", "first_answer_at"
    ):
        classes[reply_class(timezone.localdate(received_at), timezone.localdate(answered_at))] += 1
    day = today()
    forwarded_threads, on_time, late = set(), 0, 0
    for thread_id, status, deadline, answered_at in forwards.values_list(
        "thread_id", "status", "deadline", "answered_at"
    ):
        forwarded_threads.add(thread_id)
        if status == Forward.Status.ANSWERED:
            if timezone.localdate(answered_at) <= deadline:
                on_time += 1
            else:
                late += 1
        elif status == Forward.Status.OPEN and day > deadline:
            late += 1
    states = dict(threads.exclude(end_state="").values_list("end_state").annotate(n=Count("pk")).order_by())
    return {
        "aantal": totals["aantal"],
        "beantwoord": totals["beantwoord"],
        "antwoordtijd": [{"klasse": klasse, "aantal": classes[klasse]} for klasse in REPLY_CLASSES],
        "doorgestuurd": len(forwarded_threads),
        "backoffice_binnen_termijn": on_time,
        "backoffice_te_laat": late,
        "open": totals["open"],
        "eindstatus": [{"eindstatus": code, "aantal": states.get(code, 0)} for code in EndState.values],
    }
