"""The Awb complaint procedure, one service per step; each checks its rule in one transaction.

A rule that is not met raises ``django.core.exceptions.ValidationError`` with a Dutch message,
and nothing is changed. Letters are rendered from templates, stored as :class:`Letter` rows and,
when an e-mail address is known, queued in the outbox in the same transaction with the letter as
PDF attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from kcc.core import audit
from kcc.core.calendar import today
from kcc.core.models import OrganisationUnit, OutboxMessage, User
from kcc.core.outbox import complaint_procedure_footer, enqueue_email
from kcc.core.phone import normalise_phone
from kcc.core.services import create_task
from kcc.klachten import learning, letter_pdf, selectors, terms
from kcc.klachten.models import (
    Complaint,
    ComplaintSettings,
    Letter,
    Postponement,
    RecognitionDecision,
    RecognitionModel,
    RecognitionReview,
)
from kcc.klachten.recognition import Facts, recognise


@dataclass(frozen=True)
class Complainant:
    name: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""


def _fail(message: str, field: str | None = None) -> ValidationError:
    return ValidationError({field: [message]} if field else message)


def _require_open(complaint: Complaint) -> None:
    if not complaint.is_open:
        raise _fail(f"Klacht {complaint.number} is al afgesloten ({complaint.get_status_display()}).")


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _next_number(received_on: date) -> str:
    prefix = f"KL-{received_on.year}-"
    last = Complaint.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    sequence = int(last[0].removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


# --- Letters -----------------------------------------------------------------------------------


def letter_context(complaint: Complaint, recipient: str, **extra) -> dict:
    config = ComplaintSettings.current()
    return {
        "complaint": complaint,
        "recipient": recipient,
        "deadline": selectors.deadline(complaint),
        "ombudsman_name": config.ombudsman_name,
        "ombudsman_contact": config.ombudsman_contact,
        "signatory": config.signatory,
        "municipality": settings.KCC_MUNICIPALITY_NAME,
        "today": today(),
        **extra,
    }


def _recipient(complaint: Complaint, recipient: str) -> tuple[str, str]:
    if recipient == Letter.Recipient.COMPLAINANT:
        return complaint.complainant_name, complaint.complainant_email
    person = complaint.person_complained_about
    if person is not None:
        return str(person), person.email
    unit = complaint.subject_unit
    return (unit.name, unit.email) if unit is not None else ("", "")


def _send_letter(complaint: Complaint, kind: str, recipient: str, actor: User | None, **extra) -> Letter:
    """Render the letter, keep it, and queue it by e-mail with the letter as PDF when an address is
    known (else it goes by post, printed from the file)."""
    name, email = _recipient(complaint, recipient)
    rendered = render_to_string(f"klachten/letters/{kind}.txt", letter_context(complaint, recipient, **extra))
    subject, _, body = rendered.strip().partition("\n")
    letter = Letter.objects.create(
        complaint=complaint,
        kind=kind,
        recipient=recipient,
        recipient_name=name,
        email=email,
        subject=subject.removeprefix("Onderwerp:").strip(),
        body=f"{body.strip()}\n\n{complaint_procedure_footer().strip()}",
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if email:
        enqueue_email(
            key=f"klachten:brief:{letter.pk}",
            to=[email],
            subject=f"{letter.subject} ({complaint.number})",
            body=body.strip(),
            headers={"X-KCC-Klacht": complaint.number},
            attachments=[(letter_pdf.filename(letter), letter_pdf.render(letter), "application/pdf")],
        )
    return letter


# --- Intake ------------------------------------------------------------------------------------

WRITTEN_CHANNELS = {Complaint.Channel.EMAIL, Complaint.Channel.WEB, Complaint.Channel.LETTER}


@transaction.atomic
def register_complaint(
    *,
    description: str,
    channel: str,
    complainant: Complainant | None = None,
    form: str | None = None,
    received_on: date | None = None,
    complaint_date: date | None = None,
    conduct_date: date | None = None,
    subject_unit: OrganisationUnit | None = None,
    person_complained_about: User | None = None,
    advisory_committee: bool = False,
    origin_type: str | None = None,
    origin_id: str | None = None,
    actor: User | None = None,
) -> Complaint:
    """Register a complaint from any channel and acknowledge its receipt (Awb 9:6).

    A written complaint (klaagschrift, Awb 9:4) needs the complainant's name and address, a date
    and a description of the conduct; an oral complaint needs only the description. Modules that
    convert a contact, melding or e-mail pass ``origin_type`` (model label) and ``origin_id``.
    """
    complainant = complainant or Complainant()
    description = (description or "").strip()
    if channel not in Complaint.Channel.values:
        raise _fail(f"Onbekend kanaal: {channel}.", "channel")
    form = form or (Complaint.Form.WRITTEN if channel in WRITTEN_CHANNELS else Complaint.Form.ORAL)
    if form not in Complaint.Form.values:
        raise _fail(f"Onbekende vorm: {form}.", "form")
    received_on = received_on or today()
    errors: dict[str, list[str]] = {}
    if not description:
        errors["description"] = ["Beschrijf de gedraging waarover geklaagd wordt."]
    if received_on > today():
        errors["received_on"] = ["De datum van ontvangst ligt in de toekomst."]
    if form == Complaint.Form.WRITTEN:
        if not complainant.name.strip():
            errors["complainant_name"] = ["Een schriftelijke klacht vermeldt de naam van de klager (Awb 9:4)."]
        if not complainant.address.strip():
            errors["complainant_address"] = ["Een schriftelijke klacht vermeldt het adres van de klager (Awb 9:4)."]
    phone = ""
    if complainant.phone.strip():
        try:
            phone = normalise_phone(complainant.phone)
        except ValueError as error:
            errors["complainant_phone"] = [str(error)]
    if bool(origin_type) != bool(origin_id):
        errors["origin_id"] = ["Geef bij een omzetting zowel de soort als het id van de herkomst."]
    if errors:
        raise ValidationError(errors)

    fields = {
        "channel": channel,
        "form": form,
        "received_on": received_on,
        "complaint_date": complaint_date or (received_on if form == Complaint.Form.WRITTEN else None),
        "conduct_date": conduct_date,
        "description": description,
        "complainant_name": complainant.name.strip(),
        "complainant_address": complainant.address.strip(),
        "complainant_postcode": complainant.postcode.strip().upper(),
        "complainant_city": complainant.city.strip(),
        "complainant_email": complainant.email.strip(),
        "complainant_phone": phone,
        "subject_unit": subject_unit,
        "person_complained_about": person_complained_about,
        "advisory_committee": advisory_committee,
        "origin_type": origin_type or "",
        "origin_id": str(origin_id) if origin_id else "",
        "created_by": actor if actor is not None and actor.is_authenticated else None,
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(number=_next_number(received_on), **fields)
            break
        except IntegrityError:  # two registrations took the same number at once: take the next
            continue
    else:
        raise RuntimeError("Could not allocate a complaint number")
    if person_complained_about is not None:
        complaint.involved.add(person_complained_about)
    audit.record(actor, "klacht.geregistreerd", complaint, channel=channel, form=form, origin=origin_type or "")
    if complaint.complainant_email or complaint.is_written:
        acknowledge(complaint, actor=actor)
        complaint.refresh_from_db()
    return complaint


@transaction.atomic
def acknowledge(complaint: Complaint, *, actor: User | None = None) -> Letter:
    """Awb 9:6: confirm receipt in writing, once."""
    complaint = _locked(complaint)
    if complaint.acknowledged_on is not None:
        raise _fail(f"De ontvangst van {complaint.number} is al bevestigd op {complaint.acknowledged_on:%d-%m-%Y}.")
    if not (complaint.complainant_email or complaint.complainant_address):
        raise _fail("Zonder e-mailadres of postadres kan de ontvangst niet schriftelijk worden bevestigd.")
    complaint.acknowledged_on = today()
    complaint.save(update_fields=["acknowledged_on"])
    return _send_letter(complaint, Letter.Kind.ACKNOWLEDGEMENT, Letter.Recipient.COMPLAINANT, actor)


# --- Handler and people involved (Awb 9:7) -----------------------------------------------------


def _conflict(complaint: Complaint, user: User) -> str | None:
    if complaint.person_complained_about_id == user.pk:
        return f"{user} is degene over wie geklaagd wordt en mag de klacht niet behandelen (Awb 9:7)."
    if complaint.involved.filter(pk=user.pk).exists():
        return (
            f"{user} is betrokken bij de gedraging waarover geklaagd wordt en mag de klacht niet behandelen (Awb 9:7)."
        )
    return None


@transaction.atomic
def assign_handler(complaint: Complaint, handler: User, *, actor: User | None = None) -> Complaint:
    complaint = _locked(complaint)
    _require_open(complaint)
    if not handler.is_active:
        raise _fail(f"{handler} is geen actieve gebruiker.", "handler")
    if (reason := _conflict(complaint, handler)) is not None:
        raise _fail(reason, "handler")
    complaint.handler = handler
    if complaint.status == Complaint.Status.RECEIVED:
        complaint.status = Complaint.Status.IN_PROGRESS
    complaint.save(update_fields=["handler", "status"])
    create_task(
        kind="klacht",
        title=f"Klacht {complaint.number} behandelen",
        description=complaint.description[:1000],
        deadline=selectors.deadline(complaint),
        subject=complaint,
        assignee=handler,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.record(actor, "klacht.behandelaar", complaint, handler=handler.pk)
    return complaint


@transaction.atomic
def record_involved(complaint: Complaint, person: User, *, actor: User | None = None) -> Complaint:
    """Record someone involved in the conduct; the handler cannot become involved."""
    complaint = _locked(complaint)
    if complaint.handler_id == person.pk:
        raise _fail(f"{person} behandelt deze klacht. Wijs eerst een andere behandelaar aan (Awb 9:7).", "person")
    complaint.involved.add(person)
    audit.record(actor, "klacht.betrokkene", complaint, person=person.pk)
    return complaint


@transaction.atomic
def set_person_complained_about(complaint: Complaint, person: User, *, actor: User | None = None) -> Complaint:
    complaint = _locked(complaint)
    _require_open(complaint)
    if complaint.handler_id == person.pk:
        raise _fail(f"{person} behandelt deze klacht. Wijs eerst een andere behandelaar aan (Awb 9:7).", "person")
    complaint.person_complained_about = person
    complaint.save(update_fields=["person_complained_about"])
    complaint.involved.add(person)
    audit.record(actor, "klacht.beklaagde", complaint, person=person.pk)
    return complaint


# --- Copy and hearing (Awb 9:9, 9:10) ----------------------------------------------------------


@transaction.atomic
def send_copy_to_person_complained_about(complaint: Complaint, *, actor: User | None = None) -> Letter:
    """Awb 9:9: the person whose conduct is complained about receives a copy of the complaint."""
    complaint = _locked(complaint)
    _require_open(complaint)
    if complaint.person_complained_about_id is None and complaint.subject_unit_id is None:
        raise _fail("Leg eerst vast over wie (persoon of eenheid) geklaagd wordt.")
    if complaint.copy_sent_on is not None:
        raise _fail(f"De kopie is al verstuurd op {complaint.copy_sent_on:%d-%m-%Y}.")
    complaint.copy_sent_on = today()
    complaint.save(update_fields=["copy_sent_on"])
    return _send_letter(complaint, Letter.Kind.COPY, Letter.Recipient.PERSON_COMPLAINED_ABOUT, actor)


@transaction.atomic
def offer_hearing(complaint: Complaint, *, hearing_date: date, actor: User | None = None) -> list[Letter]:
    """Awb 9:10 lid 1: offer the complainant and the person complained about to be heard."""
    complaint = _locked(complaint)
    _require_open(complaint)
    if complaint.hearing_skip:
        raise _fail("Er is al vastgelegd dat het horen achterwege blijft.")
    if hearing_date < today():
        raise _fail("De datum van het horen ligt in het verleden.", "hearing_date")
    complaint.hearing_offered_on = today()
    complaint.hearing_date = hearing_date
    complaint.save(update_fields=["hearing_offered_on", "hearing_date"])
    letters = [_send_letter(complaint, Letter.Kind.HEARING, Letter.Recipient.COMPLAINANT, actor)]
    if complaint.person_complained_about_id or complaint.subject_unit_id:
        letters.append(_send_letter(complaint, Letter.Kind.HEARING, Letter.Recipient.PERSON_COMPLAINED_ABOUT, actor))
    audit.record(actor, "klacht.horen_aangeboden", complaint, date=hearing_date.isoformat())
    return letters


@transaction.atomic
def record_hearing(complaint: Complaint, *, record: str, actor: User | None = None) -> Complaint:
    """Awb 9:10 lid 3: a written record of the hearing."""
    complaint = _locked(complaint)
    _require_open(complaint)
    if complaint.hearing_offered_on is None:
        raise _fail("Bied eerst aan om gehoord te worden.")
    if not (record or "").strip():
        raise _fail("Het verslag van het horen is leeg.", "record")
    complaint.hearing_record = record.strip()
    complaint.save(update_fields=["hearing_record"])
    audit.record(actor, "klacht.gehoord", complaint)
    return complaint


@transaction.atomic
def skip_hearing(complaint: Complaint, *, ground: str, note: str = "", actor: User | None = None) -> Complaint:
    """Awb 9:10 lid 2: skip the hearing only on one of its three grounds."""
    complaint = _locked(complaint)
    _require_open(complaint)
    if ground not in Complaint.HearingSkip.values:
        raise _fail("Het horen mag alleen achterwege blijven op een van de drie gronden van Awb 9:10 lid 2.", "ground")
    if complaint.hearing_record:
        raise _fail("De klager is al gehoord.")
    if ground == Complaint.HearingSkip.NO_REPLY and complaint.hearing_offered_on is None:
        raise _fail("‘Geen reactie binnen de termijn’ kan pas als het horen is aangeboden.", "ground")
    complaint.hearing_skip = ground
    complaint.hearing_skip_note = (note or "").strip()
    complaint.save(update_fields=["hearing_skip", "hearing_skip_note"])
    audit.record(actor, "klacht.horen_overgeslagen", complaint, ground=ground)
    return complaint


# --- Terms (Awb 9:11) ----------------------------------------------------------------------------


@transaction.atomic
def extend_term(complaint: Complaint, *, days: int, reason: str, actor: User | None = None) -> list[Letter]:
    """Awb 9:11 lid 2: one extension of at most 4 weeks, announced in writing to both parties."""
    complaint = _locked(complaint)
    _require_open(complaint)
    if complaint.extension_days:
        raise _fail(
            "De termijn is al eens verdaagd. Verder uitstel kan alleen met schriftelijke instemming van de klager.",
            "days",
        )
    if not 1 <= days <= terms.MAX_EXTENSION_DAYS:
        raise _fail("Verdagen kan met ten hoogste vier weken (28 dagen).", "days")
    if not (reason or "").strip():
        raise _fail("Geef de reden van de verdaging.", "reason")
    current = selectors.deadline(complaint)
    if today() > current:
        raise _fail(f"De termijn is al verstreken op {current:%d-%m-%Y}; verdagen kan alleen binnen de termijn.")
    complaint.extension_days = days
    complaint.extension_reason = reason.strip()
    complaint.save(update_fields=["extension_days", "extension_reason"])
    letters = [_send_letter(complaint, Letter.Kind.EXTENSION, Letter.Recipient.COMPLAINANT, actor)]
    if complaint.person_complained_about_id or complaint.subject_unit_id:
        letters.append(_send_letter(complaint, Letter.Kind.EXTENSION, Letter.Recipient.PERSON_COMPLAINED_ABOUT, actor))
    audit.record(actor, "klacht.verdaagd", complaint, days=days)
    return letters


@transaction.atomic
def postpone_with_consent(
    complaint: Complaint,
    *,
    new_deadline: date,
    consent_received_on: date,
    consent_reference: str,
    reason: str,
    actor: User | None = None,
) -> Postponement:
    """Awb 9:11 lid 2: further delay only with the complainant's recorded written consent."""
    complaint = _locked(complaint)
    _require_open(complaint)
    errors: dict[str, list[str]] = {}
    current = selectors.deadline(complaint)
    if not complaint.extension_days:
        errors["new_deadline"] = ["Gebruik eerst de ene verdaging van ten hoogste vier weken."]
    if new_deadline <= current:
        errors["new_deadline"] = [f"De nieuwe datum moet na de huidige termijn ({current:%d-%m-%Y}) liggen."]
    if consent_received_on > today() or consent_received_on < complaint.received_on:
        errors["consent_received_on"] = ["De datum van de instemming ligt niet tussen ontvangst en vandaag."]
    if not (consent_reference or "").strip():
        errors["consent_reference"] = ["Leg vast waar de schriftelijke instemming van de klager te vinden is."]
    if not (reason or "").strip():
        errors["reason"] = ["Geef de reden van het uitstel."]
    if errors:
        raise ValidationError(errors)
    postponement = Postponement.objects.create(
        complaint=complaint,
        new_deadline=new_deadline,
        consent_received_on=consent_received_on,
        consent_reference=consent_reference.strip(),
        reason=reason.strip(),
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.record(actor, "klacht.uitstel_met_instemming", complaint, until=new_deadline.isoformat())
    return postponement


# --- Endings: 9:8, 9:5, 9:12 ------------------------------------------------------------------


def _close(complaint: Complaint, status: str, fields: list[str]) -> None:
    complaint.deadline_on_close = selectors.deadline(complaint)
    complaint.status = status
    complaint.closed_on = today()
    complaint.save(update_fields=[*fields, "status", "closed_on", "deadline_on_close"])


@transaction.atomic
def decline_handling(complaint: Complaint, *, ground: str, explanation: str, actor: User | None = None) -> Letter:
    """Awb 9:8: not handle a written complaint on a statutory ground, notified within 4 weeks."""
    complaint = _locked(complaint)
    _require_open(complaint)
    if not complaint.is_written:
        raise _fail("Artikel 9:8 geldt voor schriftelijke klachten; behandel een mondelinge klacht behoorlijk.")
    if ground not in Complaint.NotHandledGround.values:
        raise _fail("Kies een grond uit artikel 9:8 Awb.", "ground")
    if not (explanation or "").strip():
        raise _fail("Licht toe waarom deze grond van toepassing is.", "explanation")
    notice_by = terms.not_handling_notice_deadline(complaint.received_on)
    if today() > notice_by:
        raise _fail(
            f"De klager had uiterlijk {notice_by:%d-%m-%Y} bericht moeten krijgen (Awb 9:8 lid 3). "
            "Neem de klacht in behandeling."
        )
    complaint.not_handled_ground = ground
    complaint.findings = explanation.strip()
    _close(complaint, Complaint.Status.NOT_HANDLED, ["not_handled_ground", "findings"])
    audit.record(actor, "klacht.niet_behandeld", complaint, ground=ground)
    return _send_letter(complaint, Letter.Kind.NOT_HANDLED, Letter.Recipient.COMPLAINANT, actor)


@transaction.atomic
def settle(complaint: Complaint, *, note: str, actor: User | None = None) -> Complaint:
    """Awb 9:5: the complaint was resolved to the complainant's satisfaction; that closes it."""
    complaint = _locked(complaint)
    _require_open(complaint)
    if not (note or "").strip():
        raise _fail("Leg vast hoe de klacht naar tevredenheid is opgelost.", "note")
    complaint.settlement_note = note.strip()
    _close(complaint, Complaint.Status.SETTLED, ["settlement_note"])
    audit.record(actor, "klacht.opgelost", complaint)
    if complaint.complainant_email or complaint.complainant_address:
        _send_letter(complaint, Letter.Kind.SETTLED, Letter.Recipient.COMPLAINANT, actor)
    return complaint


@transaction.atomic
def decide(
    complaint: Complaint,
    *,
    findings: str,
    judgment: str,
    conclusions: str,
    actor: User | None = None,
) -> list[Letter]:
    """Awb 9:12: a reasoned written outcome to the complainant and the person complained about."""
    complaint = _locked(complaint)
    _require_open(complaint)
    errors: dict[str, list[str]] = {}
    if complaint.handler_id is None:
        errors["handler"] = ["Wijs eerst een klachtbehandelaar aan."]
    if not (findings or "").strip():
        errors["findings"] = ["Beschrijf de bevindingen van het onderzoek."]
    if judgment not in Complaint.Judgment.values:
        errors["judgment"] = ["Kies een oordeel: gegrond, ongegrond, deels gegrond of geen oordeel."]
    if not (conclusions or "").strip():
        errors["conclusions"] = ["Beschrijf de conclusies (wat de gemeente doet of heeft gedaan)."]
    if complaint.is_written:
        if not (complaint.hearing_record or complaint.hearing_skip):
            errors["hearing"] = ["Hoor eerst de klager, of leg vast op welke grond van Awb 9:10 lid 2 dat niet hoeft."]
        if complaint.copy_sent_on is None and (complaint.person_complained_about_id or complaint.subject_unit_id):
            errors["copy"] = ["Stuur eerst een kopie van de klacht aan de beklaagde (Awb 9:9)."]
    if errors:
        raise ValidationError(errors)
    complaint.findings = findings.strip()
    complaint.judgment = judgment
    complaint.conclusions = conclusions.strip()
    _close(complaint, Complaint.Status.DECIDED, ["findings", "judgment", "conclusions"])
    audit.record(actor, "klacht.afgehandeld", complaint, judgment=judgment)
    letters = [_send_letter(complaint, Letter.Kind.OUTCOME, Letter.Recipient.COMPLAINANT, actor)]
    if complaint.person_complained_about_id or complaint.subject_unit_id:
        letters.append(_send_letter(complaint, Letter.Kind.OUTCOME, Letter.Recipient.PERSON_COMPLAINED_ABOUT, actor))
    return letters


# --- Recognition prompt ----------------------------------------------------------------------


@transaction.atomic
def record_recognition_choice(
    *,
    origin_type: str,
    origin_id: str,
    choice: str,
    text: str = "",
    facts: Facts | None = None,
    complaint: Complaint | None = None,
    actor: User | None = None,
) -> RecognitionDecision:
    """Keep what the agent did with a recognition prompt (offered, accepted, declined)."""
    if choice not in RecognitionDecision.Choice.values:
        raise _fail("Kies aangeboden, geaccepteerd of afgewezen.", "choice")
    if not origin_type or not origin_id:
        raise _fail("Geef de herkomst (soort en id) van het contact.", "origin_id")
    result = recognise(text, facts)
    return RecognitionDecision.objects.create(
        origin_type=origin_type[:100],
        origin_id=str(origin_id)[:64],
        choice=choice,
        text=text,
        score=result.score,
        reasons=result.reasons,
        complaint=complaint,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def review_recognition(*, origin_type: str, origin_id: str, label: str, actor: User | None = None) -> RecognitionReview:
    """The klachtcoördinator confirms or relabels a miss or a false alarm; the next training uses it."""
    if label not in RecognitionReview.Label.values:
        raise _fail("Kies wel een klacht, geen klacht of niet gebruiken.", "label")
    case = next(
        (case for case in selectors.review_queue() if (case.origin_type, case.origin_id) == (origin_type, origin_id)),
        None,
    )
    if case is None:
        raise _fail("Dit signaal staat niet (meer) op de lijst om te beoordelen.", "origin_id")
    review, _ = RecognitionReview.objects.update_or_create(
        origin_type=origin_type,
        origin_id=origin_id,
        defaults={"kind": case.kind, "label": label, "reviewed_by": actor},
    )
    audit.record(actor, "klachtherkenning.beoordeeld", review, kind=case.kind, label=label)
    return review


MIN_TRAINING_EXAMPLES = 20


@transaction.atomic
def train_recognition_model(*, actor: User | None = None) -> RecognitionModel:
    """Train a new version on the agents' decisions; activate it only when it beats the rules.

    Raises a ValidationError (nothing stored) when there are too few decisions, or only one outcome.
    """
    cases = selectors.training_examples()
    examples = [(case.key, case.text, case.label) for case in cases]
    labels = {label for _, _, label in examples}
    if len(examples) < MIN_TRAINING_EXAMPLES or len(labels) < 2:
        raise _fail(
            f"Te weinig beslissingen om van te leren: {len(examples)} (minimaal {MIN_TRAINING_EXAMPLES}, "
            "met zowel klachten als geen klachten).",
            "beslissingen",
        )
    last = RecognitionModel.objects.select_for_update().order_by("-version").first()
    version = (last.version if last else 0) + 1
    evaluation = learning.evaluate(examples, version=version)
    if evaluation.better:
        RecognitionModel.objects.filter(active=True).update(active=False)
    row = RecognitionModel.objects.create(
        version=version,
        training_size=evaluation.training_size,
        held_out_size=evaluation.held_out["model"].n,
        bias=evaluation.model.bias,
        threshold=evaluation.model.threshold,
        weights={str(index): weight for index, weight in evaluation.model.weights.items()},
        held_out={name: figures.as_json() for name, figures in evaluation.held_out.items()},
        blind={
            set_name: {name: figures.as_json() for name, figures in pair.items()}
            for set_name, pair in evaluation.blind.items()
        },
        active=evaluation.better,
        decision=evaluation.why,
    )
    audit.record(actor, "klachtherkenning.getraind", row, version=version, active=row.active)
    transaction.on_commit(learning.forget_active_model)
    return row


# --- Term warnings (run by the periodic task) ------------------------------------------------


def _coordinator_emails() -> list[str]:
    users = User.objects.filter(is_active=True).exclude(email="")
    return sorted({user.email for user in users if user.has_perm(selectors.COORDINATE)})


@transaction.atomic
def warn_about_terms(on: date | None = None) -> int:
    """Warn handler and coordinators before a term ends; escalate once it has passed.

    Idempotent: the outbox key names the complaint, the term and its date, so a run twice a day
    sends nothing new, while an extended term gets its own warning. Returns messages queued.
    """
    on = on or today()
    warn_days = ComplaintSettings.current().warn_days_before
    coordinators = _coordinator_emails()
    queued = 0
    for complaint in selectors.open_complaints().select_related("handler"):
        checks = [("afhandeltermijn", selectors.deadline(complaint))]
        if complaint.is_written and complaint.status == Complaint.Status.RECEIVED:
            checks.append(("termijn 9:8", terms.not_handling_notice_deadline(complaint.received_on)))
        for label, due in checks:
            if on > due:
                stage, subject = "verlopen", f"Termijn verstreken: klacht {complaint.number} ({label})"
            elif on >= due - timedelta(days=warn_days):
                stage, subject = "waarschuwing", f"Termijn nadert: klacht {complaint.number} ({label})"
            else:
                continue
            handler_email = complaint.handler.email if complaint.handler else ""
            to = sorted({*coordinators, *([handler_email] if handler_email else [])})
            if not to:
                continue
            body = render_to_string(
                "klachten/email/term_warning.txt",
                {"complaint": complaint, "label": label, "due": due, "stage": stage, "base_url": settings.KCC_BASE_URL},
            )
            key = f"klachten:{complaint.pk}:{label}:{due.isoformat()}:{stage}"
            if OutboxMessage.objects.filter(key=key).exists():
                continue
            enqueue_email(key=key, to=to, subject=subject, body=body)
            queued += 1
    return queued
