from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse

from kcc.core.roles import Role
from kcc.zaken import services
from kcc.zaken.tests.conftest import BSN
from kcc.zaken.tests.zgw_stub import validator_for


def test_the_vendored_schema_catches_a_wrong_answer():
    validator = validator_for("PaginatedZaakList")
    good = {"count": 0, "next": None, "previous": None, "results": []}
    assert not list(validator.iter_errors(good))
    missing = {
        **good,
        "results": [
            {"bronorganisatie": "002220647", "verantwoordelijkeOrganisatie": "002220647", "zaaktype": "http://x/zt"}
        ],
    }
    assert any("startdatum" in error.message for error in validator.iter_errors(missing))
    unknown = {
        **good,
        "results": [{**missing["results"][0], "startdatum": "2026-01-01", "uiterlijkeEinddatum": "2026-02-01"}],
    }
    assert any("uiterlijkeEinddatum" in error.message for error in validator.iter_errors(unknown))


@pytest.fixture
def zaak(zaaktype, agent):
    zaak = services.create_zaak(
        zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent, bsn=BSN, bsn_purpose="aanvraag"
    )
    return services.set_status(
        zaak, status="in_behandeling", actor=agent, note="De aanvraag is in behandeling genomen."
    )


def test_the_public_status_page_needs_the_secret(client, zaak):
    url = reverse("zaak-status:status", args=[zaak.number, zaak.token])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and "In behandeling" in body and "dinsdag 30 maart 2027" in body
    assert "De aanvraag is in behandeling genomen." in body and BSN not in body
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(reverse("zaak-status:status", args=[zaak.number, "fout"])).status_code == 404
    assert client.get(reverse("zaak-status:status", args=["Z-2027-99999", zaak.token])).status_code == 404


def test_agents_see_zaken_in_the_workspace(client, agent, zaak, django_assert_max_num_queries):
    client.force_login(agent)
    for number in range(10):
        services.create_zaak(zaaktype=zaak.zaaktype, start_date=date(2027, 1, 1 + number), actor=agent)
    # 11: the deadlines cross public holidays, so the municipality's working holidays are read (once, then cached).
    with django_assert_max_num_queries(11):
        assert client.get(reverse("zaken:list")).status_code == 200
    detail = client.get(reverse("zaken:detail", args=[zaak.number])).content.decode()
    assert "Wij beslissen binnen 8 weken" in detail and "dinsdag 30 maart 2027" in detail
    assert zaak.public_url in detail  # the agent can give the citizen the status link
    assert Client().get(urlparse(zaak.public_url).path).status_code == 200
    found = client.get(reverse("zaken:search"), {"nummer": zaak.number}).content.decode()
    assert zaak.number in found
    refused = client.post(reverse("zaken:search"), {"bsn": BSN, "doel": ""})
    assert refused.status_code == 400 and "Geef aan waarom" in refused.content.decode()


def test_the_api_lists_reads_and_searches_with_a_purpose(client, agent, zaak, django_assert_max_num_queries):
    client.force_login(agent)
    with django_assert_max_num_queries(8):
        listing = client.get("/api/v1/zaken").json()
    assert listing["count"] == 1 and listing["results"][0]["uiterste_datum"] == "2027-03-30"
    detail = client.get(f"/api/v1/zaken/{zaak.number}").json()
    assert detail["status"] == "In behandeling" and len(detail["historie"]) == 2
    assert client.get("/api/v1/zaken/Z-1999-00001").status_code == 404
    found = client.post(
        "/api/v1/zaken/zoeken",
        {"bsn": BSN, "doel": "Beller vraagt naar zijn aanvraag"},
        content_type="application/json",
    )
    assert found.status_code == 200 and [z["identificatie"] for z in found.json()] == [zaak.number]
    bad = client.post("/api/v1/zaken/zoeken", {"bsn": "123", "doel": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "9 cijfers" in str(bad.json())


def test_without_the_role_nothing(client, make_user, zaak):
    assert client.get("/api/v1/zaken").status_code in (401, 403)
    client.force_login(make_user())
    assert client.get("/api/v1/zaken").status_code == 403
    assert client.get(reverse("zaken:list")).status_code == 403
    client.force_login(make_user(Role.EDITOR))
    assert (
        client.post("/api/v1/zaken/zoeken", {"bsn": BSN, "doel": "x"}, content_type="application/json").status_code
        == 403
    )


def test_the_back_office_registers_and_moves_a_zaak_through_the_api(client, make_user, zaaktype):
    client.force_login(make_user(Role.BACKOFFICE, unit=zaaktype.product.unit))
    created = client.post(
        "/api/v1/zaken",
        {"zaaktype": zaaktype.code, "startdatum": "2027-02-01", "omschrijving": "Dakkapel", "telefoon": "06-12345678"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    nummer = created.json()["nummer"]
    assert created.json()["uiterste_datum"] == "2027-03-30"

    def act(body):
        return client.post(f"/api/v1/zaken/{nummer}/acties", body, content_type="application/json")

    assert act({"actie": "verlengen"}).json() == {
        "toelichting": ["Geef de reden van de verlenging; die staat in de brief aan de aanvrager."]
    }
    extended = act({"actie": "verlengen", "toelichting": "Welstandsadvies nodig"}).json()
    assert extended["uiterste_datum"] == "2027-05-10" and extended["verlengd"]
    assert act({"actie": "afhandelen"}).status_code == 400
    closed = act({"actie": "afhandelen", "uitkomst": "verleend", "toelichting": "Vergunning verleend."}).json()
    assert closed["status"] == "afgehandeld" and closed["uitkomst"] == "verleend"
    assert act({"actie": "status", "status": "in_behandeling"}).status_code == 400
    bad = client.post(
        "/api/v1/zaken", {"zaaktype": "bestaat-niet", "startdatum": "2027-02-01"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json() == {"zaaktype": ["Onbekend zaaktype."]}


def test_agents_cannot_change_zaken(client, agent, zaak):
    client.force_login(agent)
    assert (
        client.post(
            f"/api/v1/zaken/{zaak.number}/acties",
            {"actie": "verlengen", "toelichting": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert client.post("/api/v1/zaken", {}, content_type="application/json").status_code == 403


def test_a_back_office_user_sees_only_his_units_zaken(client, make_user, zaak):
    from kcc.core.models import OrganisationUnit

    elsewhere = OrganisationUnit.objects.create(code="belastingen", name="Belastingen", kind="sector")
    client.force_login(make_user(Role.BACKOFFICE, unit=elsewhere))
    assert client.get("/api/v1/zaken").json()["count"] == 0
    assert client.get(f"/api/v1/zaken/{zaak.number}").status_code == 404
    assert client.get(reverse("zaken:detail", args=[zaak.number])).status_code == 404
    moved = client.post(
        f"/api/v1/zaken/{zaak.number}/acties",
        {"actie": "verlengen", "toelichting": "x"},
        content_type="application/json",
    )
    assert moved.status_code == 404
    other = client.post(
        "/api/v1/zaken", {"zaaktype": zaak.zaaktype.code, "startdatum": "2027-02-01"}, content_type="application/json"
    )
    assert other.status_code == 400 and other.json() == {"zaaktype": ["Dit zaaktype hoort niet bij uw afdeling."]}
    assert (
        client.post("/api/v1/zaken/zoeken", {"bsn": BSN, "doel": "x"}, content_type="application/json").status_code
        == 403
    )
    client.force_login(make_user(Role.BACKOFFICE, unit=zaak.unit))
    assert client.get("/api/v1/zaken").json()["count"] == 1
    assert client.get(f"/api/v1/zaken/{zaak.number}").status_code == 200
