"""Reads for the citizen's rights: who is the person, and every record about them in every register.

A person is found by exactly one identifier. Records are those that carry it (a caller's number,
a reporter's e-mail, a BSN's keyed hash) or hang from an identified person (``Klant``) that does.
Each look-up is one indexed query per register, so an inzage stays fast at millions of contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kcc.afspraken.models import Appointment
from kcc.contacten.models import Callback, Contactmoment, Klant
from kcc.contacten.privacy import bsn_hash, mask_bsn, normalise_email, validate_bsn
from kcc.core.phone import format_phone, normalise_phone
from kcc.klachten.models import Complaint
from kcc.mail.models import Thread
from kcc.meldingen.models import Follower, Melding
from kcc.privacy.models import IdentifierKind, Request, SecretRegistration
from kcc.telefonie.models import Call
from kcc.zaken.models import Zaak

REGISTERS = (
    "klanten",
    "contactmomenten",
    "terugbelverzoeken",
    "gesprekken",
    "meldingen",
    "klachten",
    "mail",
    "afspraken",
    "zaken",
)

Record = dict[str, Any]


@dataclass(frozen=True)
class Person:
    """One identifier of a citizen, normalised as the registers store it."""

    kind: IdentifierKind
    key: str  # the normalised phone number or e-mail address, or the BSN's keyed hash
    shown: str  # how screens and the audit log show it (a BSN masked)

    @property
    def phone(self) -> str:
        return self.key if self.kind == IdentifierKind.PHONE else ""

    @property
    def email(self) -> str:
        return self.key if self.kind == IdentifierKind.EMAIL else ""

    @property
    def bsn_hash(self) -> str:
        return self.key if self.kind == IdentifierKind.BSN else ""


class SecretPersonError(Exception):
    """The person has a secret registration: KCC gives no inzage by number or name."""

    message = (
        "Voor deze persoon geldt geheimhouding. KCC toont of verstrekt geen gegevens op naam of nummer: "
        "de privacyfunctionaris handelt het verzoek persoonlijk af, na identificatie aan de balie."
    )


def identify(*, phone: str = "", email: str = "", bsn: str = "", purpose: str = "") -> Person:
    """The person for exactly one identifier, or a ``ValidationError`` that says what is wrong."""
    given = [name for name, value in (("telefoon", phone), ("email", email), ("bsn", bsn)) if (value or "").strip()]
    if len(given) != 1:
        raise ValidationError(
            "Geef precies één kenmerk van de persoon: een telefoonnummer, een e-mailadres of een BSN."
        )
    if phone.strip():
        try:
            number = normalise_phone(phone)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        return Person(IdentifierKind.PHONE, number, format_phone(number))
    if email.strip():
        address = normalise_email(email)
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(f"‘{email}’ is geen geldig e-mailadres.") from None
        return Person(IdentifierKind.EMAIL, address, address)
    if not purpose.strip():
        raise ValidationError(
            "Een BSN gebruikt u alleen met een doel: vul het doel in (bijvoorbeeld ‘inzageverzoek AVG art. 15 "
            "van de betrokkene zelf’)."
        )
    digits = validate_bsn(bsn)
    return Person(IdentifierKind.BSN, bsn_hash(digits), mask_bsn(digits))


def is_secret(person: Person) -> bool:
    return SecretRegistration.objects.filter(identifier_kind=person.kind, key=person.key).exists()


def person_records(person: Person) -> dict[str, list[Record]]:
    """Every record about ``person``, per register (``REGISTERS``), oldest first within a register."""
    klant_ids = list(
        Klant.objects.filter(**{_KLANT_FIELD[person.kind]: person.key}).values_list("pk", flat=True).order_by("pk")
    )
    contacts = _contacts(person, klant_ids)
    contact_ids = [contact.pk for contact in contacts]
    return {
        "klanten": [_klant(klant) for klant in Klant.objects.filter(pk__in=klant_ids).order_by("pk")],
        "contactmomenten": [_contact(contact) for contact in contacts],
        "terugbelverzoeken": [_callback(callback) for callback in _callbacks(person, contact_ids)],
        "gesprekken": [_call(call) for call in _calls(person)],
        "meldingen": [_melding(melding) for melding in _meldingen(person)],
        "klachten": [_complaint(complaint) for complaint in _complaints(person)],
        "mail": [_thread(thread) for thread in _threads(person)],
        "afspraken": [_appointment(appointment) for appointment in _appointments(person)],
        "zaken": [_zaak(zaak) for zaak in _zaken(person, klant_ids)],
    }


def open_requests() -> list[Request]:
    return list(Request.objects.filter(status=Request.Status.OPEN).order_by("deadline", "id"))


def recent_requests(limit: int = 50) -> list[Request]:
    return list(Request.objects.exclude(status=Request.Status.OPEN).order_by("-closed_at", "-id")[:limit])


# --- per register -----------------------------------------------------------------------------------

_KLANT_FIELD = {IdentifierKind.PHONE: "phone", IdentifierKind.EMAIL: "email", IdentifierKind.BSN: "bsn_hash"}


def _by_identifier(queryset, person: Person, *, phone: str | None = None, email: str | None = None):
    """``queryset`` filtered on the register's phone or e-mail field; none when it has no such field."""
    field = {IdentifierKind.PHONE: phone, IdentifierKind.EMAIL: email}.get(person.kind)
    return queryset.filter(**{field: person.key}) if field else queryset.none()


def _contacts(person: Person, klant_ids: list[int]) -> list[Contactmoment]:
    direct = _by_identifier(Contactmoment.objects.all(), person, phone="phone", email="email")
    ids = set(direct.values_list("pk", flat=True))
    if klant_ids:
        ids.update(Contactmoment.objects.filter(klant_id__in=klant_ids).values_list("pk", flat=True))
    return list(Contactmoment.objects.filter(pk__in=ids).prefetch_related("questions").order_by("started_at", "pk"))


def _callbacks(person: Person, contact_ids: list[int]) -> list[Callback]:
    ids = set(_by_identifier(Callback.objects.all(), person, phone="callback_phone").values_list("pk", flat=True))
    if contact_ids:
        ids.update(Callback.objects.filter(contact_id__in=contact_ids).values_list("pk", flat=True))
    return list(Callback.objects.filter(pk__in=ids).select_related("unit").order_by("created_at", "pk"))


def _calls(person: Person) -> list[Call]:
    return list(_by_identifier(Call.objects.all(), person, phone="caller").order_by("arrived_at", "pk"))


def _meldingen(person: Person) -> list[Melding]:
    direct = _by_identifier(Melding.objects.all(), person, phone="reporter_phone", email="reporter_email")
    ids = set(direct.values_list("pk", flat=True))
    ids.update(
        _by_identifier(Follower.objects.all(), person, phone="phone", email="email").values_list(
            "melding_id", flat=True
        )
    )
    return list(Melding.objects.filter(pk__in=ids).select_related("category").order_by("created_at", "pk"))


def _complaints(person: Person) -> list[Complaint]:
    found = _by_identifier(Complaint.objects.all(), person, phone="complainant_phone", email="complainant_email")
    return list(found.order_by("received_on", "pk"))


def _threads(person: Person) -> list[Thread]:
    found = _by_identifier(Thread.objects.all(), person, email="sender_email")
    return list(found.prefetch_related("messages").order_by("received_at", "pk"))


def _appointments(person: Person) -> list[Appointment]:
    found = _by_identifier(Appointment.objects.all(), person, phone="phone", email="email")
    return list(found.select_related("appointment_type", "location").order_by("starts_at", "pk"))


def _zaken(person: Person, klant_ids: list[int]) -> list[Zaak]:
    if person.kind == IdentifierKind.BSN:
        ids = set(Zaak.objects.filter(bsn_hash=person.key).values_list("pk", flat=True))
    else:
        ids = set(_by_identifier(Zaak.objects.all(), person, phone="phone", email="email").values_list("pk", flat=True))
    if klant_ids:
        ids.update(Zaak.objects.filter(klant_id__in=klant_ids).values_list("pk", flat=True))
    return list(Zaak.objects.filter(pk__in=ids).select_related("zaaktype").order_by("start_date", "pk"))


def _moment(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _klant(klant: Klant) -> Record:
    return {
        "id": klant.pk,
        "naam": klant.name,
        "telefoon": klant.phone,
        "email": klant.email,
        "bsn": "vastgelegd (versleuteld)" if klant.bsn_hash else "",
        "doel_bsn": klant.bsn_purpose,
        "aangemaakt": _moment(klant.created_at),
    }


def _contact(contact: Contactmoment) -> Record:
    return {
        "id": contact.pk,
        "nummer": contact.number,
        "kanaal": contact.get_channel_display(),
        "begin": _moment(contact.started_at),
        "einde": _moment(contact.ended_at),
        "telefoon": contact.phone,
        "email": contact.email,
        "adres": contact.address,
        "vragen": [
            {
                "vraagsoort": question.get_question_type_display(),
                "afhandeling": question.get_handling_display(),
                "notities": question.notes,
            }
            for question in contact.questions.all()
        ],
    }


def _callback(callback: Callback) -> Record:
    return {
        "id": callback.pk,
        "eenheid": str(callback.unit),
        "vraag": callback.question_text,
        "terugbelnummer": callback.callback_phone,
        "voorkeurstijd": callback.preferred_time,
        "status": callback.get_status_display(),
        "uitkomst": callback.outcome_note,
        "aangemaakt": _moment(callback.created_at),
    }


def _call(call: Call) -> Record:
    return {
        "id": call.pk,
        "beller": call.caller,
        "binnengekomen": _moment(call.arrived_at),
        "einde": _moment(call.ended_at),
    }


def _melding(melding: Melding) -> Record:
    return {
        "id": melding.pk,
        "nummer": melding.number,
        "categorie": str(melding.category),
        "omschrijving": melding.description,
        "adres": melding.address,
        "naam": melding.reporter_name,
        "email": melding.reporter_email,
        "telefoon": melding.reporter_phone,
        "status": melding.get_status_display(),
        "gemeld": _moment(melding.created_at),
    }


def _complaint(complaint: Complaint) -> Record:
    return {
        "id": complaint.pk,
        "nummer": complaint.number,
        "ontvangen": _moment(complaint.received_on),
        "omschrijving": complaint.description,
        "naam": complaint.complainant_name,
        "adres": " ".join(
            part
            for part in (complaint.complainant_address, complaint.complainant_postcode, complaint.complainant_city)
            if part
        ),
        "email": complaint.complainant_email,
        "telefoon": complaint.complainant_phone,
        "status": complaint.get_status_display(),
    }


def _thread(thread: Thread) -> Record:
    return {
        "id": thread.pk,
        "onderwerp": thread.subject,
        "afzender": thread.sender_email,
        "naam": thread.sender_name,
        "ontvangen": _moment(thread.received_at),
        "status": thread.get_status_display(),
        "berichten": [
            {
                "richting": message.get_direction_display(),
                "datum": _moment(message.received_at),
                "onderwerp": message.subject,
                "tekst": message.text,
            }
            for message in thread.messages.all()
        ],
    }


def _appointment(appointment: Appointment) -> Record:
    return {
        "id": appointment.pk,
        "nummer": appointment.number,
        "soort": str(appointment.appointment_type),
        "locatie": str(appointment.location),
        "begint": _moment(appointment.starts_at),
        "naam": appointment.name,
        "email": appointment.email,
        "telefoon": appointment.phone,
        "status": appointment.get_status_display(),
    }


def _zaak(zaak: Zaak) -> Record:
    return {
        "id": zaak.pk,
        "nummer": zaak.number,
        "zaaktype": str(zaak.zaaktype),
        "omschrijving": zaak.description,
        "startdatum": _moment(zaak.start_date),
        "status": zaak.get_status_display(),
        "telefoon": zaak.phone,
        "email": zaak.email,
    }
