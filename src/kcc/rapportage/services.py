"""Writes of the management information: recording a service norm (history is kept)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from kcc.core.models import User
from kcc.rapportage.models import NormKind, ServiceNorm

PERCENT_KINDS = frozenset(NormKind.values) - {NormKind.REPLY_TERM}


def validate_norm(kind: str, value: Decimal | str | float) -> Decimal:
    """The value as a Decimal; ``ValidationError`` for an unknown kind or an impossible value."""
    if kind not in NormKind.values:
        raise ValidationError({"kind": f"Onbekende norm ‘{kind}’."})
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"value": f"‘{value}’ is geen getal."}) from None
    if not amount.is_finite() or amount < 0 or (kind in PERCENT_KINDS and amount > 100):
        message = "Een percentage ligt tussen 0 en 100." if kind in PERCENT_KINDS else "Geef een termijn van 0 of meer."
        raise ValidationError({"value": message})
    return amount


@transaction.atomic
def set_norm(*, kind: str, value: Decimal | str | float, valid_from: date, scope: str = "", actor: User | None = None,
             note: str = "") -> ServiceNorm:  # fmt: skip
    """Record a norm from ``valid_from`` on; a norm already recorded for that day is replaced."""
    amount = validate_norm(kind, value)
    norm, _created = ServiceNorm.objects.update_or_create(
        kind=kind,
        scope=scope.strip(),
        valid_from=valid_from,
        defaults={"value": amount, "note": note.strip(), "created_by": actor},
    )
    return norm
