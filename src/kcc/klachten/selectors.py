"""Reads for complaints: who may see what, terms, the register and the yearly overview (Awb 9:12a)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from django.db.models import Q, QuerySet

from kcc.core.models import User
from kcc.core.phone import normalise_phone
from kcc.klachten import terms
from kcc.klachten.models import Complaint, RecognitionDecision, RecognitionModel, RecognitionReview

COORDINATE = "klachten.coordinate_complaint"


def is_coordinator(user: User) -> bool:
    return user.is_authenticated and user.has_perm(COORDINATE)


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    """The coordinator sees every file; anyone else only the complaints assigned to them."""
    base = Complaint.objects.select_related("handler", "subject_unit", "person_complained_about")
    if is_coordinator(user):
        return base.all()
    if not user.is_authenticated:
        return base.none()
    return base.filter(handler=user)


def complaints_about(user: User) -> QuerySet[Complaint]:
    """Complaints about the user's conduct: he gets what the Awb gives him (9:9 copy, hearing, outcome)."""
    if not user.is_authenticated:
        return Complaint.objects.none()
    return Complaint.objects.filter(person_complained_about=user).order_by("-received_on", "-id")


def can_see(user: User, complaint: Complaint) -> bool:
    return is_coordinator(user) or (user.is_authenticated and complaint.handler_id == user.pk)


def complaints_for_origin(origin_type: str, origin_id: str) -> QuerySet[Complaint]:
    """The complaints converted from a contact, melding or e-mail (the link back from the origin)."""
    return Complaint.objects.filter(origin_type=origin_type, origin_id=str(origin_id)).order_by("received_on", "pk")


def decisions_for_origin(origin_type: str, origin_id: str) -> QuerySet[RecognitionDecision]:
    return RecognitionDecision.objects.filter(origin_type=origin_type, origin_id=str(origin_id))


def deadline(complaint: Complaint) -> date:
    """The handling term now in force: 6/10 weeks, the extension, then any consented delay."""
    term = terms.extended_deadline(complaint.received_on, complaint.advisory_committee, complaint.extension_days)
    later = [p.new_deadline for p in complaint.postponements.all()]
    return max([term, *later])


def term_kept(complaint: Complaint) -> bool | None:
    """Whether the complaint was closed within its term (None while open)."""
    if complaint.closed_on is None or complaint.deadline_on_close is None:
        return None
    return complaint.closed_on <= complaint.deadline_on_close


def open_complaints() -> QuerySet[Complaint]:
    return Complaint.objects.filter(status__in=Complaint.OPEN_STATUSES).prefetch_related("postponements")


def search(queryset: QuerySet[Complaint], *, status: str = "", query: str = "") -> QuerySet[Complaint]:
    if status:
        queryset = queryset.filter(status=status)
    if query:
        queryset = queryset.filter(
            Q(number__icontains=query) | Q(complainant_name__icontains=query) | Q(description__icontains=query)
        )
    return queryset


@dataclass(frozen=True)
class RegisterRow:
    number: str
    received_on: date
    channel: str
    form: str
    subject_unit: str
    status: str
    judgment: str
    deadline: date
    closed_on: date | None
    term_kept: bool | None


REGISTER_HEADER = [
    "klachtnummer",
    "ontvangen",
    "kanaal",
    "vorm",
    "eenheid",
    "status",
    "oordeel",
    "termijn",
    "afgesloten",
    "termijn gehaald",
]


def register(year: int, *, written_only: bool = True) -> list[RegisterRow]:
    """The register of Awb 9:12a: every written complaint received in ``year``."""
    queryset = Complaint.objects.filter(received_on__year=year).select_related("subject_unit")
    if written_only:
        queryset = queryset.filter(form=Complaint.Form.WRITTEN)
    rows = []
    for complaint in queryset.prefetch_related("postponements").order_by("received_on", "number"):
        rows.append(
            RegisterRow(
                number=complaint.number,
                received_on=complaint.received_on,
                channel=complaint.get_channel_display(),
                form=complaint.form,
                subject_unit=complaint.subject_unit.name if complaint.subject_unit else "",
                status=complaint.get_status_display(),
                judgment=complaint.get_judgment_display() if complaint.judgment else "",
                deadline=complaint.deadline_on_close or deadline(complaint),
                closed_on=complaint.closed_on,
                term_kept=term_kept(complaint),
            )
        )
    return rows


@dataclass(frozen=True)
class YearSummary:
    year: int
    total: int
    by_status: dict[str, int]
    by_judgment: dict[str, int]
    by_unit: dict[str, int]
    closed: int
    term_kept: int


def year_summary(rows: list[RegisterRow], year: int) -> YearSummary:
    def count(values) -> dict[str, int]:
        result: dict[str, int] = {}
        for value in values:
            result[value or "—"] = result.get(value or "—", 0) + 1
        return dict(sorted(result.items()))

    closed = [row for row in rows if row.closed_on is not None]
    return YearSummary(
        year=year,
        total=len(rows),
        by_status=count(row.status for row in rows),
        by_judgment=count(row.judgment for row in closed),
        by_unit=count(row.subject_unit for row in rows),
        closed=len(closed),
        term_kept=sum(1 for row in closed if row.term_kept),
    )


def complaints_for_caller(*, phone: str = "", email: str = "") -> QuerySet[Complaint]:
    """The klantbeeld's complaints: filed with this phone number or e-mail address, newest first.

    Only number, status and dates are shown there; the file itself stays with the coordinator
    and the handler (see :func:`complaints_visible_to`).
    """
    who = Q()
    if phone:
        with contextlib.suppress(ValueError):  # not a phone number: nobody has it
            who |= Q(complainant_phone=normalise_phone(phone))
    if email.strip():
        who |= Q(complainant_email__iexact=email.strip())
    if not who:
        return Complaint.objects.none()
    return Complaint.objects.filter(who).order_by("-received_on", "-id")


# --- Learning from the agents ---------------------------------------------------------------------


@dataclass(frozen=True)
class LearningCase:
    """A text with the label the agents (or the klachtcoördinator) gave it."""

    origin_type: str
    origin_id: str
    text: str
    label: bool
    kind: str  # RecognitionReview.Kind for the review page, or "keuze" for an agreed prompt
    review: str  # the coordinator's RecognitionReview.Label, or ""
    at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.origin_type}:{self.origin_id}"


def learning_cases() -> list[LearningCase]:
    """Every case to learn from, one per origin, in a few queries whatever the number of decisions.

    * a prompt the agent accepted or offered: a complaint; declined: no complaint (a false alarm), unless a
      complaint was registered for that origin afterwards;
    * a complaint registered from an origin that never had a prompt: a miss (its description is the text);
    * the klachtcoördinator's review overrides the label, or takes the case out ("niet gebruiken").
    """
    reviews = dict(
        ((origin_type, origin_id), label)
        for origin_type, origin_id, label in RecognitionReview.objects.values_list("origin_type", "origin_id", "label")
    )
    complaints = {
        (complaint.origin_type, complaint.origin_id): complaint
        for complaint in Complaint.objects.exclude(origin_type="")
        .order_by("received_on", "pk")
        .only("origin_type", "origin_id", "description", "created_at")
    }
    latest: dict[tuple[str, str], RecognitionDecision] = {}
    for decision in RecognitionDecision.objects.order_by("at", "pk").only(
        "origin_type", "origin_id", "choice", "text", "at"
    ):
        latest[(decision.origin_type, decision.origin_id)] = decision
    cases = []
    for key, decision in latest.items():
        agreed = decision.choice != RecognitionDecision.Choice.DECLINED or key in complaints
        kind = "keuze" if agreed else RecognitionReview.Kind.FALSE_ALARM
        cases.append(LearningCase(*key, decision.text, agreed, kind, reviews.get(key, ""), decision.at))
    for key, complaint in complaints.items():
        if key not in latest:
            cases.append(
                LearningCase(
                    *key, complaint.description, True, RecognitionReview.Kind.MISSED, reviews.get(key, ""),
                    complaint.created_at,
                )
            )  # fmt: skip
    return cases


def training_examples() -> list[LearningCase]:
    """The cases with a text and a usable label; a review decides where there is one."""
    examples = []
    for case in learning_cases():
        if not case.text.strip() or case.review == RecognitionReview.Label.SKIP:
            continue
        if case.review:
            case = replace(case, label=case.review == RecognitionReview.Label.COMPLAINT)
        examples.append(case)
    return examples


def review_queue(kind: str = "") -> list[LearningCase]:
    """Misses and false alarms for the klachtcoördinator: not yet reviewed first, then newest first."""
    cases = [case for case in learning_cases() if case.kind in RecognitionReview.Kind.values]
    if kind:
        cases = [case for case in cases if case.kind == kind]
    newest_first = sorted(cases, key=lambda case: case.at or datetime.min.replace(tzinfo=UTC), reverse=True)
    return sorted(newest_first, key=lambda case: bool(case.review))


def model_versions(limit: int = 10) -> QuerySet[RecognitionModel]:
    return RecognitionModel.objects.defer("weights").order_by("-version")[:limit]
