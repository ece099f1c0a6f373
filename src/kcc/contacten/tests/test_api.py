"""The API: role scopes, the import shape on create, clear 400s, and the OpenAPI contract."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from kcc.accounts.services import issue_api_token
from kcc.contacten import services
from kcc.contacten.models import Callback, Contactmoment
from kcc.core.models import OrganisationUnit
from kcc.core.roles import Role

pytestmark = pytest.mark.django_db


def test_an_agent_registers_a_contact_in_the_import_shape_and_finds_it_by_number(client, agent, wi, contact_data):
    client.force_login(agent)
    data = contact_data(telefoonnummer="06-12345678")
    response = client.post("/api/v1/contactmomenten", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["vragen"][0]["fcr_rij"] == "vervanger" and body["vragen"][0]["in_een_keer_geholpen"] == "ja"
    assert body["vragen"][0]["doorverbindpogingen"][0]["eenheid"] == "wi"
    assert body["medewerker"] == "agent" and body["telefoonnummer"] == "0612345678"
    found = client.get("/api/v1/contactmomenten", {"telefoonnummer": "+31612345678"}).json()
    assert [c["nummer"] for c in found["results"]] == [body["nummer"]]
    assert client.get("/api/v1/contactmomenten", {"nummer": body["nummer"]}).json()["count"] == 1
    again = client.post("/api/v1/contactmomenten", data, content_type="application/json")
    assert again.status_code == 400 and "extern id" in again.json()["extern_id"][0]


def test_bad_contacts_get_a_clear_400_and_nothing_is_stored(client, agent, wi, contact_data):
    client.force_login(agent)
    data = contact_data(einde="2011-01-10T08:00:00+01:00")
    data["vragen"][0]["eenheid"] = "bestaatniet"
    response = client.post("/api/v1/contactmomenten", data, content_type="application/json")
    assert response.status_code == 400
    assert "vóór het begin" in response.json()["einde"][0]
    assert "Onbekende eenheid" in response.json()["vragen[0].eenheid"][0]
    bad_choice = contact_data()
    bad_choice["vragen"][0]["afhandeling"] = "weg"
    assert client.post("/api/v1/contactmomenten", bad_choice, content_type="application/json").status_code == 400
    assert not Contactmoment.objects.exists()


def test_callbacks_through_the_api_follow_the_back_office_scope(client, agent, wi, make_user):
    other = OrganisationUnit.objects.create(code="wmo", name="WMO", kind="afdeling")
    client.force_login(agent)
    body = {"eenheid": "wi", "vraag_tekst": "Uitkering", "terugbelnummer": "0612345678", "reden": "kennis_nodig"}
    created = client.post("/api/v1/terugbelverzoeken", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "open" and created.json()["contactnummer"].startswith("C-")
    client.post("/api/v1/terugbelverzoeken", {**body, "eenheid": "wmo"}, content_type="application/json")
    assert client.get("/api/v1/terugbelverzoeken").json()["count"] == 2
    colleague = make_user(Role.BACKOFFICE, unit=wi)
    client.force_login(colleague)
    listed = client.get("/api/v1/terugbelverzoeken").json()["results"]
    assert [c["eenheid"] for c in listed] == ["wi"]
    theirs = Callback.objects.get(unit=other)
    assert client.post(f"/api/v1/terugbelverzoeken/{theirs.pk}/in-behandeling").status_code == 404
    assert client.post("/api/v1/terugbelverzoeken", body, content_type="application/json").status_code == 403
    mine = listed[0]["id"]
    closed = client.post(
        f"/api/v1/terugbelverzoeken/{mine}/afsluiten",
        {"uitkomst": "opgelost", "toelichting": "Teruggebeld", "belpogingen": 1},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "afgehandeld"
    assert client.get("/api/v1/terugbelverzoeken", {"status": "open"}).json()["count"] == 0


def test_signals_through_the_api(client, agent, wi, make_user):
    client.force_login(agent)
    created = client.post(
        "/api/v1/signalen",
        {"soort": "kennisbank", "omschrijving": "VAC paspoort noemt oude prijs"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["eigenaar"] is None
    signal_id = created.json()["id"]
    assert (
        client.post(
            f"/api/v1/signalen/{signal_id}/beantwoorden",
            {"status": "beantwoord", "antwoord": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(make_user(Role.TEAMLEADER))
    answered = client.post(
        f"/api/v1/signalen/{signal_id}/beantwoorden",
        {"status": "beantwoord", "antwoord": "Prijs aangepast."},
        content_type="application/json",
    )
    assert answered.status_code == 200
    client.force_login(agent)
    assert client.get(f"/api/v1/signalen/{signal_id}").json()["antwoord"] == "Prijs aangepast."


def test_anonymous_and_roleless_users_get_nothing(client, make_user):
    for path in ("/api/v1/contactmomenten", "/api/v1/terugbelverzoeken", "/api/v1/signalen"):
        assert client.get(path).status_code in (401, 403)
    client.force_login(make_user())
    assert client.get("/api/v1/contactmomenten").status_code == 403


def test_the_list_uses_a_fixed_number_of_queries(client, agent, wi, contact_data, django_assert_max_num_queries):
    for number in range(20):
        services.register_contact(contact_data(extern_id=f"c-{number}"), agent=agent)
    client.force_login(agent)
    with django_assert_max_num_queries(14):
        assert client.get("/api/v1/contactmomenten").json()["count"] == 20


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi_schema(wi, make_user, wsgi_keeps_connection, mode):
    """Generated requests for every contacten operation: no server errors, responses as documented.

    Valid-looking data may still be refused (unknown unit codes: 400), authentication has its own
    test, and DRF's pagination reads an unreadable ``limit``/``offset`` as absent: those checks are out.
    """
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == GenerationMode.NEGATIVE:
        excluded.append(negative_data_rejection)
    user = make_user(Role.ADMIN, unit=wi)
    user.groups.add(*make_user(Role.AGENT).groups.all())
    token = issue_api_token(actor=None, user=user)
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application()).include(
        path_regex=r"^/api/v1/(contactmomenten|terugbelverzoeken|signalen)"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12
    if mode == GenerationMode.NEGATIVE:  # an id in the path alone has nothing invalid to generate
        operations = [
            op for op in operations if len(op.body) or any(p.location == "query" for p in op.iter_parameters())
        ]
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()
