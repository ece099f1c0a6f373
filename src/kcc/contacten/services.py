"""Writes of the contacten capability; each public function is one transaction."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kcc.contacten import selectors
from kcc.contacten.fcr import classify, reached_kind
from kcc.contacten.intake import Lookups, ParsedContact, check_question, parse_attempt, parse_contact
from kcc.contacten.models import (
    Callback,
    Contactmoment,
    Handling,
    Handoff,
    Klant,
    Question,
    QuestionItem,
    QuestionType,
    RetentionTerm,
    Signal,
    TransferAttempt,
)
from kcc.contacten.privacy import (
    bsn_hash,
    decrypt_bsn,
    encrypt_bsn,
    normalise_address,
    normalise_contact_phone,
    normalise_email,
    validate_bsn,
)
from kcc.contacten.signals import callback_closed, callback_created, contact_closed, contacts_stored
from kcc.core import audit
from kcc.core.calendar import add_working_days, today
from kcc.core.escalation import notify_unit
from kcc.core.models import OrganisationUnit, Task, User
from kcc.core.outbox import enqueue_email
from kcc.core.roles import Role
from kcc.core.services import create_task, resolve_task
from kcc.kennisbank.services import mark_backoffice_contacted_during

DEFAULT_RETENTION_MONTHS = {
    RetentionTerm.RecordType.CONTACT: 24,
    RetentionTerm.RecordType.CALLBACK: 24,
    RetentionTerm.RecordType.KLANT: 24,
}
ANONYMISED = "[geanonimiseerd]"

# The transfer panel passes the reason a transfer failed; this is the callback reason it means.
CALLBACK_REASON_FOR_TRANSFER = {
    TransferAttempt.Reason.ABSENT: Callback.Reason.PERSON_ABSENT,
    TransferAttempt.Reason.SICK: Callback.Reason.PERSON_ABSENT,
    TransferAttempt.Reason.LEAVE: Callback.Reason.PERSON_ABSENT,
    TransferAttempt.Reason.BUSY: Callback.Reason.UNIT_UNREACHABLE,
    TransferAttempt.Reason.NO_ANSWER: Callback.Reason.UNIT_UNREACHABLE,
    TransferAttempt.Reason.REFUSES: Callback.Reason.UNIT_UNREACHABLE,
    TransferAttempt.Reason.OUTSIDE_WINDOW: Callback.Reason.UNIT_UNREACHABLE,
    TransferAttempt.Reason.POLICY: Callback.Reason.POLICY,
}


# Afhandelingen a later transfer try does not overwrite: the question already ended another way.
CALLBACK_OR_DONE = frozenset(
    {
        Handling.CALLBACK,
        Handling.EMAIL_OFFERED,
        Handling.CALL_AGAIN,
        Handling.REPORT_MADE,
        Handling.APPOINTMENT_MADE,
        Handling.COMPLAINT_REGISTERED,
    }
)


def repeat_period() -> timedelta:
    return timedelta(days=settings.KCC_REPEAT_CONTACT_DAYS)


# --- contacts --------------------------------------------------------------------------------


def store_contacts(parsed: list[ParsedContact], *, agent: User | None = None) -> list[Contactmoment]:
    """Insert validated contacts with their questions and attempts in three bulk statements."""
    contacts = [item.contact for item in parsed]
    for contact in contacts:
        contact.agent = agent
    Contactmoment.objects.bulk_create(contacts)
    questions = []
    for item in parsed:
        for parsed_question in item.questions:
            parsed_question.question.contact = item.contact
            questions.append(parsed_question.question)
    Question.objects.bulk_create(questions)
    attempts = []
    for item in parsed:
        for parsed_question in item.questions:
            for attempt in parsed_question.attempts:
                attempt.question = parsed_question.question
                attempts.append(attempt)
    TransferAttempt.objects.bulk_create(attempts)
    contacts_stored.send(sender=Contactmoment, contact_ids=[contact.pk for contact in contacts])
    return contacts


@transaction.atomic
def register_contact(data: dict[str, Any], *, agent: User) -> Contactmoment:
    """A complete contact at once (API): validated as a whole, stored, checked for repeat contacts."""
    parsed = parse_contact(data, Lookups())
    if parsed.contact.extern_id and Contactmoment.objects.filter(extern_id=parsed.contact.extern_id).exists():
        raise ValidationError({"extern_id": f"Er is al een contact met extern id ‘{parsed.contact.extern_id}’."})
    (contact,) = store_contacts([parsed], agent=agent)
    for item in parsed.questions:
        _detect_repeat(contact, item.question)
    return contact


@transaction.atomic
def start_contact(*, agent: User, channel: str = "telefoon") -> Contactmoment:
    """A running contact: the clock starts now; questions are added while the caller is on the line."""
    contact = Contactmoment(agent=agent, channel=channel, started_at=timezone.now())
    contact.full_clean(exclude=["klant", "agent"])
    contact.save()
    return contact


@transaction.atomic
def update_caller(contact: Contactmoment, *, channel: str, phone: str, email: str, address: str) -> Contactmoment:
    """Who is calling, as far as the caller wants to say: used for the klantbeeld and repeat contacts."""
    contact.channel = channel
    contact.phone = normalise_contact_phone(phone)
    contact.email = normalise_email(email)
    contact.address = normalise_address(address)
    if contact.email:
        try:
            validate_email(contact.email)
        except ValidationError as error:
            raise ValidationError({"email": f"‘{email}’ is geen geldig e-mailadres."}) from error
    contact.full_clean(exclude=["klant", "agent", "extern_id"])
    contact.save(update_fields=["channel", "phone", "email", "address"])
    for question in contact.questions.all():
        _detect_repeat(contact, question)
    return contact


@transaction.atomic
def identify_klant(
    contact: Contactmoment, *, user: User, name: str = "", bsn: str = "", bsn_purpose: str = ""
) -> Klant:
    """Link the contact to a person; a BSN only with a stated purpose, and the same BSN finds the same person."""
    name = name.strip()
    bsn_purpose = bsn_purpose.strip()
    klant = None
    if bsn:
        number = validate_bsn(bsn)
        if not bsn_purpose:
            raise ValidationError(
                {"bsn_purpose": "Leg vast waarvoor het BSN nodig is; zonder doel slaan we het niet op."}
            )
        klant = Klant.objects.filter(bsn_hash=bsn_hash(number), anonymised_at__isnull=True).first()
        if klant is None:
            klant = Klant(bsn_encrypted=encrypt_bsn(number), bsn_hash=bsn_hash(number))
        klant.bsn_purpose = bsn_purpose[:300]
    elif not name:
        raise ValidationError({"name": "Vul een naam of een BSN in om de klant vast te leggen."})
    klant = klant or contact.klant or Klant()
    if name:
        klant.name = name[:200]
    klant.phone = klant.phone or contact.phone
    klant.email = klant.email or contact.email
    klant.save()
    if bsn:
        audit.record(user, "bsn_vastgelegd", klant, purpose=bsn_purpose[:300])
    contact.klant = klant
    contact.save(update_fields=["klant"])
    for question in contact.questions.all():
        _detect_repeat(contact, question)
    return klant


@transaction.atomic
def reveal_bsn(klant: Klant, *, user: User, purpose: str) -> str:
    """The full BSN, for a stated reason, written to the audit log before it is shown."""
    if not user.has_perm("contacten.view_bsn"):
        raise PermissionDenied("U mag geen BSN inzien.")
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError({"purpose": "Geef aan waarom u het BSN wilt inzien."})
    if not klant.bsn_encrypted:
        raise ValidationError({"purpose": "Van deze klant is geen BSN vastgelegd."})
    audit.record(user, "bsn_ingezien", klant, purpose=purpose[:300])
    return decrypt_bsn(klant.bsn_encrypted)


def _refresh_fcr(question: Question) -> None:
    attempts = question.transfer_attempts.all() if question.pk else []
    question.fcr_row, question.fcr_outcome = classify(question.question_type, question.handling, reached_kind(attempts))


def _detect_repeat(contact: Contactmoment, question: Question) -> None:
    """Flag and count a question about the same matter as an earlier contact by the same caller."""
    earlier = selectors.earlier_questions_on_same_matter(contact, question, repeat_period())
    count = len(earlier)
    latest = earlier[0] if earlier else None
    if (question.repeat_count, question.repeat_of_id) != (count, latest.pk if latest else None):
        question.repeat_count, question.repeat_of = count, latest
        question.save(update_fields=["repeat_count", "repeat_of"])


def _ensure_own_contact(contact: Contactmoment, user: User) -> None:
    if contact.agent_id != user.pk:
        raise PermissionDenied("Dit contact is van een andere medewerker.")


@transaction.atomic
def add_question(
    contact: Contactmoment,
    *,
    user: User,
    question_type: str,
    handling: str,
    unit: OrganisationUnit | None = None,
    subject: str = "",
    notes: str = "",
) -> Question:
    """A question; a placeholder the capture made for what the agent opened (see below) is completed instead."""
    _ensure_own_contact(contact, user)
    question = _placeholder(contact) or Question(contact=contact, position=contact.questions.count())
    question.question_type, question.handling, question.unit = question_type, handling, unit
    question.subject, question.notes = subject.strip(), notes.strip()
    _refresh_fcr(question)
    question.full_clean(exclude=["contact", "fcr_row", "fcr_outcome", "repeat_of"])
    question.save()
    _detect_repeat(contact, question)
    return question


# --- capture: the registration follows what the agent did ------------------------------------


def _placeholder(contact: Contactmoment) -> Question | None:
    """The latest question when it is still a bare placeholder: afhandeling to be chosen, nothing typed."""
    latest = contact.questions.order_by("-position", "-id").first()
    if (
        latest is not None
        and latest.handling == Handling.UNKNOWN
        and not latest.notes
        and not latest.subject
        and not latest.transfer_attempts.exists()
        and not latest.callbacks.exists()
    ):
        return latest
    return None


def current_question(contact: Contactmoment) -> Question:
    """The question the agent is working on: the latest one, or a new general question to complete."""
    latest = contact.questions.order_by("-position", "-id").first()
    if latest is not None:
        return latest
    question = Question(contact=contact, position=0, question_type=QuestionType.GENERAL, handling=Handling.UNKNOWN)
    _refresh_fcr(question)
    question.save()
    return question


def _ensure_running(contact: Contactmoment) -> None:
    if contact.ended_at is not None:
        raise ValidationError({"contact": f"Contact {contact.number} is al afgesloten."})


def _item_target(kind: str, object_id: Any) -> dict[str, Any]:
    """The model field and instance of an opened item; an unknown kind or id is a ValidationError."""
    from kcc.kennisbank.models import VAC
    from kcc.medewerkers.models import Person
    from kcc.producten.models import Product

    models_by_kind = {
        QuestionItem.Kind.VAC: ("vac", VAC),
        QuestionItem.Kind.PRODUCT: ("product", Product),
        QuestionItem.Kind.PERSON: ("person", Person),
        QuestionItem.Kind.UNIT: ("unit", OrganisationUnit),
    }
    if kind not in models_by_kind:
        raise ValidationError({"soort": f"Onbekende soort ‘{kind}’. Kies uit: {', '.join(QuestionItem.Kind.values)}."})
    field, model = models_by_kind[QuestionItem.Kind(kind)]
    target = None
    if isinstance(object_id, int) and not isinstance(object_id, bool) and 0 < object_id < 2**63:
        target = model.objects.filter(pk=object_id).first()
    if target is None:
        raise ValidationError({"id": f"Er is geen {QuestionItem.Kind(kind).label.lower()} met id ‘{object_id}’."})
    return {field: target}


def _link_item(
    question: Question, kind: str, object_id: Any, opened_at: datetime, *, before_start: bool
) -> QuestionItem:
    target = _item_target(kind, object_id)
    item, created = QuestionItem.objects.get_or_create(
        question=question,
        kind=kind,
        **target,
        defaults={
            # As KISS' afhandeling: a consulted answer is presumed used; a card only when the agent says so.
            "used_in_answer": kind == QuestionItem.Kind.VAC,
            "opened_at": opened_at,
            "before_start": before_start,
        },
    )
    if created and kind == QuestionItem.Kind.VAC:
        question.vacs.add(target["vac"])
    return item


@transaction.atomic
def use_in_contact(
    contact: Contactmoment, *, user: User, kind: str, object_id: int, opened_at: datetime | None = None
) -> QuestionItem:
    """Link a VAC, product, person or unit card the agent opened to the contact's current question.

    Every app that shows such an item during a contact calls this, so the registration (and with
    it the FCR and "VAC geraadpleegd" figures) follows what the agent did. Opening it again changes nothing.
    """
    _ensure_own_contact(contact, user)
    _ensure_running(contact)
    return _link_item(current_question(contact), kind, object_id, opened_at or timezone.now(), before_start=False)


@transaction.atomic
def link_opened_before_start(
    contact: Contactmoment, *, user: User, opened: Iterable[tuple[str, int, datetime]], window: timedelta
) -> list[QuestionItem]:
    """Items opened in the ``window`` before the contact started (the agent searched while the caller spoke)."""
    _ensure_own_contact(contact, user)
    _ensure_running(contact)
    wanted = [
        (kind, object_id, at)
        for kind, object_id, at in opened
        if contact.started_at - window <= at <= contact.started_at + timedelta(seconds=5)
    ]
    if not wanted:
        return []
    question = current_question(contact)
    items = []
    for kind, object_id, at in wanted:
        try:
            items.append(_link_item(question, kind, object_id, min(at, contact.started_at), before_start=True))
        except ValidationError:
            continue  # deleted since it was opened: nothing left to link
    return items


@transaction.atomic
def set_used_in_answer(item: QuestionItem, *, user: User, used: bool) -> QuestionItem:
    """The agent's "gebruikt in antwoord" choice for one linked item."""
    _ensure_own_contact(item.question.contact, user)
    item.used_in_answer = used
    item.save(update_fields=["used_in_answer"])
    return item


@transaction.atomic
def record_follow_up(
    contact: Contactmoment,
    *,
    user: User,
    question_type: str,
    handling: str,
    subject: str = "",
    unit: OrganisationUnit | None = None,
) -> Question:
    """A melding, klacht or afspraak made from the contact: the question it answers says so.

    The current question is completed when its afhandeling is still to be chosen or it is of the same
    vraagsoort; otherwise the follow-up is a question of its own.
    """
    _ensure_own_contact(contact, user)
    latest = contact.questions.order_by("-position", "-id").first()
    if latest is not None and (latest.handling == Handling.UNKNOWN or latest.question_type == question_type):
        question = latest
    else:
        question = Question(contact=contact, position=contact.questions.count())
    question.question_type, question.handling = question_type, handling
    question.subject = (subject or question.subject)[:60]
    question.unit = question.unit or unit
    _refresh_fcr(question)
    question.full_clean(exclude=["contact", "fcr_row", "fcr_outcome", "repeat_of"])
    question.save()
    _detect_repeat(contact, question)
    return question


@transaction.atomic
def update_question(
    question: Question,
    *,
    user: User,
    question_type: str,
    handling: str,
    unit: OrganisationUnit | None,
    subject: str,
    notes: str,
    complaint_offer: str,
    vac_ids: Iterable[int] | None = None,
) -> Question:
    _ensure_own_contact(question.contact, user)
    question.question_type, question.handling, question.unit = question_type, handling, unit
    question.subject, question.notes, question.complaint_offer = subject.strip(), notes.strip(), complaint_offer
    _refresh_fcr(question)
    question.full_clean(exclude=["contact", "fcr_row", "fcr_outcome", "repeat_of"])
    question.save()
    if vac_ids is not None:
        question.vacs.set(vac_ids)
    _detect_repeat(question.contact, question)
    return question


@transaction.atomic
def _note_backoffice_contact(contact: Contactmoment) -> None:
    """The knowledge base did not settle it: the agent's searches during this contact led to the back office."""
    if contact.agent is not None:
        mark_backoffice_contacted_during(user=contact.agent, since=contact.started_at, until=timezone.now())


def transfer_advice(attempt: TransferAttempt, *, user: User, at: datetime) -> str:
    """The transfer panel's advice when it says not to put the caller through now ('' when it may).

    Against the unit's policy (geen doorverbinding, alleen spoed), outside its window or on a closing day.
    """
    from kcc.medewerkers import selectors as directory
    from kcc.medewerkers.presence import Transfer

    if attempt.person_id is not None:
        reach = directory.person_reachability(attempt.person, viewer=user, at=at)
        unit_status = reach.target.unit
    elif attempt.unit is not None:
        unit_status = directory.unit_reachability(attempt.unit, at=at).target
    else:
        return ""
    if unit_status is None or unit_status.transfer == Transfer.ALLOWED:
        return ""
    return unit_status.transfer_text[:300]


@transaction.atomic
def record_transfer_attempt(contact: Contactmoment, *, user: User, data: dict[str, Any]) -> TransferAttempt:
    """The transfer panel's buttons: the attempt goes to the contact's current question (made if needed)."""
    _ensure_own_contact(contact, user)
    _ensure_running(contact)
    return add_transfer_attempt(current_question(contact), user=user, data=data)


@transaction.atomic
def add_transfer_attempt(question: Question, *, user: User, data: dict[str, Any]) -> TransferAttempt:
    """Log one transfer try (contract field names: doel, eenheid, persoon, resultaat, bereikt, reden, warm,
    afwijkreden) from the transfer panel.

    A try against the panel's advice needs the agent's reason (``afwijkreden``), kept with the advice.
    A reached target makes the question's afhandeling ``doorverbonden``, so the FCR rule applies.
    """
    _ensure_own_contact(question.contact, user)
    _ensure_running(question.contact)
    errors: dict[str, str] = {}
    attempt = parse_attempt(data, "doorverbindpoging", Lookups(), errors)
    if errors or attempt is None:
        raise ValidationError(errors)
    if attempt.person_id is not None and attempt.unit is None:
        attempt.unit = _person_main_unit(attempt.person)
    attempt.question = question
    attempt.attempted_at = attempt.attempted_at or timezone.now()
    attempt.advice = transfer_advice(attempt, user=user, at=attempt.attempted_at)
    override = data.get("afwijkreden") or ""
    if not isinstance(override, str):
        raise ValidationError({"doorverbindpoging.afwijkreden": "Dit moet tekst zijn."})
    attempt.override_reason = override.strip()[:300]
    if attempt.advice and not attempt.override_reason:
        raise ValidationError(
            {"doorverbindpoging.afwijkreden": f"{attempt.advice} Geef aan waarom u toch doorverbindt."}
        )
    if not attempt.advice:
        attempt.override_reason = ""
    attempt.save()
    _note_backoffice_contact(question.contact)
    fields = ["fcr_row", "fcr_outcome"]
    if attempt.result == TransferAttempt.Result.REACHED and question.handling not in CALLBACK_OR_DONE:
        question.handling = Handling.TRANSFERRED
        question.unit = question.unit or attempt.unit
        fields += ["handling", "unit"]
    _refresh_fcr(question)
    question.save(update_fields=fields)
    return attempt


@transaction.atomic
def close_contact(contact: Contactmoment, *, user: User) -> Contactmoment:
    """End the contact: every question must be complete by the FCR rule."""
    _ensure_own_contact(contact, user)
    questions = list(contact.questions.prefetch_related("transfer_attempts"))
    if not questions:
        raise ValidationError({"questions": "Voeg ten minste één vraag toe voordat u het contact afsluit."})
    errors = {
        f"vraag {index}": problem
        for index, question in enumerate(questions, start=1)
        if (problem := check_question(question.question_type, question.handling, question.transfer_attempts.all()))
    }
    if errors:
        raise ValidationError(errors)
    contact.ended_at = max(timezone.now(), contact.started_at)
    contact.save(update_fields=["ended_at"])
    contact_closed.send(sender=Contactmoment, contact=contact)
    return contact


@transaction.atomic
def open_email_contact(*, email: str, received_at: datetime) -> Contactmoment:
    """The contactmoment of an incoming e-mail thread: running until the thread gets its end state."""
    contact = Contactmoment(channel="email", started_at=received_at, email=normalise_email(email)[:254])
    contact.save()
    return contact


@transaction.atomic
def finish_email_contact(
    contact: Contactmoment,
    *,
    user: User | None,
    question_type: str,
    handling: str,
    unit: OrganisationUnit | None = None,
    notes: str = "",
) -> Question:
    """Record how an e-mail thread ended as a question (FCR by the rule) and end the contact.

    A thread that is reopened and closed again adds another question to the same contact.
    """
    if contact.agent_id is None and user is not None:
        contact.agent = user
    question = Question(
        contact=contact,
        position=contact.questions.count(),
        question_type=question_type,
        handling=handling,
        unit=unit,
        notes=notes.strip(),
    )
    question.fcr_row, question.fcr_outcome = classify(question_type, handling, None)
    question.full_clean(exclude=["contact", "fcr_row", "fcr_outcome"])
    question.save()
    contact.ended_at = max(timezone.now(), contact.started_at)
    contact.save(update_fields=["agent", "ended_at"])
    _detect_repeat(contact, question)
    contact_closed.send(sender=Contactmoment, contact=contact)
    return question


# --- callbacks -------------------------------------------------------------------------------


def _person_main_unit(person: Any) -> OrganisationUnit | None:
    membership = person.memberships.select_related("unit").order_by("position", "id").first()
    return membership.unit if membership else None


def _owner_email(callback: Callback) -> str:
    if callback.person_id and callback.person.email:
        return callback.person.email
    return callback.unit.email


def _callback_summary(callback: Callback) -> str:
    return (
        f"Terugbelverzoek {callback.pk} ({callback.get_reason_display().lower()})\n"
        f"Contact: {callback.contact.number}\n"
        f"Terugbellen op: {callback.callback_phone} {callback.preferred_time}\n"
        f"Urgentie: {callback.get_urgency_display()}\n"
        f"Uiterlijk: {callback.deadline:%d-%m-%Y}\n\n"
        f"Vraag:\n{callback.question_text}\n\n"
        f"Bekijk het verzoek: {settings.KCC_BASE_URL}/contacten/terugbelverzoeken/{callback.pk}/"
    )


def _callback_number(value: str) -> str:
    if not value.strip():
        raise ValidationError({"callback_phone": "Vul het nummer in waarop de beller teruggebeld wil worden."})
    try:
        return normalise_contact_phone(value)
    except ValidationError as error:
        raise ValidationError({"callback_phone": error.message_dict["phone"]}) from error


@transaction.atomic
def create_callback(
    *,
    contact: Contactmoment | None,
    created_by: User,
    question_text: str,
    callback_phone: str,
    reason: str,
    unit: OrganisationUnit | None = None,
    person: Any = None,
    question: Question | None = None,
    preferred_time: str = "",
    urgency: str = Callback.Urgency.NORMAL,
) -> Callback:
    """A callback request to a person or unit; the deadline counts the unit's working days from today.

    Without a contact (the transfer panel outside a registered call) a new contact is started for it.
    """
    if person is not None and unit is None:
        unit = _person_main_unit(person)
    if unit is None:
        raise ValidationError({"unit": "Kies de eenheid of de medewerker die moet terugbellen."})
    contact = contact or (question.contact if question else None) or start_contact(agent=created_by)
    if question is not None and question.contact_id != contact.pk:
        raise ValidationError({"question": "Deze vraag hoort niet bij dit contact."})
    if question is None and contact.is_running and contact.agent_id == created_by.pk:
        question = current_question(contact)
    callback = Callback(
        contact=contact,
        question=question,
        unit=unit,
        person=person,
        question_text=question_text.strip(),
        callback_phone=_callback_number(callback_phone),
        preferred_time=preferred_time.strip(),
        urgency=urgency,
        reason=reason,
        deadline=add_working_days(today(), unit.callback_days),
        created_by=created_by,
    )
    callback.full_clean()
    callback.save()
    if question is not None:
        # The FCR rule then puts the question in "Terugbel-/mailverzoek, nee" by itself.
        question.handling = Handling.CALLBACK
        question.unit = question.unit or unit
        _refresh_fcr(question)
        question.save(update_fields=["handling", "unit", "fcr_row", "fcr_outcome"])
    _note_backoffice_contact(contact)
    if address := _owner_email(callback):
        enqueue_email(
            key=f"contacten:terugbelverzoek:{callback.pk}:nieuw",
            to=[address],
            subject=f"Nieuw terugbelverzoek {callback.pk}, uiterlijk {callback.deadline:%d-%m-%Y}",
            body=f"Geachte collega,\n\nEr is een terugbelverzoek voor u.\n\n{_callback_summary(callback)}",
        )
    callback_created.send(sender=Callback, callback=callback)
    return callback


def _ensure_can_handle(callback: Callback, user: User) -> None:
    if (
        not user.has_perm("contacten.handle_callback")
        or not selectors.callbacks_visible_to(user).filter(pk=callback.pk).exists()
    ):
        raise PermissionDenied("U kunt dit terugbelverzoek niet behandelen.")


@transaction.atomic
def take_callback(callback: Callback, *, user: User) -> Callback:
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    _ensure_can_handle(callback, user)
    if callback.status != Callback.Status.OPEN:
        raise ValidationError({"status": "Dit terugbelverzoek is al in behandeling of afgesloten."})
    callback.status, callback.handler, callback.taken_at = Callback.Status.IN_PROGRESS, user, timezone.now()
    callback.save(update_fields=["status", "handler", "taken_at"])
    return callback


@transaction.atomic
def close_callback(callback: Callback, *, user: User, outcome: str, note: str, call_attempts: int) -> Callback:
    """Close with what was done; the KCC sees the outcome on the contact and in the klantbeeld."""
    callback = Callback.objects.select_for_update().get(pk=callback.pk)
    _ensure_can_handle(callback, user)
    if not callback.is_open:
        raise ValidationError({"status": "Dit terugbelverzoek is al afgesloten."})
    if outcome not in Callback.Outcome.values:
        raise ValidationError({"outcome": "Kies de uitkomst."})
    if not note.strip():
        raise ValidationError({"note": "Schrijf kort op wat u heeft gedaan."})
    if call_attempts < 1:
        raise ValidationError({"call_attempts": "Vul in hoe vaak u heeft gebeld (ten minste 1)."})
    if outcome == Callback.Outcome.NOT_REACHED and call_attempts < 2:
        raise ValidationError({"call_attempts": "Bel ten minste twee keer voordat u ‘niet bereikt’ kiest."})
    callback.status = Callback.Status.FAILED if outcome == Callback.Outcome.NOT_REACHED else Callback.Status.DONE
    callback.outcome, callback.outcome_note, callback.call_attempts = outcome, note.strip(), call_attempts
    callback.handler = callback.handler or user
    callback.closed_at = timezone.now()
    callback.save(update_fields=["status", "outcome", "outcome_note", "call_attempts", "handler", "closed_at"])
    for task in Task.objects.filter(
        subject_type=Callback._meta.label_lower,
        subject_id=str(callback.pk),
        status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS],
    ):
        resolve_task(task, status=Task.Status.DONE, resolution=f"Terugbelverzoek: {callback.get_outcome_display()}")
    callback_closed.send(sender=Callback, callback=callback)
    return callback


@dataclass
class DeadlineRun:
    reminded: int = 0
    escalated: int = 0


def _claim(callback: Callback, field: str) -> bool:
    """Mark the event as done for this callback; False when another run already did it."""
    return Callback.objects.filter(pk=callback.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}) == 1


def _owner_task(callback: Callback, *, kind: str, title: str, deadline: date) -> None:
    owner_user = callback.person.user if callback.person_id and callback.person.user_id else None
    create_task(
        kind=kind,
        title=title,
        deadline=deadline,
        subject=callback,
        assignee=owner_user,
        unit=None if owner_user else callback.unit,
        description=_callback_summary(callback),
    )


@transaction.atomic
def _remind(callback: Callback) -> bool:
    if not _claim(callback, "reminded_at"):
        return False
    title = f"Herinnering: terugbelverzoek {callback.pk} uiterlijk {callback.deadline:%d-%m-%Y}"
    _owner_task(callback, kind="terugbelverzoek_herinnering", title=title, deadline=callback.deadline)
    if address := _owner_email(callback):
        enqueue_email(
            key=f"contacten:terugbelverzoek:{callback.pk}:herinnering:{address}",
            to=[address],
            subject=title,
            body=f"Geachte collega,\n\nDit terugbelverzoek moet uiterlijk "
            f"{callback.deadline:%d-%m-%Y} zijn afgehandeld.\n\n{_callback_summary(callback)}",
        )
    return True


@transaction.atomic
def _escalate(callback: Callback, day: date) -> bool:
    if not _claim(callback, "escalated_at"):
        return False
    title = f"Termijn verstreken: terugbelverzoek {callback.pk} (uiterlijk {callback.deadline:%d-%m-%Y})"
    follow_up = add_working_days(day, 1)
    _owner_task(callback, kind="terugbelverzoek_escalatie", title=title, deadline=follow_up)
    escalate_to = [callback.unit.coordinator] if callback.unit.coordinator_id else []
    escalate_to += list(User.objects.filter(groups__name=Role.TEAMLEADER.value, is_active=True))
    addresses = {_owner_email(callback)}
    for user in {user.pk: user for user in escalate_to}.values():
        create_task(
            kind="terugbelverzoek_escalatie",
            title=title,
            deadline=follow_up,
            subject=callback,
            assignee=user,
            description=_callback_summary(callback),
        )
        addresses.add(user.email)
    for address in sorted(filter(None, addresses)):
        enqueue_email(
            key=f"contacten:terugbelverzoek:{callback.pk}:escalatie:{address}",
            to=[address],
            subject=title,
            body=f"Geachte collega,\n\nDe termijn van dit terugbelverzoek is verstreken en het is nog niet "
            f"afgehandeld. Wilt u zorgen dat de beller vandaag wordt teruggebeld?\n\n{_callback_summary(callback)}",
        )
    return True


def process_callback_deadlines(day: date | None = None) -> DeadlineRun:
    """Remind on the working day before the deadline (or on it), escalate the day after it; each once."""
    day = day or today()
    run = DeadlineRun()
    related = ("unit__coordinator", "person__user", "contact")
    due_for_reminder = Callback.objects.filter(
        status__in=Callback.OPEN_STATUSES,
        reminded_at__isnull=True,
        deadline__gte=day,
        deadline__lte=add_working_days(day, 1),
    ).select_related(*related)
    for callback in due_for_reminder:
        run.reminded += _remind(callback)
    overdue = Callback.objects.filter(
        status__in=Callback.OPEN_STATUSES, escalated_at__isnull=True, deadline__lt=day
    ).select_related(*related)
    for callback in overdue:
        run.escalated += _escalate(callback, day)
    return run


# --- doorzetten naar senior ------------------------------------------------------------------

HANDOFF_PERMISSION = "contacten.handle_handoff"


def _handoff_summary(handoff: Handoff) -> str:
    return (
        f"Contact {handoff.contact.number} is doorgezet door {handoff.requested_by}.\n"
        f"Reden: {handoff.reason}\n"
        f"Telefoonnummer beller: {handoff.contact.phone or 'onbekend'}\n\n"
        f"Bekijk het contact: {settings.KCC_BASE_URL}/contacten/{handoff.contact_id}/"
    )


@transaction.atomic
def hand_off(contact: Contactmoment, *, user: User, reason: str, to: User | None = None) -> Handoff:
    """Hand a running contact to a senior agent or teamleider (``to``, or whoever takes it first).

    It appears in their queue and as a task on their home page.
    """
    _ensure_own_contact(contact, user)
    _ensure_running(contact)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Geef aan waarom u het contact doorzet."})
    seniors = selectors.handoff_handlers()
    if to is not None and not seniors.filter(pk=to.pk).exists():
        raise ValidationError({"to": f"{to} is geen senior of teamleider."})
    if to is not None and to.pk == user.pk:
        raise ValidationError({"to": "U kunt een contact niet aan uzelf doorzetten."})
    latest = contact.questions.order_by("-position", "-id").first()
    handoff = Handoff(contact=contact, question=latest, requested_by=user, assigned_to=to, reason=reason[:500])
    handoff.full_clean()
    handoff.save()
    title = f"Doorgezet contact {contact.number}: {handoff.reason[:120]}"
    for senior in [to] if to is not None else seniors.exclude(pk=user.pk):
        create_task(
            kind="doorzetting_senior",
            title=title,
            deadline=today(),
            subject=handoff,
            assignee=senior,
            created_by=user,
            description=_handoff_summary(handoff),
        )
    audit.record(user, "contact_doorgezet", handoff, reden=handoff.reason[:200])
    return handoff


def _ensure_handler(user: User) -> None:
    if not user.has_perm(HANDOFF_PERMISSION):
        raise PermissionDenied("Alleen een senior of teamleider kan doorgezette contacten oppakken.")


@transaction.atomic
def take_handoff(handoff: Handoff, *, user: User) -> Handoff:
    """The senior takes it over; the other seniors' tasks for it are done."""
    _ensure_handler(user)
    handoff = Handoff.objects.select_for_update().get(pk=handoff.pk)
    if handoff.status != Handoff.Status.OPEN:
        raise ValidationError({"status": "Dit contact is al opgepakt."})
    if handoff.assigned_to_id not in (None, user.pk):
        raise PermissionDenied("Dit contact is aan een andere senior doorgezet.")
    handoff.status, handoff.taken_by, handoff.taken_at = Handoff.Status.TAKEN, user, timezone.now()
    handoff.save(update_fields=["status", "taken_by", "taken_at"])
    for task in Task.objects.filter(
        subject_type=Handoff._meta.label_lower,
        subject_id=str(handoff.pk),
        status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS],
    ):
        resolve_task(task, status=Task.Status.DONE, resolution=f"Opgepakt door {user}")
    return handoff


@transaction.atomic
def close_handoff(handoff: Handoff, *, user: User, note: str) -> Handoff:
    _ensure_handler(user)
    handoff = Handoff.objects.select_for_update().get(pk=handoff.pk)
    if handoff.status != Handoff.Status.TAKEN or handoff.taken_by_id != user.pk:
        raise ValidationError({"status": "Pak het contact eerst op; alleen wie het oppakte kan het afhandelen."})
    if not note.strip():
        raise ValidationError({"note": "Schrijf kort op wat u heeft gedaan."})
    handoff.status, handoff.note, handoff.closed_at = Handoff.Status.DONE, note.strip(), timezone.now()
    handoff.save(update_fields=["status", "note", "closed_at"])
    return handoff


# --- signals ---------------------------------------------------------------------------------


@transaction.atomic
def create_signal(
    *,
    reported_by: User,
    kind: str,
    description: str,
    contact: Contactmoment | None = None,
    owner_unit: OrganisationUnit | None = None,
) -> Signal:
    signal = Signal(
        reported_by=reported_by,
        kind=kind,
        description=description.strip(),
        contact=contact,
        owner_unit=owner_unit,
        deadline=add_working_days(today(), settings.KCC_SIGNAL_ANSWER_DAYS),
    )
    signal.full_clean()
    signal.save()
    title = f"Signaal: {signal.get_kind_display()} (uiterlijk {signal.deadline:%d-%m-%Y})"
    link = f"{settings.KCC_BASE_URL.rstrip('/')}{reverse('contacten:signal-detail', args=[signal.pk])}"
    notify_unit(
        unit=owner_unit,
        kind="signaal",
        title=title,
        description=signal.description,
        deadline=signal.deadline,
        subject=signal,
        email_key=f"contacten:signaal:{signal.pk}:nieuw",
        email_body=f"Geachte collega,\n\nEen medewerker van het KCC meldt: {signal.get_kind_display().lower()}.\n\n"
        f"{signal.description}\n\nWilt u uiterlijk {signal.deadline:%d-%m-%Y} antwoorden? {link}",
    )
    return signal


@transaction.atomic
def answer_signal(signal: Signal, *, user: User, status: str, answer: str) -> Signal:
    """The owner's answer; the reporter sees it in his list of signals and gets it by e-mail."""
    if not selectors.can_handle_signal(user, signal):
        raise PermissionDenied("U kunt dit signaal niet behandelen.")
    if status not in Signal.Status.values or status == Signal.Status.OPEN:
        raise ValidationError({"status": "Kies ‘in behandeling’ of ‘beantwoord’."})
    if status == Signal.Status.ANSWERED and not answer.strip():
        raise ValidationError({"answer": "Schrijf het antwoord voor de melder."})
    signal.status, signal.answer = status, answer.strip()
    if status == Signal.Status.ANSWERED:
        signal.answered_by, signal.answered_at = user, timezone.now()
    signal.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    if status == Signal.Status.ANSWERED:
        for task in Task.objects.filter(
            subject_type=Signal._meta.label_lower,
            subject_id=str(signal.pk),
            status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS],
        ):
            resolve_task(task, status=Task.Status.DONE, resolution=f"Beantwoord door {user}: {signal.answer}")
    reporter = signal.reported_by
    if status == Signal.Status.ANSWERED and reporter is not None and reporter.email:
        enqueue_email(
            key=f"contacten:signaal:{signal.pk}:beantwoord",
            to=[reporter.email],
            subject=f"Antwoord op uw signaal: {signal.get_kind_display()}",
            body=f"Beste {reporter.first_name or reporter.username},\n\nU meldde:\n{signal.description}\n\n"
            f"Antwoord:\n{signal.answer}",
        )
    return signal


# --- retention -------------------------------------------------------------------------------


def _months_before(moment: datetime, months: int) -> datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def retention_months() -> dict[str, int]:
    configured = dict(RetentionTerm.objects.values_list("record_type", "months"))
    return {kind: configured.get(kind, default) for kind, default in DEFAULT_RETENTION_MONTHS.items()}


@transaction.atomic
def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Anonymise what passed its term: contact details, notes, callback texts and identified persons."""
    now = now or timezone.now()
    months = retention_months()
    contact_cut = _months_before(now, months[RetentionTerm.RecordType.CONTACT])
    callback_cut = _months_before(now, months[RetentionTerm.RecordType.CALLBACK])
    klant_cut = _months_before(now, months[RetentionTerm.RecordType.KLANT])
    old_contacts = Contactmoment.objects.filter(anonymised_at__isnull=True, started_at__lt=contact_cut)
    Question.objects.filter(contact__in=old_contacts).exclude(notes="").update(notes=ANONYMISED)
    # Free text typed during the call may name the caller: the hand-off's reason and note, an override reason.
    Handoff.objects.filter(contact__in=old_contacts).update(reason=ANONYMISED, note=ANONYMISED)
    TransferAttempt.objects.filter(question__contact__in=old_contacts).exclude(override_reason="").update(
        override_reason=ANONYMISED
    )
    contacts = old_contacts.update(phone="", email="", address="", klant=None, anonymised_at=now)
    callbacks = (
        Callback.objects.filter(anonymised_at__isnull=True, created_at__lt=callback_cut)
        .exclude(status__in=Callback.OPEN_STATUSES)
        .update(
            callback_phone="", preferred_time="", question_text=ANONYMISED, outcome_note=ANONYMISED, anonymised_at=now
        )
    )
    klanten = (
        Klant.objects.filter(anonymised_at__isnull=True, created_at__lt=klant_cut)
        .exclude(Q(contacts__started_at__gte=klant_cut))
        .update(name="", phone="", email="", bsn_encrypted="", bsn_hash="", bsn_purpose="", anonymised_at=now)
    )
    audit.record(
        None,
        "retentie",
        ("contacten", "retentie"),
        contactmomenten=contacts,
        terugbelverzoeken=callbacks,
        klanten=klanten,
    )
    return {"contactmomenten": contacts, "terugbelverzoeken": callbacks, "klanten": klanten}
