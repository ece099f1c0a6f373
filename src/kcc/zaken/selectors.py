"""Reads of zaken: the local register, and a caller's zaken from whichever source is configured."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet

from kcc.contacten.models import Klant, Question
from kcc.contacten.privacy import decrypt_bsn, validate_bsn
from kcc.contacten.selectors import CallerKeys
from kcc.core import audit
from kcc.core.models import User
from kcc.core.selectors import unit_subtree_ids
from kcc.zaken.bronnen import ZaakInfo, get_bron
from kcc.zaken.models import Zaak, ZaakType, ZgwZaakStatus


def visible_zaken(user: User) -> QuerySet[Zaak]:
    """Every zaak for roles that see all (the KCC); a back-office user his unit's and those below it."""
    if user.has_perm("zaken.view_all_zaken"):
        return Zaak.objects.all()
    if user.has_perm("zaken.view_zaak") and user.unit_id:
        return Zaak.objects.filter(unit_id__in=unit_subtree_ids(user.unit))
    return Zaak.objects.none()


def registrable_zaaktypen(user: User) -> QuerySet[ZaakType]:
    """Zaaktypen ``user`` may register zaken of: a back-office user his unit's (and below), all-seeing roles any."""
    zaaktypen = ZaakType.objects.select_related("product").order_by("name")
    if user.has_perm("zaken.view_all_zaken"):
        return zaaktypen
    if not user.unit_id:
        return zaaktypen.none()
    return zaaktypen.filter(product__unit_id__in=unit_subtree_ids(user.unit))


def may_register(user: User, zaaktype: ZaakType) -> bool:
    return registrable_zaaktypen(user).filter(pk=zaaktype.pk).exists()


def zaak_list(user: User, *, status: str = "") -> QuerySet[Zaak]:
    zaken = (
        visible_zaken(user)
        .select_related("zaaktype__product", "unit")
        .prefetch_related("suspensions")
        .order_by("-start_date", "-id")
    )
    status = status.replace("\x00", "")
    if status == "open":
        zaken = zaken.exclude(status="afgehandeld")
    elif status:
        zaken = zaken.filter(status=status)
    return zaken


def local_zaak(number: str, user: User | None = None) -> Zaak | None:
    """The zaak with this number; with ``user``, only when that user may see it."""
    zaken = visible_zaken(user) if user is not None else Zaak.objects.all()
    return (
        zaken.select_related("zaaktype__product", "unit")
        .prefetch_related("history", "suspensions")
        .filter(number=number.replace("\x00", ""))
        .first()
    )


def local_zaken_for_caller(keys: CallerKeys, limit: int = 10) -> list[Zaak]:
    """Local zaken of the caller: linked to the same klant (or the klant's BSN), or the same phone/e-mail."""
    condition = Q()
    if keys.klant_id:
        condition |= Q(klant_id=keys.klant_id)
        klant_hash = Klant.objects.filter(pk=keys.klant_id).values_list("bsn_hash", flat=True).first()
        if klant_hash:
            condition |= Q(bsn_hash=klant_hash)
    if keys.phone:
        condition |= Q(phone=keys.phone)
    if keys.email:
        condition |= Q(email=keys.email)
    if not condition:
        return []
    return list(
        Zaak.objects.filter(condition)
        .select_related("zaaktype__product")
        .prefetch_related("suspensions")
        .order_by("-start_date", "-id")[:limit]
    )


def known_zgw_zaken_for_caller(keys: CallerKeys, limit: int = 10) -> list[ZgwZaakStatus]:
    """The zaken (in the zaaksysteem) the caller's earlier contacts were about, as last notified."""
    condition = keys.q("contact__")
    if condition is None:
        return []
    subjects = Question.objects.filter(condition).exclude(subject="").values("subject")
    return list(ZgwZaakStatus.objects.filter(identificatie__in=subjects).order_by("-refreshed_at")[:limit])


def zaken_voor_bsn(bsn: str, *, user: User, purpose: str) -> list[ZaakInfo]:
    """A person's zaken by BSN from the configured source; the purpose is required and audited."""
    if not user.has_perm("zaken.view_all_zaken"):
        raise PermissionDenied("U mag geen zaken inzien.")
    purpose = purpose.replace("\x00", "").strip()
    if not purpose:
        raise ValidationError({"doel": "Geef aan waarom u de zaken van deze persoon opvraagt."})
    number = validate_bsn(bsn)
    audit.record(user, "zaken_opgevraagd_met_bsn", ("zaken.bsn", number[-3:]), purpose=purpose[:300])
    return get_bron().zaken_voor_bsn(number)


def zaken_voor_klant(klant: Klant, *, user: User, purpose: str) -> list[ZaakInfo]:
    """The zaken of an identified caller: the stored BSN is decrypted only here, for this purpose."""
    if not klant.bsn_encrypted:
        raise ValidationError({"doel": "Van deze klant is geen BSN vastgelegd."})
    if not user.has_perm("zaken.view_all_zaken"):
        raise PermissionDenied("U mag geen zaken inzien.")
    purpose = purpose.replace("\x00", "").strip()
    if not purpose:
        raise ValidationError({"doel": "Geef aan waarom u de zaken van deze persoon opvraagt."})
    audit.record(user, "bsn_gebruikt_voor_zaken", klant, purpose=purpose[:300])
    return get_bron().zaken_voor_bsn(decrypt_bsn(klant.bsn_encrypted))


def public_zgw_zaak(number: str, token: str) -> ZgwZaakStatus | None:
    """The zaaksysteem's zaak behind a public status link, as last notified; None when wrong."""
    if not token:
        return None
    for zaak in ZgwZaakStatus.objects.filter(identificatie=number).exclude(token=""):
        if secrets.compare_digest(zaak.token, token):
            return zaak
    return None


def public_zaak(number: str, token: str) -> Zaak:
    """The zaak behind a public status link; ``Zaak.DoesNotExist`` for a wrong number or secret."""
    zaak = local_zaak(number)
    if zaak is None or not token or not secrets.compare_digest(zaak.token, token):
        raise Zaak.DoesNotExist
    return zaak
