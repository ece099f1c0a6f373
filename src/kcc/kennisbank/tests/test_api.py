"""The knowledge-base API: permissions per action, validation, search, and its own OpenAPI schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error, response_schema_conformance

from kcc.accounts.services import issue_api_token
from kcc.core.models import OrganisationUnit
from kcc.core.roles import Role
from kcc.kennisbank.models import VAC, SearchLog
from kcc.kennisbank.tests.factories import make_vac
from kcc.wsgi import application

pytestmark = pytest.mark.django_db

VACS = "/api/v1/kennisbank/vacs/"
SEARCH = "/api/v1/kennisbank/zoeken/"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _as(api: APIClient, user) -> APIClient:
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(actor=None, user=user)}")
    return api


@pytest.fixture
def vac(editor) -> VAC:
    return make_vac(owner=editor, trefwoorden=["paspoort", "pas"], toelichting="Intern")


def _new_vac(**overrides):
    return {
        "vraag": "Wat kost een rijbewijs?",
        "antwoord": "<p>Zie de tarievenlijst.</p><img src=x onerror=alert(1)>",
        "trefwoorden": ["rijbewijs", "rijbewijs verlengen"],
        "doelgroep": "burger",
        "status": "actief",
        "openbaar": True,
        "links": [{"label": "Tarieven", "url": "https://www.demodam.nl/tarieven"}],
        **overrides,
    }


# --- Permissions per action ---------------------------------------------------------------


def test_anonymous_clients_get_403_not_a_login_page(api, vac):
    for method, url in [("get", VACS), ("get", f"{VACS}{vac.pk}/"), ("post", VACS), ("get", f"{SEARCH}?q=pas")]:
        response = getattr(api, method)(url)
        assert response.status_code == 403, url
        assert response.json() == {"detail": "U heeft geen toegang tot deze gegevens."} or "Log in" in str(
            response.json()
        )


@pytest.mark.parametrize("role", [*Role, None], ids=lambda role: role.name if role else "geen-rol")
def test_each_role_may_do_what_it_is_given(api, make_user, vac, role):
    _as(api, make_user(role))
    may_read = role is not None
    may_write = role in {Role.EDITOR, Role.ADMIN}

    assert api.get(VACS).status_code == (200 if may_read else 403)
    assert api.get(f"{VACS}{vac.pk}/").status_code == (200 if may_read else 403)
    assert api.get(SEARCH, {"q": "paspoort"}).status_code == (200 if may_read else 403)
    assert api.post(VACS, _new_vac(), format="json").status_code == (201 if may_write else 403)
    assert api.patch(f"{VACS}{vac.pk}/", {"vraag": "Nieuw"}, format="json").status_code == (200 if may_write else 403)
    assert api.delete(f"{VACS}{vac.pk}/").status_code == (204 if may_write else 403)


def test_agents_see_active_vacs_editors_see_all(api, agent, editor, vac):
    draft = make_vac("Concept", status=VAC.Status.DRAFT)
    agent_ids = [item["id"] for item in _as(api, agent).get(VACS).json()["results"]]
    assert agent_ids == [vac.pk]
    assert _as(APIClient(), agent).get(f"{VACS}{draft.pk}/").status_code == 404
    editor_ids = [item["id"] for item in _as(APIClient(), editor).get(VACS).json()["results"]]
    assert editor_ids == [vac.pk, draft.pk]
    drafts = _as(APIClient(), editor).get(VACS, {"status": "concept"}).json()["results"]
    assert [item["id"] for item in drafts] == [draft.pk]
    assert _as(APIClient(), editor).get(VACS, {"status": "weg"}).status_code == 400


# --- Writes go through save_vac -------------------------------------------------------------


def test_create_sanitises_versions_and_indexes(api, editor, vac):
    OrganisationUnit.objects.create(code="burgerzaken", name="Burgerzaken", kind="afdeling")
    payload = _new_vac(afdelingen=["burgerzaken"], eigenaar=editor.username, gerelateerd=[vac.pk])

    response = _as(api, editor).post(VACS, payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["antwoord"] == "<p>Zie de tarievenlijst.</p>"
    assert (body["versie"], body["afdelingen"], body["eigenaar"], body["gerelateerd"]) == (
        1,
        ["burgerzaken"],
        editor.username,
        [vac.pk],
    )
    created = VAC.objects.get(pk=body["id"])
    assert created.versions.get().changed_by == editor
    found = api.get(SEARCH, {"q": "rijbewijs"}).json()["results"]
    assert [hit["id"] for hit in found] == [created.pk]


def test_update_makes_a_new_version(api, editor, vac):
    response = _as(api, editor).patch(f"{VACS}{vac.pk}/", {"trefwoorden": ["reisdocument"]}, format="json")
    assert response.status_code == 200
    assert response.json()["versie"] == 2 and response.json()["trefwoorden"] == ["reisdocument"]
    assert vac.versions.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"vraag": ""}, "vraag", "niet leeg"),
        ({"antwoord": "<script>alert(1)</script>"}, "antwoord", "Het antwoord is leeg"),
        ({"status": "gepubliceerd"}, "status", "ongeldige keuze"),
        ({"trefwoorden": "geen lijst"}, "trefwoorden", "lijst"),
        ({"trefwoorden": ["x" * 101]}, "trefwoorden", "100"),
        ({"links": [{"url": "javascript:alert(1)"}]}, "links", "geldige URL"),
        ({"afdelingen": ["bestaat-niet"]}, "afdelingen", "bestaat-niet"),
        ({"gerelateerd": [999999]}, "gerelateerd", "999999"),
        ({"toetsdatum": "morgen"}, "toetsdatum", "JJJJ-MM-DD"),
        ({"vraag": "nul\x00teken"}, "vraag", "Null"),
    ],
)
def test_bad_input_is_a_400_with_the_reason_and_nothing_is_written(api, editor, overrides, field, message):
    response = _as(api, editor).post(VACS, _new_vac(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json() and message.lower() in str(response.json()[field]).lower()
    assert not VAC.objects.exists()


def test_duplicate_external_id_is_refused(api, editor, vac):
    _as(api, editor).post(VACS, _new_vac(externe_id="rijk-1"), format="json")
    response = api.post(VACS, _new_vac(externe_id="rijk-1"), format="json")
    assert response.status_code == 400 and "externe id" in str(response.json()["externe_id"])


# --- Search ---------------------------------------------------------------------------------


def test_search_returns_ranked_results_and_is_logged(api, agent, vac):
    make_vac("Wat kost een identiteitskaart?", antwoord="<p>Zie de tarieven.</p>")
    response = _as(api, agent).get(SEARCH, {"q": "paspoort", "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "paspoort" and body["took_ms"] >= 0
    assert body["results"][0]["id"] == vac.pk and body["results"][0]["vraag"] == vac.vraag
    assert {"uuid", "externe_id", "score", "snippet"} <= set(body["results"][0])
    log = SearchLog.objects.get()
    assert (log.channel, log.user, log.result_ids) == ("api", agent, [vac.pk])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Vul een zoekvraag in"),
        ({"q": ""}, "Vul een zoekvraag in"),
        ({"q": "   "}, "Vul een zoekvraag in"),
        ({"q": "x" * 1000}, "te lang"),
        ({"q": "pas", "limit": 0}, "gelijk is aan 1"),
        ({"q": "pas", "limit": "veel"}, "geldig getal"),
    ],
)
def test_bad_search_parameters_are_a_400(api, agent, params, message):
    response = _as(api, agent).get(SEARCH, params)
    assert response.status_code == 400
    assert message in str(response.json())
    assert not SearchLog.objects.exists()


# --- The API against its own OpenAPI schema ---------------------------------------------------


# Examples and fuzzing (positive and negative data); the exhaustive coverage phase would take minutes.
SCHEMATHESIS = schemathesis.config.SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=SCHEMATHESIS).include(
    path_regex="^/api/v1/kennisbank/"
)


@pytest.fixture
def content(editor, wsgi_keeps_connection) -> None:
    """Something to find."""
    make_vac(owner=editor, trefwoorden=["paspoort"])
    OrganisationUnit.objects.create(code="burgerzaken", name="Burgerzaken", kind="afdeling")


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, editor, content):
    token = issue_api_token(actor=None, user=editor)
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
