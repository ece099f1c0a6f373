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
from kcc.producten.terms import decision_deadline
from kcc.zaken.models import Outcome, Status, Zaak, ZaakStatus, ZaakType


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
        deadline=decision_deadline(start_date, product),
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
    return Zaak.objects.select_for_update().select_related("zaaktype__product").get(pk=zaak.pk)


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
    zaak.deadline = decision_deadline(zaak.start_date, product, extended=True)
    zaak.save(update_fields=["extended", "extension_reason", "deadline"])
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
