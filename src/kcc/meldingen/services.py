"""Writes of the meldingen capability. Every transition is one transaction that checks it is
allowed, stamps actor and time, records the history and notifies the reporter (outbox / task).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kcc.core import audit
from kcc.core.calendar import add_working_days, today
from kcc.core.escalation import notify_unit
from kcc.core.models import OrganisationUnit, OutboxMessage, User
from kcc.core.outbox import enqueue_email
from kcc.core.phone import normalise_phone
from kcc.core.services import create_task
from kcc.meldingen import photos as photo_rules
from kcc.meldingen import recognition, selectors, terms, texts
from kcc.meldingen.config import get_config
from kcc.meldingen.geo import municipality_area
from kcc.meldingen.models import (
    CLOSED_STATUSES,
    DESCRIPTION_MAX_LENGTH,
    OPEN_STATUSES,
    Category,
    CategoryQuestion,
    Channel,
    DelayReason,
    Event,
    Feedback,
    Follower,
    Melding,
    MeldingenConfig,
    NumberSequence,
    Open311ApiKey,
    Photo,
    Status,
)
from kcc.meldingen.recognition import ComplaintOffer

# Texts that say the matter was reported before and nothing happened.
NOTHING_DONE = re.compile(
    r"\b(nog steeds|nog altijd|alweer|al weer|opnieuw|weer niet|niets gedaan|niks gedaan|niets gebeurd|niks gebeurd|"
    r"al eerder gemeld|eerder gemeld|al (?:\w+ )?keer gemeld|zoveelste keer|nooit opgelost)\b",
    re.IGNORECASE,
)
POSTCODE = re.compile(r"^\s*(\d{4})\s?([A-Za-z]{2})\s*$")


@dataclass
class Reporter:
    name: str = ""
    email: str = ""
    phone: str = ""
    feedback: str = Feedback.NONE


@dataclass
class Location:
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    note: str = ""
    lat: float | None = None
    lon: float | None = None

    @classmethod
    def from_cleaned(cls, data: Mapping[str, Any]) -> Location:
        """From the cleaned data of a web form or API serializer (both use these field names)."""
        return cls(
            street=data["street"],
            house_number=data["house_number"],
            postcode=data["postcode"],
            city=data["city"],
            note=data["location_note"],
            lat=data["lat"],
            lon=data["lon"],
        )


@dataclass
class Intake:
    """Everything a channel hands over to make a melding."""

    category: Category | None
    description: str
    location: Location
    reporter: Reporter = field(default_factory=Reporter)
    channel: str = Channel.WEB
    is_urgent: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    photos: Sequence[Any] = ()
    origin_type: str = ""
    origin_id: str = ""


@dataclass
class IntakeResult:
    melding: Melding
    complaint_offer: ComplaintOffer | None = None
    added_to_existing: bool = False


# --- Validation ------------------------------------------------------------------------------


def _clean_reporter(reporter: Reporter, errors: dict[str, list[str]]) -> Reporter:
    email = reporter.email.strip()
    phone = reporter.phone.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValueError as error:
            errors.setdefault("phone", []).append(str(error))
    if reporter.feedback not in Feedback.values:
        errors.setdefault("feedback", []).append("Kies hoe u wilt horen wat er met uw melding gebeurt.")
    elif reporter.feedback == Feedback.EMAIL and not email:
        errors.setdefault("email", []).append("U wilt bericht per e-mail. Vul dan uw e-mailadres in.")
    elif reporter.feedback == Feedback.PHONE and not phone:
        errors.setdefault("phone", []).append("U wilt dat wij u bellen. Vul dan uw telefoonnummer in.")
    return Reporter(name=reporter.name.strip()[:200], email=email, phone=phone, feedback=reporter.feedback)


def _clean_location(location: Location, errors: dict[str, list[str]], config: MeldingenConfig) -> Location:
    postcode = location.postcode.strip()
    if postcode:
        match = POSTCODE.match(postcode)
        if match:
            postcode = f"{match.group(1)} {match.group(2).upper()}"
        else:
            errors.setdefault("postcode", []).append("Vul een postcode in zoals 1234 AB.")
    has_point = location.lat is not None or location.lon is not None
    if has_point:
        if location.lat is None or location.lon is None:
            errors.setdefault("lat", []).append("Vul zowel de breedtegraad als de lengtegraad in.")
        elif not municipality_area(config).contains(location.lat, location.lon):
            errors.setdefault("lat", []).append(
                "Deze plek ligt buiten de gemeente. Kies een plek binnen de gemeente of vul een adres in."
            )
    street = location.street.strip()
    if not has_point and not street:
        errors.setdefault("street", []).append("Vul een adres in of geef de plek aan met coördinaten.")
    return Location(
        street=street[:200],
        house_number=location.house_number.strip()[:20],
        postcode=postcode,
        city=location.city.strip()[:100],
        note=location.note.strip()[:300],
        lat=location.lat,
        lon=location.lon,
    )


def _clean_extra(category: Category, answers: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """Answers to the category's extra questions, keyed by question code."""
    cleaned: dict[str, Any] = {}
    questions = {question.code: question for question in category.questions.all()}
    for code in answers:
        if code not in questions:
            errors.setdefault(f"extra.{code}", []).append(f"Onbekende vraag ‘{code}’.")
    for code, question in questions.items():
        value = answers.get(code)
        values = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
        values = [str(item).strip() for item in values if str(item).strip()]
        if not values:
            if question.required:
                errors.setdefault(f"extra.{code}", []).append(f"Beantwoord de vraag ‘{question.label}’.")
            continue
        if question.datatype in (CategoryQuestion.Datatype.SINGLE, CategoryQuestion.Datatype.MULTI):
            keys = {str(option.get("key")) for option in question.values}
            if any(item not in keys for item in values) or (
                question.datatype == CategoryQuestion.Datatype.SINGLE and len(values) > 1
            ):
                errors.setdefault(f"extra.{code}", []).append(f"Kies een van de antwoorden bij ‘{question.label}’.")
                continue
            cleaned[code] = values if question.datatype == CategoryQuestion.Datatype.MULTI else values[0]
        elif question.datatype == CategoryQuestion.Datatype.NUMBER:
            try:
                cleaned[code] = float(values[0].replace(",", "."))
            except ValueError:
                errors.setdefault(f"extra.{code}", []).append(f"Vul bij ‘{question.label}’ een getal in.")
        else:
            cleaned[code] = values[0][:1000]
    return cleaned


def validate_intake(intake: Intake) -> tuple[Intake, list[photo_rules.CleanPhoto]]:
    """Check everything; raise one ``ValidationError`` listing every problem. Nothing is written."""
    errors: dict[str, list[str]] = {}
    config = get_config()
    category = intake.category
    if category is None or not category.is_active or category.parent_id is None:
        errors["category"] = ["Kies een (sub)categorie die bij uw melding past."]
    description = (intake.description or "").strip()
    if not description:
        errors["description"] = ["Beschrijf wat er aan de hand is."]
    elif len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [
            f"Uw beschrijving is {len(description)} tekens. Gebruik maximaal {DESCRIPTION_MAX_LENGTH} tekens."
        ]
    if intake.channel not in Channel.values:
        errors["channel"] = ["Onbekend kanaal."]
    reporter = _clean_reporter(intake.reporter, errors)
    location = _clean_location(intake.location, errors, config)
    extra = _clean_extra(category, intake.extra, errors) if "category" not in errors else {}
    cleaned_photos = []
    if len(intake.photos) > config.max_photos:
        errors["photos"] = [f"U kunt maximaal {config.max_photos} foto's meesturen."]
    else:
        for upload in intake.photos:
            try:
                cleaned_photos.append(photo_rules.clean_photo(upload, max_bytes=config.max_photo_mb * 1_000_000))
            except photo_rules.PhotoError as error:
                errors.setdefault("photos", []).append(str(error))
    if errors:
        raise ValidationError(errors)
    cleaned = Intake(
        category=category,
        description=description,
        location=location,
        reporter=reporter,
        channel=intake.channel,
        is_urgent=bool(intake.is_urgent),
        extra=extra,
        origin_type=intake.origin_type[:100],
        origin_id=str(intake.origin_id)[:64],
    )
    return cleaned, cleaned_photos


# --- Intake ----------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    """The next meldingnummer of ``year``; the counter row stays locked until the caller commits."""
    NumberSequence.objects.bulk_create([NumberSequence(year=year, last=0)], ignore_conflicts=True)
    NumberSequence.objects.filter(year=year).update(last=F("last") + 1)
    last = NumberSequence.objects.filter(year=year).values_list("last", flat=True).get()
    return f"M-{year}-{last:05d}"


def _event(
    melding: Melding, kind: str, *, actor: User | None, public_text: str = "", note: str = "", from_status: str = ""
) -> Event:
    return Event.objects.create(
        melding=melding,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        from_status=from_status,
        to_status=melding.status,
        public_text=public_text[:500],
        note=note,
    )


def detect_repeat(intake: Intake) -> tuple[Melding | None, list[str]]:
    """Is this a herhaalmelding? Returns the original (if known) and the reasons in Dutch."""
    reasons: list[str] = []
    original = selectors.open_melding_of_reporter(
        category=intake.category, email=intake.reporter.email, phone=intake.reporter.phone
    )
    if original is not None:
        reasons.append(f"Deze melder heeft dit al gemeld (melding {original.number}) en die melding is nog open.")
    match = NOTHING_DONE.search(intake.description)
    if match:
        reasons.append(f"De tekst zegt dat het eerder is gemeld of dat er niets is gedaan: ‘{match.group(0)}’.")
        if original is None:
            candidates = selectors.duplicate_candidates(
                category=intake.category,
                lat=intake.location.lat,
                lon=intake.location.lon,
                street=intake.location.street,
                house_number=intake.location.house_number,
            )
            original = candidates[0].melding if candidates else None
    return original, reasons


def _complaint_offer(intake: Intake, repeat_reasons: list[str]) -> ComplaintOffer | None:
    recognised = recognition.recognise(intake.description, {"repeat_report": bool(repeat_reasons)})
    if not repeat_reasons and recognised is None:
        return None
    reasons = [*repeat_reasons, *(recognised.reasons if recognised else [])]
    return ComplaintOffer(reasons=reasons, score=recognised.score if recognised else None)


def _store_photos(melding: Melding, cleaned: list[photo_rules.CleanPhoto], saved: list[str]) -> None:
    for photo in cleaned:
        name = default_storage.save(
            f"meldingen/{melding.created_at:%Y/%m}/{secrets.token_hex(16)}.{photo.extension}",
            ContentFile(photo.content),
        )
        saved.append(name)
        Photo.objects.create(
            melding=melding,
            file=name,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.content),
        )


def create_melding(intake: Intake, *, actor: User | None = None) -> IntakeResult:
    """Register a melding from any channel. Raises ``ValidationError``; a return means it is committed."""
    intake, cleaned_photos = validate_intake(intake)
    category = intake.category
    original, repeat_reasons = detect_repeat(intake)
    offer = _complaint_offer(intake, repeat_reasons)
    saved_files: list[str] = []
    now = timezone.now()
    try:
        with transaction.atomic():
            melding = Melding.objects.create(
                number=f"tmp-{secrets.token_hex(7)}",
                token=secrets.token_urlsafe(24),
                category=category,
                unit=category.unit or category.parent.unit,
                description=intake.description,
                extra=intake.extra,
                is_urgent=intake.is_urgent,
                channel=intake.channel,
                street=intake.location.street,
                house_number=intake.location.house_number,
                postcode=intake.location.postcode,
                city=intake.location.city,
                location_note=intake.location.note,
                lat=intake.location.lat,
                lon=intake.location.lon,
                reporter_name=intake.reporter.name,
                reporter_email=intake.reporter.email,
                reporter_phone=intake.reporter.phone,
                feedback=intake.reporter.feedback,
                term_days=category.term_days,
                term_day_type=category.term_day_type,
                term_start=timezone.localdate(now),
                repeat_of=original,
                is_repeat=bool(repeat_reasons),
                repeat_reasons=repeat_reasons,
                origin_type=intake.origin_type,
                origin_id=intake.origin_id,
                created_at=now,
                updated_at=now,
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
            _store_photos(melding, cleaned_photos, saved_files)
            # Numbering last: the year's counter row is locked only for the final statements.
            melding.number = _next_number(melding.term_start.year)
            melding.save(update_fields=["number"])
            if original is not None and repeat_reasons:
                _event(
                    original,
                    Event.Kind.REPEAT,
                    actor=actor,
                    public_text="Er is opnieuw een melding over dit probleem binnengekomen.",
                    note=f"Herhaalmelding {melding.number}: {' '.join(repeat_reasons)}",
                )
            _event(melding, Event.Kind.CREATED, actor=actor, public_text=texts.transition_text(melding))
            if melding.feedback == Feedback.EMAIL and melding.reporter_email:
                subject, body = texts.confirmation_email(melding)
                enqueue_email(
                    key=f"meldingen:confirm:{melding.pk}", to=[melding.reporter_email], subject=subject, body=body
                )
    except Exception:
        for name in saved_files:
            default_storage.delete(name)
        raise
    return IntakeResult(melding=melding, complaint_offer=offer)


@transaction.atomic
def add_to_existing(melding: Melding, *, intake: Intake, actor: User | None = None) -> IntakeResult:
    """The reporter chose an open duplicate: follow it instead of making a new melding."""
    errors: dict[str, list[str]] = {}
    reporter = _clean_reporter(intake.reporter, errors)
    description = (intake.description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [f"Gebruik maximaal {DESCRIPTION_MAX_LENGTH} tekens."]
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    if not melding.is_open:
        errors["existing"] = ["Deze melding is al afgesloten. Maak een nieuwe melding."]
    if errors:
        raise ValidationError(errors)
    Follower.objects.create(
        melding=melding,
        email=reporter.email,
        phone=reporter.phone,
        feedback=reporter.feedback,
        description=description,
        channel=intake.channel,
    )
    event = _event(
        melding,
        Event.Kind.FOLLOWER,
        actor=actor,
        public_text="Iemand anders heeft dit probleem ook gemeld.",
        note=description,
    )
    melding.updated_at = event.at
    melding.save(update_fields=["updated_at"])
    if reporter.feedback == Feedback.EMAIL and reporter.email:
        subject, body = texts.follower_email(melding)
        enqueue_email(key=f"meldingen:follow:{event.pk}", to=[reporter.email], subject=subject, body=body)
    return IntakeResult(melding=melding, added_to_existing=True)


# --- Life cycle ------------------------------------------------------------------------------


class TransitionNotAllowed(ValidationError):
    pass


def can_handle(user: User, melding: Melding) -> bool:
    """Back office: the meldingen of the user's unit and the units below it."""
    if not user.is_authenticated or not user.has_perm("meldingen.handle_melding"):
        return False
    return user.unit_id is not None and melding.unit_id in selectors.unit_scope(user)


def can_route(user: User, melding: Melding) -> bool:
    """The KCC routes and cancels what comes in; the department itself may route on."""
    return can_handle(user, melding) or (
        user.has_perm("meldingen.add_melding") and user.has_perm("meldingen.view_all_meldingen")
    )


def _lock(melding: Melding, allowed_from: set[str] | frozenset[str], action: str) -> Melding:
    locked = Melding.objects.select_for_update(of=("self",)).select_related("category", "unit").get(pk=melding.pk)
    if locked.status not in allowed_from:
        raise TransitionNotAllowed(f"‘{action}’ kan niet bij een melding met status ‘{locked.get_status_display()}’.")
    return locked


def _after_transition(melding: Melding, *, actor: User, from_status: str, note: str = "", reopened: bool = False):
    now = timezone.now()
    melding.updated_at = now
    melding.save()
    public_text = texts.transition_text(melding, reopened=reopened)
    event = _event(
        melding, Event.Kind.TRANSITION, actor=actor, public_text=public_text, note=note, from_status=from_status
    )
    audit.record(actor, f"melding.{melding.status}", melding, van=from_status, naar=melding.status)
    _notify_reporters(melding, event)
    return melding


def _notify_reporters(melding: Melding, event: Event) -> None:
    """Tell the reporter (and followers) on the channel they chose: e-mail via the outbox, phone via a task."""
    subject, body = texts.status_email(melding, event.public_text)
    emails = []
    phones = []
    if melding.feedback == Feedback.EMAIL and melding.reporter_email:
        emails.append(melding.reporter_email)
    elif melding.feedback == Feedback.PHONE and melding.reporter_phone:
        phones.append(melding.reporter_phone)
    for follower in melding.followers.all():
        if follower.feedback == Feedback.EMAIL and follower.email:
            emails.append(follower.email)
        elif follower.feedback == Feedback.PHONE and follower.phone:
            phones.append(follower.phone)
    for address in dict.fromkeys(emails):
        enqueue_email(key=f"meldingen:event:{event.pk}:{address}", to=[address], subject=subject, body=body)
    if phones and melding.unit_id:
        create_task(
            kind="melding_terugkoppeling",
            title=f"Bel de melder van {melding.number}: {texts.STATUS_PUBLIC[melding.status].lower()}",
            description="\n".join(
                [f"Bel {', '.join(dict.fromkeys(phones))} en vertel:", "", event.public_text, melding.resolution_text]
            ).strip(),
            deadline=add_working_days(today(), 1),
            unit=melding.unit,
            subject=melding,
            created_by=event.actor,
        )


@transaction.atomic
def route_melding(melding: Melding, *, actor: User, unit: OrganisationUnit | None = None, note: str = "") -> Melding:
    """gemeld → doorgezet, to the category's department or the chosen one."""
    melding = _lock(melding, {Status.REPORTED}, "Doorzetten")
    if not can_route(actor, melding):
        raise PermissionDenied("U mag deze melding niet doorzetten.")
    target = unit or melding.unit
    if target is None:
        raise ValidationError({"unit": ["Kies de afdeling die de melding gaat behandelen."]})
    from_status = melding.status
    melding.unit = target
    melding.status = Status.ROUTED
    return _after_transition(melding, actor=actor, from_status=from_status, note=note)


@transaction.atomic
def start_melding(melding: Melding, *, actor: User, note: str = "") -> Melding:
    """doorgezet → in behandeling."""
    melding = _lock(melding, {Status.ROUTED}, "In behandeling nemen")
    if not can_handle(actor, melding):
        raise PermissionDenied("Deze melding hoort niet bij uw afdeling.")
    from_status = melding.status
    melding.status = Status.IN_PROGRESS
    return _after_transition(melding, actor=actor, from_status=from_status, note=note)


def _check_delay(melding: Melding, delay_reason: DelayReason | None, delay_text: str, errors: dict) -> None:
    due = terms.deadline(melding.term_start, melding.term_days, melding.term_day_type)
    if today() <= due:
        return
    if delay_reason is None or not delay_reason.is_active:
        errors["delay_reason"] = [f"De termijn is verlopen op {texts.day(due)}. Kies de reden van de vertraging."]
    if not delay_text.strip():
        errors["delay_text"] = ["Licht de vertraging toe."]


@transaction.atomic
def close_melding(
    melding: Melding,
    *,
    actor: User,
    resolution: str,
    text: str = "",
    planned_date: date | None = None,
    delay_reason: DelayReason | None = None,
    delay_text: str = "",
) -> Melding:
    """in behandeling → opgelost / niet_oplosbaar (reason) / gepland (new date)."""
    if resolution not in (Status.SOLVED, Status.UNSOLVABLE, Status.PLANNED):
        raise ValidationError({"resolution": ["Kies hoe de melding is afgehandeld."]})
    melding = _lock(melding, {Status.IN_PROGRESS}, "Afhandelen")
    if not can_handle(actor, melding):
        raise PermissionDenied("Deze melding hoort niet bij uw afdeling.")
    errors: dict[str, list[str]] = {}
    text = text.strip()
    if resolution == Status.UNSOLVABLE and not text:
        errors["text"] = ["Geef de reden waarom de melding niet kan worden afgehandeld."]
    if resolution == Status.PLANNED:
        if planned_date is None:
            errors["planned_date"] = ["Vul de nieuwe datum in waarop het klaar is."]
        elif planned_date <= today():
            errors["planned_date"] = ["De nieuwe datum moet in de toekomst liggen."]
    _check_delay(melding, delay_reason, delay_text, errors)
    if errors:
        raise ValidationError(errors)
    return _close(
        melding,
        actor=actor,
        status=resolution,
        text=text,
        planned_date=planned_date,
        delay_reason=delay_reason,
        delay_text=delay_text,
    )


def _close(melding: Melding, *, actor: User, status: str, text: str, planned_date, delay_reason, delay_text) -> Melding:
    from_status = melding.status
    melding.status = status
    melding.resolution_text = text
    melding.planned_date = planned_date if status == Status.PLANNED else None
    on_time = today() <= terms.deadline(melding.term_start, melding.term_days, melding.term_day_type)
    melding.delay_reason = None if on_time else delay_reason
    melding.delay_text = "" if on_time else delay_text.strip()
    melding.closed_at = timezone.now()
    return _after_transition(melding, actor=actor, from_status=from_status, note=text)


@transaction.atomic
def cancel_melding(
    melding: Melding, *, actor: User, text: str, delay_reason: DelayReason | None = None, delay_text: str = ""
) -> Melding:
    """Any open status → geannuleerd (e.g. a mistaken or double report). A reason is mandatory."""
    melding = _lock(melding, OPEN_STATUSES, "Annuleren")
    if not can_route(actor, melding):
        raise PermissionDenied("U mag deze melding niet annuleren.")
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = ["Geef de reden van het annuleren."]
    _check_delay(melding, delay_reason, delay_text, errors)
    if errors:
        raise ValidationError(errors)
    return _close(
        melding,
        actor=actor,
        status=Status.CANCELLED,
        text=text.strip(),
        planned_date=None,
        delay_reason=delay_reason,
        delay_text=delay_text,
    )


@transaction.atomic
def reopen_melding(melding: Melding, *, actor: User, text: str) -> Melding:
    """Closed → doorgezet, back to the department with a fresh term from today."""
    melding = _lock(melding, CLOSED_STATUSES, "Heropenen")
    if not can_route(actor, melding):
        raise PermissionDenied("U mag deze melding niet heropenen.")
    if not text.strip():
        raise ValidationError({"text": ["Geef de reden van het heropenen."]})
    from_status = melding.status
    melding.status = Status.ROUTED
    melding.term_start = today()
    melding.term_days = melding.category.term_days
    melding.term_day_type = melding.category.term_day_type
    melding.planned_date = None
    melding.resolution_text = ""
    melding.delay_reason = None
    melding.delay_text = ""
    melding.closed_at = None
    return _after_transition(melding, actor=actor, from_status=from_status, note=text.strip(), reopened=True)


# --- Deadlines ---------------------------------------------------------------------------------


def send_deadline_signals(on: date | None = None) -> dict[str, int]:
    """Reminders (oranje) and escalations (rood) to the unit coordinator, once per melding and term."""
    counts = {"herinneringen": 0, "escalaties": 0}
    day = on or today()
    due = (
        selectors.with_light(Melding.objects.filter(status__in=OPEN_STATUSES, unit__isnull=False), today=day)
        .filter(light__in=[terms.ORANGE, terms.RED])
        .select_related("unit__coordinator", "category__parent")
    )
    for melding in due:
        escalation = melding.light == terms.RED
        kind = "escalatie" if escalation else "herinnering"
        event_kind = Event.Kind.ESCALATION if escalation else Event.Kind.REMINDER
        key = f"meldingen:{kind}:{melding.pk}:{melding.term_start.isoformat()}"
        recipient = (melding.unit.coordinator.email if melding.unit.coordinator else "") or melding.unit.email
        if recipient:
            done = OutboxMessage.objects.filter(key=key).exists()
        else:  # the teamleider's task (his e-mail address is optional) marks it done
            done = melding.events.filter(kind=event_kind, at__date__gte=melding.term_start).exists()
        if done:
            continue
        subject, body = texts.deadline_email(melding, escalation=escalation)
        with transaction.atomic():
            if recipient:
                enqueue_email(key=key, to=[recipient], subject=subject, body=body)
                note = f"{kind.capitalize()} verstuurd naar {recipient}."
            else:
                # Never skipped: a unit without coordinator or address hands it to the teamleider.
                delivery = notify_unit(
                    unit=melding.unit,
                    kind=f"melding_{kind}",
                    title=subject,
                    description=body,
                    deadline=add_working_days(day, 1),
                    subject=melding,
                    email_key=key,
                    email_body=body,
                )
                to = f" ({', '.join(delivery.addresses)})" if delivery.addresses else ""
                note = f"{kind.capitalize()} naar de teamleider{to}: {delivery.fallback_reason}"
            _event(melding, event_kind, actor=None, note=note)
        counts["escalaties" if escalation else "herinneringen"] += 1
    return counts


# --- Open311 API keys --------------------------------------------------------------------------


def hash_api_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_key(*, name: str, actor: User | None = None) -> tuple[Open311ApiKey, str]:
    """A new Open311 key; the plain key is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["Geef de sleutel een naam."]})
    plain = secrets.token_urlsafe(32)
    api_key = Open311ApiKey.objects.create(name=name[:200], prefix=plain[:8], key_hash=hash_api_key(plain))
    audit.record(actor, "open311.apikey.create", api_key, naam=api_key.name)
    return api_key, plain
