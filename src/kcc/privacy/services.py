"""Writes for the citizen's rights: the AVG-verzoek as a case, inzage, correction and erasure.

Erasure takes away what the law lets go and refuses, per record and with the legal ground, what
must be kept: a complaint file (Awb 9:12a), records with archival duty (Archiefwet 1995,
Selectielijst), and anything whose procedure is still running. Every step is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from kcc.afspraken.models import Appointment
from kcc.contacten.models import Callback, Contactmoment, Handoff, Klant, Question
from kcc.contacten.privacy import normalise_email
from kcc.core import audit
from kcc.core.calendar import add_months
from kcc.core.models import User
from kcc.core.phone import normalise_phone
from kcc.klachten.models import Complaint
from kcc.meldingen.models import OPEN_STATUSES, Feedback, Follower, Melding
from kcc.privacy import selectors
from kcc.privacy.models import Request, Right
from kcc.privacy.pii import scrub
from kcc.privacy.selectors import Person, SecretPersonError
from kcc.telefonie.models import Call
from kcc.zaken.models import Zaak

ANONYMISED = "[verwijderd op verzoek]"
TERM_MONTHS = 1
EXTENSION_MONTHS = 2

# Why a record may not be erased (AVG art. 17 lid 3): shown to the citizen as the refusal reason.
REFUSAL_COMPLAINT = (
    "Klachtdossier: de gemeente moet schriftelijke klachten registreren en bewaren (Awb 9:12a) volgens de "
    "Selectielijst gemeenten; verwijderen mag niet (AVG art. 17 lid 3 onder b)."
)
REFUSAL_COMPLAINT_RUNNING = (
    "De klachtprocedure loopt nog (Awb hoofdstuk 9); het dossier is nodig om de klacht af te handelen."
)
REFUSAL_MAIL = (
    "E-mail aan en van de gemeente is archiefbescheiden (Archiefwet 1995, art. 3); het wordt vernietigd na "
    "de bewaartermijn van de Selectielijst, niet eerder (AVG art. 17 lid 3 onder b)."
)
REFUSAL_ZAAK = (
    "Zaakdossier: bewaarplicht volgens de Selectielijst gemeenten (Archiefwet 1995); verwijderen mag niet "
    "(AVG art. 17 lid 3 onder b en d)."
)
REFUSAL_MELDING_RUNNING = (
    "De melding is nog in behandeling; de gegevens van de melder zijn nodig voor de terugkoppeling."
)
REFUSAL_CALLBACK_RUNNING = "Het terugbelverzoek loopt nog; het terugbelnummer is nodig om de vraag te beantwoorden."
REFUSAL_CONTACT_RUNNING = "Bij dit contact loopt nog een terugbelverzoek; het contact wordt daarna verwijderd."
REFUSAL_APPOINTMENT_PLANNED = "De afspraak is nog gepland; annuleer de afspraak eerst of wacht tot na de afspraak."

# The contact details a citizen may have corrected (art. 16), per register.
CORRECTABLE_FIELDS: dict[str, tuple[type, dict[str, str]]] = {
    "klanten": (Klant, {"naam": "name", "telefoon": "phone", "email": "email"}),
    "contactmomenten": (Contactmoment, {"telefoon": "phone", "email": "email"}),
    "meldingen": (Melding, {"naam": "reporter_name", "telefoon": "reporter_phone", "email": "reporter_email"}),
    "klachten": (
        Complaint,
        {
            "naam": "complainant_name",
            "telefoon": "complainant_phone",
            "email": "complainant_email",
            "adres": "complainant_address",
            "postcode": "complainant_postcode",
            "woonplaats": "complainant_city",
        },
    ),
    "afspraken": (Appointment, {"naam": "name", "telefoon": "phone", "email": "email"}),
}


@transaction.atomic
def open_request(
    *, right: str, person: Person, purpose: str = "", user: User | None, received_on: date | None = None
) -> Request:
    """Register an AVG-verzoek with its term of one month (art. 12 lid 3)."""
    if right not in Right.values:
        raise ValidationError(f"Onbekend recht ‘{right}’. Kies uit: {', '.join(Right.values)}.")
    received_on = received_on or timezone.localdate()
    request = Request.objects.create(
        right=right,
        identifier_kind=person.kind,
        identifier=person.shown,
        bsn_hash=person.bsn_hash,
        purpose=purpose.strip(),
        received_on=received_on,
        deadline=add_months(received_on, TERM_MONTHS),
        created_by=user,
    )
    audit.record(user, "privacy.verzoek", request, purpose=request.purpose, recht=right, kenmerk=person.kind)
    return request


def person_of(request: Request, identifier: str = "") -> Person:
    """The person of a request. A BSN is not stored in clear, so its hash is the key."""
    if request.bsn_hash:
        return Person(request.identifier_kind, request.bsn_hash, request.identifier)
    return selectors.identify(**{_IDENTIFY_ARGUMENT[request.identifier_kind]: identifier or request.identifier})


_IDENTIFY_ARGUMENT = {"telefoon": "phone", "email": "email"}


def identify(*, user: User | None, phone: str = "", email: str = "", bsn: str = "", purpose: str = "") -> Person:
    """The person for the identifier given; a refusal (no purpose for a BSN, a wrong number) is audited too."""
    try:
        return selectors.identify(phone=phone, email=email, bsn=bsn, purpose=purpose)
    except ValidationError as error:
        kind = "telefoon" if phone.strip() else "email" if email.strip() else "bsn"
        audit.record(
            user,
            "privacy.verzoek_geweigerd",
            ("privacy.persoon", kind),
            purpose=purpose,
            reden=" ".join(error.messages),
        )
        raise


def access(person: Person, *, user: User | None, purpose: str, request: Request | None = None) -> dict[str, Any]:
    """Inzage (art. 15): every record per register, or ``SecretPersonError`` for a shielded person.

    Both outcomes are audited: who looked up whom (masked), why, and how much was found.
    """
    target = request or ("privacy.persoon", person.shown)
    if selectors.is_secret(person):
        audit.record(user, "privacy.inzage_geweigerd", target, purpose=purpose, reden="geheimhouding")
        raise SecretPersonError(SecretPersonError.message)
    registers = selectors.person_records(person)
    found = {name: len(records) for name, records in registers.items()}
    audit.record(user, "privacy.inzage", target, purpose=purpose, kenmerk=person.kind, gevonden=found)
    answer: dict[str, Any] = {"persoon": {"kenmerk": person.kind, "waarde": person.shown}, "registers": registers}
    if not any(found.values()):
        answer["melding"] = "Over deze persoon zijn in KCC geen gegevens vastgelegd."
    return answer


def erase(person: Person, *, user: User | None, request: Request | None = None) -> dict[str, Any]:
    """Verwijdering (art. 17): per register how many records were erased and which were refused, and why."""
    if selectors.is_secret(person):
        # Outside the erasure's transaction, so the refusal stays in the audit log.
        audit.record(user, "privacy.verwijdering_geweigerd", request or ("privacy.persoon", person.shown))
        raise SecretPersonError(SecretPersonError.message)
    return _erase(person, user=user, request=request)


@transaction.atomic
def _erase(person: Person, *, user: User | None, request: Request | None) -> dict[str, Any]:
    now = timezone.now()
    records = selectors.person_records(person)
    result: dict[str, Any] = {}

    def refuse(register: str, record: dict[str, Any], reason: str) -> None:
        result[register]["geweigerd"].append({"id": record["id"], "nummer": record.get("nummer"), "reden": reason})

    for register in selectors.REGISTERS:
        result[register] = {"verwijderd": 0, "geweigerd": []}

    # Klachten, mail and zaken are kept by law; a running procedure keeps what it needs.
    for record in records["klachten"]:
        complaint_open = Complaint.objects.get(pk=record["id"]).is_open
        refuse("klachten", record, REFUSAL_COMPLAINT_RUNNING if complaint_open else REFUSAL_COMPLAINT)
    for record in records["mail"]:
        refuse("mail", record, REFUSAL_MAIL)
    for record in records["zaken"]:
        refuse("zaken", record, REFUSAL_ZAAK)

    callback_ids = [record["id"] for record in records["terugbelverzoeken"]]
    open_callbacks = Callback.objects.filter(pk__in=callback_ids, status__in=Callback.OPEN_STATUSES)
    running_contact_ids = set(open_callbacks.values_list("contact_id", flat=True))
    for record in records["terugbelverzoeken"]:
        if open_callbacks.filter(pk=record["id"]).exists():
            refuse("terugbelverzoeken", record, REFUSAL_CALLBACK_RUNNING)
    result["terugbelverzoeken"]["verwijderd"] = (
        Callback.objects.filter(pk__in=callback_ids)
        .exclude(status__in=Callback.OPEN_STATUSES)
        .update(
            callback_phone="", preferred_time="", question_text=ANONYMISED, outcome_note=ANONYMISED, anonymised_at=now
        )
    )

    contact_ids = []
    for record in records["contactmomenten"]:
        if record["id"] in running_contact_ids:
            refuse("contactmomenten", record, REFUSAL_CONTACT_RUNNING)
        else:
            contact_ids.append(record["id"])
    Question.objects.filter(contact_id__in=contact_ids).exclude(notes="").update(notes=ANONYMISED)
    Handoff.objects.filter(contact_id__in=contact_ids).update(reason=ANONYMISED, note=ANONYMISED)
    result["contactmomenten"]["verwijderd"] = Contactmoment.objects.filter(pk__in=contact_ids).update(
        phone="", email="", address="", klant=None, anonymised_at=now
    )

    result["gesprekken"]["verwijderd"] = Call.objects.filter(
        pk__in=[record["id"] for record in records["gesprekken"]]
    ).update(caller="")

    result["meldingen"]["verwijderd"] = _erase_meldingen(person, records["meldingen"], refuse)

    appointment_ids = []
    for record in records["afspraken"]:
        appointment = Appointment.objects.get(pk=record["id"])
        if appointment.status == Appointment.Status.PLANNED and appointment.starts_at > now:
            refuse("afspraken", record, REFUSAL_APPOINTMENT_PLANNED)
        else:
            appointment_ids.append(appointment.pk)
    result["afspraken"]["verwijderd"] = Appointment.objects.filter(pk__in=appointment_ids).update(
        name=ANONYMISED, email="", phone="", intake_answers={}
    )

    # The identified person goes last: only when no kept record still points at them.
    klant_ids = [record["id"] for record in records["klanten"]]
    if not Zaak.objects.filter(klant_id__in=klant_ids).exists():
        result["klanten"]["verwijderd"] = Klant.objects.filter(pk__in=klant_ids).update(
            name="", phone="", email="", bsn_encrypted="", bsn_hash="", bsn_purpose="", anonymised_at=now
        )
    else:
        for record in records["klanten"]:
            refuse("klanten", record, REFUSAL_ZAAK)

    counts = {
        name: {"verwijderd": part["verwijderd"], "geweigerd": len(part["geweigerd"])} for name, part in result.items()
    }
    audit.record(user, "privacy.verwijdering", request or ("privacy.persoon", person.shown), resultaat=counts)
    return {"persoon": {"kenmerk": person.kind, "waarde": person.shown}, "registers": result}


def _erase_meldingen(person: Person, records: list[dict[str, Any]], refuse) -> int:
    """The reporter's details go from closed meldingen; the description stays (the municipality's record
    of the public space) with any personal data in it scrubbed. Only phone and e-mail identify a reporter."""
    erased = 0
    for record in records:
        melding = Melding.objects.get(pk=record["id"])
        if melding.status in OPEN_STATUSES:
            refuse("meldingen", record, REFUSAL_MELDING_RUNNING)
            continue
        reporter_field, follower_field = _MELDING_FIELDS[person.kind]
        if getattr(melding, reporter_field) == person.key:
            melding.reporter_name = melding.reporter_email = melding.reporter_phone = ""
            melding.feedback = Feedback.NONE
            melding.description = scrub(melding.description)
            melding.save(update_fields=["reporter_name", "reporter_email", "reporter_phone", "feedback", "description"])
        Follower.objects.filter(melding=melding, **{follower_field: person.key}).update(
            email="", phone="", feedback=Feedback.NONE
        )
        erased += 1
    return erased


_MELDING_FIELDS = {"telefoon": ("reporter_phone", "phone"), "email": ("reporter_email", "email")}


@transaction.atomic
def correct(
    person: Person, *, register: str, record_id: int, field: str, value: str, user: User | None, request: Request | None
) -> None:
    """Correctie (art. 16) of one contact detail of one record that belongs to ``person``."""
    if register not in CORRECTABLE_FIELDS:
        raise ValidationError(
            f"In het register ‘{register}’ kunt u niets corrigeren. Kies uit: {', '.join(CORRECTABLE_FIELDS)}."
        )
    model, fields = CORRECTABLE_FIELDS[register]
    if field not in fields:
        raise ValidationError(
            f"Het veld ‘{field}’ kunt u in {register} niet corrigeren. Kies uit: {', '.join(fields)}."
        )
    if record_id not in {record["id"] for record in selectors.person_records(person)[register]}:
        raise ValidationError(f"Record {record_id} in {register} hoort niet bij deze persoon; er is niets gewijzigd.")
    cleaned = _cleaned(field, value)
    model.objects.filter(pk=record_id).update(**{fields[field]: cleaned})
    audit.record(
        user,
        "privacy.correctie",
        request or (model._meta.label_lower, record_id),
        register=register,
        record=record_id,
        veld=field,
    )


def _cleaned(field: str, value: str) -> str:
    value = (value or "").strip()
    if field == "telefoon" and value:
        try:
            return normalise_phone(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None
    if field == "email" and value:
        value = normalise_email(value)
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(f"‘{value}’ is geen geldig e-mailadres.") from None
    return value


@transaction.atomic
def extend(request: Request, *, reason: str, user: User | None) -> Request:
    """Extend the term by two months, once, with the reason the citizen is told (art. 12 lid 3)."""
    if not request.is_open:
        raise ValidationError("Dit verzoek is al afgesloten; de termijn kan niet meer worden verlengd.")
    if request.extended:
        raise ValidationError("De termijn is al verlengd; de AVG staat maar één verlenging van twee maanden toe.")
    if not reason.strip():
        raise ValidationError("Vul de reden van de verlenging in; die krijgt de verzoeker te horen.")
    request.extended = True
    request.extension_reason = reason.strip()
    request.deadline = add_months(request.received_on, TERM_MONTHS + EXTENSION_MONTHS)
    request.save(update_fields=["extended", "extension_reason", "deadline"])
    audit.record(user, "privacy.verlenging", request, reden=request.extension_reason)
    return request


@transaction.atomic
def close(
    request: Request, *, user: User | None, outcome: dict[str, Any], note: str = "", refused: bool = False
) -> Request:
    if not request.is_open:
        raise ValidationError("Dit verzoek is al afgesloten.")
    if refused and not note.strip():
        raise ValidationError("Vul de reden van de weigering in; die krijgt de verzoeker te horen.")
    request.status = Request.Status.REFUSED if refused else Request.Status.DONE
    request.outcome = outcome
    request.note = note.strip()
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "outcome", "note", "closed_at"])
    audit.record(user, "privacy.afgesloten", request, status=request.status)
    return request
