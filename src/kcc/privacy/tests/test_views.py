"""The privacy officer's workspace: register a request, see the inzage, download it, erase."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from kcc.core.roles import Role
from kcc.privacy.models import Request

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.PRIVACY_OFFICER, username="privacy")


def test_only_the_privacy_officer_reaches_the_requests(client, agent, officer):
    client.force_login(agent)
    assert client.get("/privacy/").status_code == 403
    client.force_login(officer)
    assert client.get("/privacy/").status_code == 200


def test_officer_registers_an_erasure_sees_the_records_downloads_and_erases(person_records, client, officer):
    import io

    client.force_login(officer)
    refused = client.post("/privacy/", {"recht": "inzage", "kenmerk": "bsn", "waarde": "111222333", "doel": ""})
    assert refused.status_code == 400
    assert "Een BSN gebruikt u alleen met een doel" in refused.content.decode()
    response = client.post("/privacy/", {"recht": "verwijdering", "kenmerk": "telefoon", "waarde": "06-12345678"})
    case = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/privacy/{case.pk}/"
    page = client.get(f"/privacy/{case.pk}/").content.decode()
    assert "Contacten met de gemeente (2)" in page and "Mevrouw Visser belde." in page
    exported = json.loads(client.get(f"/privacy/{case.pk}/json/").content)
    assert len(exported["registers"]["afspraken"]) == 2
    pdf = PdfReader(io.BytesIO(client.get(f"/privacy/{case.pk}/pdf/").content))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Inzage in uw persoonsgegevens" in text and "Klachten (1)" in text
    client.post(f"/privacy/{case.pk}/verwijderen/")
    case.refresh_from_db()
    assert case.status == Request.Status.DONE
    assert case.outcome["klachten"]["geweigerd"][0]["nummer"] == "KL-1"
    assert "bewaard: De klachtprocedure loopt nog" in client.get(f"/privacy/{case.pk}/").content.decode()
