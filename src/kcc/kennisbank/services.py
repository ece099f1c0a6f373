"""What may happen to VAC's: every write goes through here (sanitised, versioned, indexed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kcc.core.models import OrganisationUnit, User
from kcc.kennisbank.html import sanitise_html
from kcc.kennisbank.models import VAC, VACVersion

EDITABLE_FIELDS = (
    "vraag",
    "antwoord",
    "toelichting",
    "trefwoorden",
    "doelgroep",
    "status",
    "is_public",
    "review_date",
    "links",
    "source",
    "external_id",
    "owner_user",
    "owner_unit",
)


def _clean_keywords(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise ValidationError({"trefwoorden": "Trefwoorden zijn een lijst van woorden."})
    seen: dict[str, None] = {}
    for item in value:
        word = str(item).strip()
        if len(word) > 100:
            raise ValidationError({"trefwoorden": f"Het trefwoord ‘{word[:30]}…’ is langer dan 100 tekens."})
        if word and word.lower() not in {k.lower() for k in seen}:
            seen[word] = None
    return list(seen)


def _snapshot(vac: VAC) -> dict[str, Any]:
    return {
        "vraag": vac.vraag,
        "antwoord": vac.antwoord,
        "toelichting": vac.toelichting,
        "trefwoorden": vac.trefwoorden,
        "doelgroep": vac.doelgroep,
        "status": vac.status,
        "is_public": vac.is_public,
        "review_date": vac.review_date.isoformat() if vac.review_date else None,
        "links": vac.links,
        "afdelingen": sorted(vac.afdelingen.values_list("code", flat=True)),
        "owner_user": vac.owner_user_id,
        "owner_unit": vac.owner_unit_id,
    }


@transaction.atomic
def save_vac(
    *,
    vac: VAC | None = None,
    actor: User | None = None,
    afdelingen: list[OrganisationUnit] | None = None,
    related: list[VAC] | None = None,
    **fields: Any,
) -> VAC:
    """Create a VAC (``vac`` None) or change one, then record the version and update the index.

    ``fields`` are model fields from :data:`EDITABLE_FIELDS`. Raises ``ValidationError`` with
    Dutch messages per field; nothing is written then.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    creating = vac is None
    vac = vac or VAC()
    for name, value in fields.items():
        setattr(vac, name, value)
    vac.vraag = (vac.vraag or "").strip()
    vac.antwoord = sanitise_html(vac.antwoord)
    vac.trefwoorden = _clean_keywords(vac.trefwoorden)
    vac.links = vac.links or []
    if isinstance(vac.review_date, str):
        vac.review_date = date.fromisoformat(vac.review_date)
    if not creating:
        vac.version += 1
    vac.full_clean(exclude=["afdelingen", "related"])
    vac.save()
    if afdelingen is not None:
        vac.afdelingen.set(afdelingen)
    if related is not None:
        vac.related.set([other for other in related if other.pk != vac.pk])
    VACVersion.objects.create(vac=vac, version=vac.version, snapshot=_snapshot(vac), changed_by=actor)

    from kcc.kennisbank.search import index_vac

    index_vac(vac)
    return vac
