from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

import pytest

from kcc.contacten import services
from kcc.contacten.models import Contactmoment
from kcc.core.models import OrganisationUnit
from kcc.core.roles import Role


@pytest.fixture
def tree(db) -> dict[str, OrganisationUnit]:
    """publiek (dienst) > belastingen (sector) > invordering (afdeling); wijken (dienst) > rm (sector)."""
    units: dict[str, OrganisationUnit] = {}
    for code, name, kind, parent in (
        ("publiek", "Dienst Publiek", "dienst", None),
        ("wijken", "Dienst Wijken", "dienst", None),
        ("belastingen", "Belastingen", "sector", "publiek"),
        ("invordering", "Invordering", "afdeling", "belastingen"),
        ("rm", "Ruimte en Milieu", "sector", "wijken"),
    ):
        units[code] = OrganisationUnit.objects.create(code=code, name=name, kind=kind, parent=units.get(parent))
    return units


@pytest.fixture
def teamleader(make_user):
    return make_user(Role.TEAMLEADER, username="tl")


@pytest.fixture
def add_contact(agent) -> Callable[..., Contactmoment]:
    """``add_contact("2026-03-10T10:00:00+01:00", [question, ...])`` through the contact service."""
    numbers = count(1)

    def make(start: str, questions: list[dict[str, Any]], **fields: Any) -> Contactmoment:
        data = {"extern_id": f"t-{next(numbers)}", "kanaal": "telefoon", "start": start, "einde": start,
                "vragen": questions, **fields}  # fmt: skip
        return services.register_contact(data, agent=agent)

    return make


def q(vraagsoort: str, afhandeling: str, eenheid: str = "", pogingen: list | None = None, **extra: Any) -> dict:
    question = {"vraagsoort": vraagsoort, "afhandeling": afhandeling, **extra}
    if eenheid:
        question["eenheid"] = eenheid
    if pogingen:
        question["doorverbindpogingen"] = pogingen
    return question


def attempt(doel: str, eenheid: str, resultaat: str, reden: str | None = None, bereikt: str | None = None) -> dict:
    return {"doel": doel, "eenheid": eenheid, "resultaat": resultaat, "reden": reden,
            "bereikt": bereikt or ("gevraagd" if resultaat == "bereikt" else None), "warm": True}  # fmt: skip
