"""Issue 15 item 6: whoever walks the sequential numbers through Open311 or the status pages finds
no text the reporter wrote and no personal data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kcc.meldingen import services
from kcc.meldingen.models import Feedback, Melding

from .conftest import INSIDE

SECRETS = [
    "Achter de schuur van Jan Geheim",  # location note
    "Mijn buurman Piet Privé laat",  # description
    "Jan Geheim",
    "jan.geheim@example.nl",
    "0612345678",
    "13b",  # house number
    "3011 AD",  # postcode
]


@pytest.fixture
def private_meldingen(demo, make_intake, kcc_agent) -> list[Melding]:
    made = []
    for text in ("de container openstaan.", "zijn hond los."):
        intake = make_intake(
            description=f"Mijn buurman Piet Privé laat {text}",
            location=services.Location(
                street="Coolsingel",
                house_number="13b",
                postcode="3011 AD",
                city="Rotterdam",
                note="Achter de schuur van Jan Geheim",
                lat=INSIDE[0],
                lon=INSIDE[1],
            ),
            reporter=services.Reporter(
                name="Jan Geheim", email="jan.geheim@example.nl", phone="0612345678", feedback=Feedback.EMAIL
            ),
        )
        made.append(services.create_melding(intake).melding)
    services.route_melding(made[0], actor=kcc_agent)
    return made


def _assert_clean(text: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"public output carries {leaked}"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_by_sequential_number_carries_no_reporter_text(client, private_meldingen, fmt):
    year = timezone.localdate().year
    found = 0
    for sequence in range(1, 6):
        response = client.get(f"/open311/v2/requests/M-{year}-{sequence:05d}.{fmt}")
        assert response.status_code in (200, 404)
        found += response.status_code == 200
        _assert_clean(response.content.decode())
    assert found == len(private_meldingen)
    listing = client.get(f"/open311/v2/requests.{fmt}").content.decode()
    _assert_clean(listing)
    assert "Coolsingel, Rotterdam" in listing  # where the problem is stays public


def test_open311_status_notes_are_the_fixed_status_text(client, private_meldingen, kcc_agent):
    melding = private_meldingen[1]
    services.cancel_melding(melding, actor=kcc_agent, text="Gesproken met Jan Geheim over zijn buurman")
    data = client.get(f"/open311/v2/requests/{melding.number}.json").json()
    assert data[0]["status_notes"] == "Gesloten zonder actie"
    _assert_clean(str(data))


def test_status_page_carries_no_reporter_text(client, private_meldingen):
    for melding in private_meldingen:
        response = client.get(f"/melding/{melding.number}", {"token": melding.token})
        assert response.status_code == 200
        _assert_clean(response.content.decode())
