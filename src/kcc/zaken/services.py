"""Writes of the local case register; each call one transaction, audited where personal data is involved."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kcc.contacten.models import Klant
from kcc.contacten.privacy import bsn_hash, normalise_contact_phone, normalise_email, validate_bsn
from kcc.core import audit
from kcc.core.models import User
from kcc.zaken.deadlines import zaak_deadline
from kcc.zaken.models import Outcome, Status, Suspension, SuspensionReason, Zaak, ZaakStatus, ZaakType


@transaction.atomic
def create_zaak(
    *,
    zaaktype: ZaakType,
    start_date: date,
    actor: User | None,
    description: str = "",
    klant: Klant | None = None,
    bsn: str = "",
    bsn_purpose: str = "",
    phone: str = "",
    email: str = "",
    note: str = "",
) -> Zaak:
    """Register a zaak; its deadline follows from the product's term. A BSN only with a purpose."""
    hashed = ""
    if bsn:
        if not bsn_purpose.strip():
            raise ValidationError(
                {"bsn_purpose": "Leg vast waarvoor het BSN nodig is; zonder doel slaan we het niet op."}
            )
        hashed = bsn_hash(validate_bsn(bsn))
    if not zaaktype.is_active:
        raise ValidationError({"zaaktype": "Dit zaaktype is niet (meer) actief."})
    product = zaaktype.product
    zaak = Zaak.objects.create(
        zaaktype=zaaktype,
        description=description.strip()[:200],
        start_date=start_date,
        unit=product.unit,
        klant=klant,
        bsn_hash=hashed or (klant.bsn_hash if klant else ""),
        phone=normalise_contact_phone(phone),
        email=normalise_email(email),
        token=secrets.token_urlsafe(24),
    )
    zaak.number = f"Z-{start_date.year}-{zaak.pk:05d}"
    zaak.save(update_fields=["number"])
    ZaakStatus.objects.create(
        zaak=zaak, status=Status.RECEIVED, note=note or "Uw aanvraag is ontvangen.", set_at=timezone.now(), set_by=actor
    )
    audit.record(
        actor, "zaak_aangemaakt", zaak, **({"bsn": "vastgelegd"} if hashed else {}), purpose=bsn_purpose.strip()[:300]
    )
    return zaak


def _locked(zaak: Zaak) -> Zaak:
    return (
        Zaak.objects.select_for_update()
        .select_related("zaaktype__product")
        .prefetch_related("suspensions")
        .get(pk=zaak.pk)
    )


@transaction.atomic
def set_status(zaak: Zaak, *, status: str, actor: User | None, note: str = "") -> Zaak:
    zaak = _locked(zaak)
    if not zaak.is_open:
        raise ValidationError({"status": "Deze zaak is al afgehandeld."})
    if status not in (Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING):
        raise ValidationError(
            {"status": "Kies ontvangen, in behandeling of wacht op aanvulling; afhandelen gaat met een uitkomst."}
        )
    zaak.status = status
    zaak.save(update_fields=["status"])
    ZaakStatus.objects.create(zaak=zaak, status=status, note=note.strip()[:500], set_at=timezone.now(), set_by=actor)
    return zaak


@transaction.atomic
def extend_term(zaak: Zaak, *, reason: str, actor: User | None) -> Zaak:
    """Extend the decision term once, by the product's extension (Awb 4:14 lid 3)."""
    zaak = _locked(zaak)
    product = zaak.zaaktype.product
    if not reason.strip():
        raise ValidationError({"reason": "Geef de reden van de verlenging; die staat in de brief aan de aanvrager."})
    if zaak.extended:
        raise ValidationError({"reason": "De termijn van deze zaak is al verlengd."})
    if not zaak.is_open:
        raise ValidationError({"reason": "Deze zaak is al afgehandeld."})
    if not (product.extendable and product.extension_amount):
        raise ValidationError({"reason": f"De beslistermijn van ‘{product.display_title}’ kan niet worden verlengd."})
    zaak.extended = True
    zaak.extension_reason = reason.strip()[:300]
    zaak.save(update_fields=["extended", "extension_reason"])
    ZaakStatus.objects.create(
        zaak=zaak,
        status=zaak.status,
        note=f"De beslistermijn is verlengd tot {zaak.deadline:%d-%m-%Y}.",
        set_at=timezone.now(),
        set_by=actor,
    )
    return zaak


@transaction.atomic
def close_zaak(zaak: Zaak, *, outcome: str, actor: User | None, note: str = "", on: date | None = None) -> Zaak:
    zaak = _locked(zaak)
    if not zaak.is_open:
        raise ValidationError({"outcome": "Deze zaak is al afgehandeld."})
    if outcome not in Outcome.values or not outcome:
        raise ValidationError({"outcome": "Kies een uitkomst."})
    zaak.status, zaak.outcome, zaak.closed_on = Status.DONE, outcome, on or timezone.localdate()
    zaak.save(update_fields=["status", "outcome", "closed_on"])
    ZaakStatus.objects.create(
        zaak=zaak,
        status=Status.DONE,
        note=note.strip()[:500] or Outcome(outcome).label,
        set_at=timezone.now(),
        set_by=actor,
    )
    return zaak


# Reasons for which the law needs a period: the one set for the completion (4:15 lid 1 a; without it
# the request does not suspend the term) and the one the applicant agreed to in writing (lid 2 a).
NEEDS_UNTIL = {
    SuspensionReason.COMPLETION: "Geef de termijn die de aanvrager heeft gekregen om de aanvraag aan te vullen; "
    "zonder termijn staat de beslistermijn niet stil.",
    SuspensionReason.CONSENT: "Geef aan tot en met wanneer de aanvrager schriftelijk met uitstel heeft ingestemd.",
}


@transaction.atomic
def suspend_term(
    zaak: Zaak,
    *,
    reason: str,
    start_date: date,
    actor: User | None,
    until: date | None = None,
    note: str = "",
) -> Suspension:
    """Suspend the decision term (Awb 4:15) from the day after ``start_date``; one at a time, never overlapping."""
    zaak = _locked(zaak)
    today = timezone.localdate()
    if not zaak.is_open:
        raise ValidationError({"reason": "Deze zaak is al afgehandeld."})
    if reason not in SuspensionReason.values:
        raise ValidationError({"reason": "Kies de grond voor de opschorting."})
    reason = SuspensionReason(reason)
    if reason in NEEDS_UNTIL and until is None:
        raise ValidationError({"until": NEEDS_UNTIL[reason]})
    if start_date < zaak.start_date:
        raise ValidationError(
            {
                "start_date": "De opschorting kan niet beginnen vóór de startdatum van de zaak "
                f"({zaak.start_date:%d-%m-%Y})."
            }
        )
    if start_date > today:
        raise ValidationError({"start_date": "Een opschorting kan niet in de toekomst beginnen."})
    if until is not None and until < start_date:
        raise ValidationError({"until": "De gestelde termijn kan niet eindigen vóór het begin van de opschorting."})
    deadline = zaak_deadline(zaak, today)
    if deadline is None:
        raise ValidationError(
            {"reason": "Voor dit product geldt geen wettelijke beslistermijn; er is niets om op te schorten."}
        )
    if start_date >= deadline:
        raise ValidationError(
            {
                "start_date": f"De beslistermijn liep af op {deadline:%d-%m-%Y}; "
                "een verlopen termijn kan niet meer stilstaan."
            }
        )
    end = until or date.max
    for other in zaak.suspensions.all():
        other_end = other.end_date or other.until or date.max
        if other.start_date < end and start_date < other_end:
            raise ValidationError({"start_date": _overlap_message(other, today)})
    suspension = Suspension.objects.create(
        zaak=zaak,
        reason=reason,
        note=note.strip()[:500],
        start_date=start_date,
        until=until,
        started_at=timezone.now(),
        started_by=actor,
    )
    if reason == SuspensionReason.COMPLETION and zaak.status != Status.WAITING:
        zaak.status = Status.WAITING
        zaak.save(update_fields=["status"])
    text = f"De termijn staat stil sinds {start_date:%d-%m-%Y} omdat {suspension.public_reason}."
    if until is not None:
        text += f" Dit duurt uiterlijk tot en met {until:%d-%m-%Y}."
    ZaakStatus.objects.create(zaak=zaak, status=zaak.status, note=text, set_at=timezone.now(), set_by=actor)
    audit.record(actor, "beslistermijn_opgeschort", zaak, reden=reason.value, van=start_date.isoformat())
    return suspension


def _overlap_message(other: Suspension, today: date) -> str:
    if other.is_running(today):
        return (
            f"De termijn staat al stil sinds {other.start_date:%d-%m-%Y} ({other.get_reason_display()}). "
            "Beëindig die opschorting eerst."
        )
    return (
        f"Deze periode valt samen met de opschorting van {other.start_date:%d-%m-%Y} tot en met "
        f"{other.last_day(today):%d-%m-%Y}; opschortingen mogen elkaar niet overlappen."
    )


@transaction.atomic
def end_suspension(zaak: Zaak, *, end_date: date, actor: User | None, note: str = "") -> Suspension:
    """End the running suspension on ``end_date`` (e.g. the day the documents came): that day is still suspended."""
    zaak = _locked(zaak)
    today = timezone.localdate()
    suspension = next((s for s in zaak.suspensions.all() if s.is_running(today)), None)
    if suspension is None:
        raise ValidationError({"end_date": "De termijn van deze zaak staat niet stil."})
    if end_date < suspension.start_date:
        raise ValidationError(
            {"end_date": f"De opschorting kan niet eindigen vóór haar begin ({suspension.start_date:%d-%m-%Y})."}
        )
    if end_date > today:
        raise ValidationError({"end_date": "Een opschorting kan niet in de toekomst eindigen."})
    suspension.end_date, suspension.ended_at, suspension.ended_by = end_date, timezone.now(), actor
    suspension.save(update_fields=["end_date", "ended_at", "ended_by"])
    if zaak.status == Status.WAITING:
        zaak.status = Status.IN_PROGRESS
        zaak.save(update_fields=["status"])
    deadline = zaak_deadline(zaak, today)
    text = note.strip()[:300] or "De termijn loopt weer."
    if deadline is not None:
        text += f" Wij beslissen uiterlijk op {deadline:%d-%m-%Y}."
    ZaakStatus.objects.create(zaak=zaak, status=zaak.status, note=text, set_at=timezone.now(), set_by=actor)
    audit.record(actor, "opschorting_beeindigd", zaak, reden=suspension.reason, tot=end_date.isoformat())
    return suspension
