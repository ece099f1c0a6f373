"""Turning a contact in the documented JSON form into unsaved, validated model instances.

One shape serves the import (``kcc contactmomenten import``) and the API: the field names are the
Dutch ones of the contract. Everything is checked before anything is written, so a rejected
contact leaves nothing behind; the error names the field (``vragen[0].afhandeling``) in Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kcc.contacten.fcr import classify, reached_kind
from kcc.contacten.models import Channel, Contactmoment, Handling, Question, QuestionType, TransferAttempt
from kcc.contacten.privacy import normalise_address, normalise_contact_phone, normalise_email
from kcc.core.models import OrganisationUnit

CHANNEL_ALIASES = {"e-mail": Channel.EMAIL.value, "mail": Channel.EMAIL.value}
MAX_QUESTIONS = 50
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


@dataclass
class ParsedQuestion:
    question: Question
    attempts: list[TransferAttempt] = field(default_factory=list)


@dataclass
class ParsedContact:
    contact: Contactmoment
    questions: list[ParsedQuestion] = field(default_factory=list)


class Lookups:
    """Units by code (case-insensitive) and directory people by id, each fetched once."""

    def __init__(self, units: Mapping[str, OrganisationUnit] | None = None) -> None:
        self._units: dict[str, OrganisationUnit | None] = dict(units or {})
        self._people: dict[int, bool] = {}

    @classmethod
    def all_units(cls) -> Lookups:
        return cls({unit.code.lower(): unit for unit in OrganisationUnit.objects.all()})

    def unit(self, code: str) -> OrganisationUnit | None:
        key = code.strip().lower()
        if key not in self._units:
            self._units[key] = OrganisationUnit.objects.filter(code__iexact=key).first()
        return self._units[key]

    def person_exists(self, person_id: int) -> bool:
        if person_id not in self._people:
            from kcc.medewerkers.models import Person

            self._people[person_id] = Person.objects.filter(pk=person_id).exists()
        return self._people[person_id]


def _timestamp(value: Any, name: str, errors: dict[str, str]) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None:
            errors[name] = f"‘{value}’ is geen geldig tijdstip; gebruik bijvoorbeeld 2011-01-10T09:02:00+01:00."
            return None
    else:
        errors[name] = "Vul een tijdstip in, bijvoorbeeld 2011-01-10T09:02:00+01:00."
        return None
    if moment.tzinfo is None:
        errors[name] = f"Het tijdstip ‘{value}’ heeft geen tijdzone; voeg die toe, bijvoorbeeld +01:00."
        return None
    if moment < EARLIEST:
        errors[name] = f"Het tijdstip ‘{value}’ ligt vóór {EARLIEST:%Y}."
        return None
    if moment > timezone.now() + timedelta(days=1):
        errors[name] = f"Het tijdstip ‘{value}’ ligt in de toekomst."
        return None
    return moment


def _choice(value: Any, choices: type, name: str, label: str, errors: dict[str, str]) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        errors[name] = f"Onbekende {label} ‘{value}’. Kies uit: {allowed}."
        return ""
    return value


def _text(value: Any, name: str, errors: dict[str, str], max_length: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[name] = "Dit moet tekst zijn."
        return ""
    if len(value) > max_length:
        errors[name] = f"Maximaal {max_length} tekens."
        return ""
    return value.strip()


def _unit(code: Any, name: str, lookups: Lookups, errors: dict[str, str]) -> OrganisationUnit | None:
    if code in (None, ""):
        return None
    unit = lookups.unit(code) if isinstance(code, str) else None
    if unit is None:
        errors[name] = f"Onbekende eenheid ‘{code}’: gebruik de code van een organisatie-eenheid."
    return unit


def parse_attempt(data: Any, prefix: str, lookups: Lookups, errors: dict[str, str]) -> TransferAttempt | None:
    if not isinstance(data, Mapping):
        errors[prefix] = "Een doorverbindpoging is een object met doel, eenheid en resultaat."
        return None
    target = _choice(data.get("doel"), TransferAttempt.Target, f"{prefix}.doel", "doel", errors)
    result = _choice(data.get("resultaat"), TransferAttempt.Result, f"{prefix}.resultaat", "resultaat", errors)
    reached = data.get("bereikt") or ""
    reason = data.get("reden") or ""
    if result == TransferAttempt.Result.REACHED:
        _choice(reached, TransferAttempt.Reached, f"{prefix}.bereikt", "waarde voor bereikt", errors)
        if reason:
            errors[f"{prefix}.reden"] = "Een reden hoort alleen bij een poging die niet is gelukt."
    elif result == TransferAttempt.Result.NOT_REACHED:
        _choice(reason, TransferAttempt.Reason, f"{prefix}.reden", "reden", errors)
        if reached:
            errors[f"{prefix}.bereikt"] = "Bij ‘niet_bereikt’ is niemand bereikt: laat ‘bereikt’ leeg."
    warm = data.get("warm", False)
    if not isinstance(warm, bool):
        errors[f"{prefix}.warm"] = "Gebruik true (warm) of false (koud)."
    person_id = data.get("persoon")
    if person_id is not None and (
        not isinstance(person_id, int) or isinstance(person_id, bool) or not lookups.person_exists(person_id)
    ):
        errors[f"{prefix}.persoon"] = f"Onbekende medewerker ‘{person_id}’."
        person_id = None
    unit = _unit(data.get("eenheid"), f"{prefix}.eenheid", lookups, errors)
    if target == TransferAttempt.Target.UNIT and unit is None and f"{prefix}.eenheid" not in errors:
        errors[f"{prefix}.eenheid"] = "Vul de eenheid in die is gebeld."
    attempted_at = None
    if data.get("tijdstip") is not None:
        attempted_at = _timestamp(data["tijdstip"], f"{prefix}.tijdstip", errors)
    return TransferAttempt(
        target=target,
        unit=unit,
        person_id=person_id,
        result=result,
        reached=reached,
        reason=reason,
        warm=warm is True,
        attempted_at=attempted_at,
    )


def check_question(question_type: str, handling: str, attempts: list[TransferAttempt]) -> str | None:
    """A rule on the combination: a transfer to a specific person or unit must say who was reached."""
    if (
        question_type == QuestionType.PERSON_OR_UNIT
        and handling == Handling.TRANSFERRED
        and reached_kind(attempts) is None
    ):
        return "Doorverbonden met een persoon of afdeling: leg vast wie er bereikt is (gevraagde of vervanger)."
    return None


def parse_question(data: Any, prefix: str, lookups: Lookups, errors: dict[str, str]) -> ParsedQuestion | None:
    if not isinstance(data, Mapping):
        errors[prefix] = "Een vraag is een object met vraagsoort en afhandeling."
        return None
    question_type = _choice(data.get("vraagsoort"), QuestionType, f"{prefix}.vraagsoort", "vraagsoort", errors)
    handling = _choice(data.get("afhandeling"), Handling, f"{prefix}.afhandeling", "afhandeling", errors)
    unit = _unit(data.get("eenheid"), f"{prefix}.eenheid", lookups, errors)
    raw_attempts = data.get("doorverbindpogingen") or []
    if not isinstance(raw_attempts, list):
        errors[f"{prefix}.doorverbindpogingen"] = "Doorverbindpogingen zijn een lijst."
        raw_attempts = []
    attempts = [
        attempt
        for index, item in enumerate(raw_attempts)
        if (attempt := parse_attempt(item, f"{prefix}.doorverbindpogingen[{index}]", lookups, errors)) is not None
    ]
    if question_type and handling and (problem := check_question(question_type, handling, attempts)):
        errors[f"{prefix}.doorverbindpogingen"] = problem
    question = Question(
        question_type=question_type,
        handling=handling,
        unit=unit,
        subject=_text(data.get("onderwerp"), f"{prefix}.onderwerp", errors, 60),
        notes=_text(data.get("notities"), f"{prefix}.notities", errors, 10_000),
    )
    if question_type and handling:
        question.fcr_row, question.fcr_outcome = classify(question_type, handling, reached_kind(attempts))
    return ParsedQuestion(question, attempts)


def parse_contact(data: Any, lookups: Lookups) -> ParsedContact:
    """Validate one contact in the documented form; raises ``ValidationError`` with every problem."""
    if not isinstance(data, Mapping):
        raise ValidationError({"contact": "Een contact is een JSON-object."})
    errors: dict[str, str] = {}
    channel = data.get("kanaal")
    if isinstance(channel, str):
        channel = CHANNEL_ALIASES.get(channel, channel)
    channel = _choice(channel, Channel, "kanaal", "kanaal", errors)
    start = _timestamp(data.get("start"), "start", errors)
    end = _timestamp(data["einde"], "einde", errors) if data.get("einde") is not None else None
    if start and end and end < start:
        errors["einde"] = "Het einde ligt vóór het begin van het contact."
    extern_id = data.get("extern_id")
    if extern_id is not None and (not isinstance(extern_id, str) or not extern_id.strip() or len(extern_id) > 100):
        errors["extern_id"] = "Het extern id is tekst van 1 tot 100 tekens."
    contact = Contactmoment(
        channel=channel,
        started_at=start,
        ended_at=end,
        extern_id=extern_id.strip() if isinstance(extern_id, str) else None,
    )
    for name, attribute, normalise in (
        ("telefoonnummer", "phone", normalise_contact_phone),
        ("email", "email", normalise_email),
        ("adres", "address", normalise_address),
    ):
        value = _text(data.get(name), name, errors, 254)
        try:
            setattr(contact, attribute, normalise(value))
        except ValidationError as error:
            errors[name] = error.messages[0]
    if contact.email:
        try:
            validate_email(contact.email)
        except ValidationError:
            errors["email"] = f"‘{contact.email}’ is geen geldig e-mailadres."
    raw_questions = data.get("vragen")
    if not isinstance(raw_questions, list) or not raw_questions:
        errors["vragen"] = "Een contact heeft ten minste één vraag."
        raw_questions = []
    elif len(raw_questions) > MAX_QUESTIONS:
        errors["vragen"] = f"Een contact heeft hoogstens {MAX_QUESTIONS} vragen."
        raw_questions = []
    parsed = ParsedContact(contact)
    for index, item in enumerate(raw_questions):
        question = parse_question(item, f"vragen[{index}]", lookups, errors)
        if question is not None:
            question.question.position = index
            parsed.questions.append(question)
    if errors:
        raise ValidationError(errors)
    return parsed
