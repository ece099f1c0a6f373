from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kcc.contacten import services
from kcc.contacten.models import Contactmoment
from kcc.core.models import OrganisationUnit, User


@pytest.fixture
def wi(db) -> OrganisationUnit:
    return OrganisationUnit.objects.create(code="wi", name="Werk en Inkomen", kind="sector", email="wi@demodam.nl")


@pytest.fixture
def contact_data() -> Callable[..., dict[str, Any]]:
    """A contact in the import/API form; keyword arguments replace top-level fields."""

    def make(**fields: Any) -> dict[str, Any]:
        data = {
            "extern_id": "c-0001",
            "kanaal": "telefoon",
            "start": "2011-01-10T09:02:00+01:00",
            "einde": "2011-01-10T09:05:30+01:00",
            "vragen": [
                {
                    "vraagsoort": "persoon_of_afdeling",
                    "afhandeling": "doorverbonden",
                    "eenheid": "WI",
                    "doorverbindpogingen": [
                        {
                            "doel": "persoon",
                            "eenheid": "WI",
                            "resultaat": "bereikt",
                            "bereikt": "vervanger",
                            "reden": None,
                            "warm": True,
                        }
                    ],
                }
            ],
        }
        data.update(fields)
        return data

    return make


@pytest.fixture
def running_contact(agent: User) -> Contactmoment:
    return services.start_contact(agent=agent)


@pytest.fixture
def demo() -> None:
    """The demo municipality's organisation, kennisbank, directory and meldingen (browser flows)."""
    from kcc.core import demo as core_demo
    from kcc.kennisbank import demo as kennisbank_demo
    from kcc.medewerkers import demo as medewerkers_demo
    from kcc.meldingen import demo as meldingen_demo

    core_demo.load()
    kennisbank_demo.load()
    medewerkers_demo.load()
    meldingen_demo.load()


@pytest.fixture
def kim(demo) -> User:
    """The demo's KCC agent."""
    from kcc.core.roles import Role

    user = User.objects.get(username="kcc")
    assert user.groups.filter(name=Role.AGENT.value).exists()
    return user
