"""KCC → Klantinteracties (Open Klant 2, API 0.9): the request bodies, field by field.

Pure functions of the KCC records; the table in ``docs/integraties.md`` says the same in words.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone

from kcc.contacten.models import Callback, Contactmoment, FcrOutcome, Question, QuestionType

LANGUAGE = "nld"
CONTACT_SUCCEEDED = {FcrOutcome.YES: True, FcrOutcome.NO: False, FcrOutcome.UNKNOWN: None}
PHONE = re.compile(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$")
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = BASE36[remainder] + digits
        if not number:
            return digits


def reference(prefix: str, pk: int) -> str:
    """The ``referentienummer`` (at most 10 characters) by which KCC finds its own record again."""
    return f"{prefix}{_base36(pk)}"[:10]


def _iso(moment: Any) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def klantcontact(question: Question, vac_titles: list[str]) -> dict[str, Any]:
    contact: Contactmoment = question.contact
    subject = vac_titles[0] if vac_titles else question.get_question_type_display()
    if question.unit_id:
        subject = f"{subject} ({question.unit.name})"
    content = f"Afhandeling: {question.get_handling_display()}."
    if question.notes:
        content += f"\n{question.notes}"
    return {
        "referentienummer": reference("KCCV", question.pk),
        "kanaal": contact.get_channel_display(),
        "onderwerp": subject[:200],
        "inhoud": content[:1000],
        "indicatieContactGelukt": CONTACT_SUCCEEDED.get(question.fcr_outcome),
        "taal": LANGUAGE,
        # A complaint names who it is about: only those with access to complaints should read it.
        "vertrouwelijk": question.question_type == QuestionType.COMPLAINT,
        "plaatsgevondenOp": _iso(contact.started_at),
    }


def partij(bsn: str) -> dict[str, Any]:
    """A natural person known by BSN only: name and addresses stay in the BRP (data minimisation)."""
    return {
        "soortPartij": "persoon",
        "indicatieActief": True,
        "voorkeurstaal": LANGUAGE,
        "partijIdentificatie": {"contactnaam": None},
        "partijIdentificatoren": [
            {
                "partijIdentificator": {
                    "codeObjecttype": "natuurlijk_persoon",
                    "codeSoortObjectId": "bsn",
                    "objectId": bsn,
                    "codeRegister": "brp",
                }
            }
        ],
    }


def betrokkene(klantcontact_uuid: str, partij_uuid: str | None) -> dict[str, Any]:
    return {
        "hadKlantcontact": {"uuid": klantcontact_uuid},
        "wasPartij": {"uuid": partij_uuid} if partij_uuid else None,
        "rol": "klant",
        "initiator": True,
        "contactnaam": None,
        "bezoekadres": None,
        "correspondentieadres": None,
    }


def onderwerpobject(klantcontact_uuid: str, identificator: dict[str, str]) -> dict[str, Any]:
    return {
        "klantcontact": {"uuid": klantcontact_uuid},
        "wasKlantcontact": None,
        "onderwerpobjectidentificator": identificator,
    }


def zgw_zaak_identificator(zaak_uuid: str) -> dict[str, str]:
    """How KISS and Open Klant name a zaak in Open Zaak."""
    return {
        "codeRegister": "openzaak",
        "codeObjecttype": "zgw-Zaak",
        "codeSoortObjectId": "uuid",
        "objectId": zaak_uuid,
    }


def kcc_identificator(kind: str, number: str) -> dict[str, str]:
    """A melding, a local zaak or a klacht of KCC itself, by its number."""
    return {"codeRegister": "kcc", "codeObjecttype": kind, "codeSoortObjectId": "nummer", "objectId": number[:200]}


def phone_number(*candidates: str) -> str:
    for candidate in candidates:
        digits = re.sub(r"[\s().-]", "", candidate or "")
        if PHONE.match(digits):
            return digits
    return ""


def unit_actor(unit: Any) -> dict[str, Any]:
    identification: dict[str, Any] = {"omschrijving": unit.name[:200]}
    if unit.email:
        identification["emailadres"] = unit.email
    if phone := phone_number(unit.phone):
        identification["telefoonnummer"] = phone
    return {
        "naam": unit.name[:200],
        "soortActor": "organisatorische_eenheid",
        "indicatieActief": True,
        "actoridentificator": actor_identificator("organisatorische_eenheid", unit.code),
        "actorIdentificatie": identification,
    }


def person_actor(person: Any, phone: str) -> dict[str, Any]:
    """A medewerker; the API requires a phone number, so the caller passes one that fits."""
    return {
        "naam": person.name[:200],
        "soortActor": "medewerker",
        "indicatieActief": True,
        "actoridentificator": actor_identificator("medewerker", person.email),
        "actorIdentificatie": {
            "functie": (person.function or "Medewerker")[:40],
            "emailadres": person.email,
            "telefoonnummer": phone,
        },
    }


def actor_identificator(kind: str, object_id: str) -> dict[str, str]:
    return {"codeRegister": "kcc", "codeObjecttype": kind, "codeSoortObjectId": "code", "objectId": object_id[:200]}


def internetaak(callback: Callback, klantcontact_uuid: str, actor_uuids: list[str]) -> dict[str, Any]:
    lines = [callback.question_text, "", f"Terugbellen op: {callback.callback_phone}"]
    if callback.preferred_time:
        lines.append(f"Voorkeur: {callback.preferred_time}")
    lines += [f"Urgentie: {callback.get_urgency_display()}", f"Uiterlijk: {callback.deadline:%d-%m-%Y}"]
    lines.append(f"Reden: {callback.get_reason_display()}")
    return {
        "referentienummer": reference("KCCT", callback.pk),
        "gevraagdeHandeling": "Terugbellen",
        "aanleidinggevendKlantcontact": {"uuid": klantcontact_uuid},
        "toegewezenAanActoren": [{"uuid": item} for item in actor_uuids],
        "toelichting": "\n".join(lines)[:1000],
        "status": "te_verwerken",
    }


def internetaak_done(callback: Callback) -> dict[str, Any]:
    return {"status": "verwerkt", "afgehandeldOp": _iso(callback.closed_at or timezone.now())}
