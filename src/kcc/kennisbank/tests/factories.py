"""Test data made the way the product makes it: through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from kcc.core.models import OrganisationUnit, User
from kcc.kennisbank.models import VAC
from kcc.kennisbank.services import save_vac


def make_vac(
    vraag: str = "Hoe vraag ik een paspoort aan?",
    *,
    antwoord: str = "<p>Maak een afspraak bij Burgerzaken en neem een pasfoto mee.</p>",
    owner: User | None = None,
    owner_unit: OrganisationUnit | None = None,
    status: str = VAC.Status.ACTIVE,
    is_public: bool = True,
    review_date: date | None = None,
    **fields: Any,
) -> VAC:
    return save_vac(
        vraag=vraag,
        antwoord=antwoord,
        owner_user=owner,
        owner_unit=owner_unit,
        status=status,
        is_public=is_public,
        review_date=review_date,
        **fields,
    )
