"""Screens and API: who sees a complaint file, the public form, the recognition prompt."""

from datetime import date

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.template.loader import render_to_string
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from kcc.accounts.services import issue_api_token
from kcc.core.models import OutboxMessage
from kcc.core.roles import Role
from kcc.klachten import services
from kcc.klachten.models import Complaint, RecognitionDecision
from kcc.klachten.recognition import recognise

pytestmark = pytest.mark.django_db


# --- Who sees what ------------------------------------------------------------------------------


def test_coordinator_sees_all_handler_only_own_others_nothing(client, make_complaint, coordinator, handler, agent):
    mine = make_complaint()
    other = make_complaint()
    services.assign_handler(mine, handler)

    client.force_login(coordinator)
    html = client.get("/klachten/").content.decode()
    assert mine.number in html and other.number in html
    assert client.get(f"/klachten/{other.pk}/").status_code == 200

    client.force_login(handler)
    html = client.get("/klachten/").content.decode()
    assert mine.number in html and other.number not in html
    assert client.get(f"/klachten/{mine.pk}/").status_code == 200
    assert client.get(f"/klachten/{other.pk}/").status_code == 404

    client.force_login(agent)
    assert client.get(f"/klachten/{mine.pk}/").status_code == 404
    assert client.get("/klachten/jaaroverzicht/").status_code == 403
    letter = mine.letters.first()
    assert client.get(f"/klachten/{mine.pk}/brief/{letter.pk}/").status_code == 404


def test_workspace_needs_a_login(client, make_complaint):
    complaint = make_complaint()
    response = client.get(f"/klachten/{complaint.pk}/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_handler_cannot_do_coordinator_steps(client, make_complaint, handler, accused):
    complaint = make_complaint()
    services.assign_handler(complaint, handler)
    client.force_login(handler)
    response = client.post(f"/klachten/{complaint.pk}/stap/behandelaar/", {"handler": accused.pk})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.handler == handler


def test_step_with_a_broken_rule_shows_the_error_and_changes_nothing(client, make_complaint, coordinator, accused):
    complaint = make_complaint(person_complained_about=accused)
    client.force_login(coordinator)
    response = client.post(f"/klachten/{complaint.pk}/stap/behandelaar/", {"handler": accused.pk})
    assert response.status_code == 400 and "Awb 9:7" in response.content.decode()
    response = client.post(f"/klachten/{complaint.pk}/stap/verdagen/", {"days": 35, "reason": "Druk"})
    assert response.status_code == 400 and "vier weken" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.handler is None and complaint.extension_days == 0


def test_coordinator_registers_a_letter_and_prints_the_acknowledgement(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/klachten/nieuw/",
        {
            "channel": "brief", "form": "schriftelijk", "received_on": "2026-11-02",
            "description": "De handhaver sprak mij onheus aan.", "name": "A. Jansen", "address": "Dorpsweg 1",
            "postcode": "1234AB", "city": "Demodam",
        },
    )  # fmt: skip
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/klachten/{complaint.pk}/"
    letter = complaint.letters.get()
    assert letter.by_post and not OutboxMessage.objects.exists()
    page = client.get(f"/klachten/{complaint.pk}/brief/{letter.pk}/").content.decode()
    assert "A. Jansen" in page and "Dorpsweg 1" in page and complaint.number in page and "klacht indienen" in page


def test_year_overview_page(client, coordinator, make_complaint):
    make_complaint(received_on=date(2025, 3, 10))
    client.force_login(coordinator)
    html = client.get("/klachten/jaaroverzicht/?jaar=2025").content.decode()
    assert "KL-2025-00001" in html and "Ontvangen: 1" in html


# --- Public form -----------------------------------------------------------------------------


def test_public_form_without_login_registers_a_written_complaint(client):
    response = client.post(
        "/klacht/",
        {
            "description": "De medewerker aan de telefoon hing op.", "name": "P. Roos", "address": "Dorpsweg 12",
            "postcode": "1234 AB", "city": "Demodam", "email": "p.roos@example.nl",
        },
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/klacht/ontvangen/"
    complaint = Complaint.objects.get()
    assert complaint.form == "schriftelijk" and complaint.channel == "web" and complaint.acknowledged_on
    page = client.get("/klacht/ontvangen/").content.decode()
    assert complaint.number in page
    assert OutboxMessage.objects.get().to == ["p.roos@example.nl"]


def test_public_form_needs_a_way_to_reply_and_a_description(client):
    response = client.post("/klacht/", {"description": "Slecht geholpen."})
    assert response.status_code == 400 and "zodat wij op uw klacht kunnen reageren" in response.content.decode()
    response = client.post("/klacht/", {"description": "", "email": "a@example.nl"})
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_public_form_with_only_an_email_is_an_informal_complaint(client):
    client.post("/klacht/", {"description": "Niemand belt terug.", "email": "x@example.nl"})
    assert Complaint.objects.get().form == "mondeling"


def test_public_form_is_rate_limited_and_refuses_bots(client):
    assert client.post("/klacht/", {"description": "x", "email": "a@example.nl", "website": "spam"}).status_code == 400
    for _ in range(10):
        client.post("/klacht/", {"description": "Niemand belt terug.", "email": "a@example.nl"})
    response = client.post("/klacht/", {"description": "Niemand belt terug.", "email": "a@example.nl"})
    assert response.status_code == 400 and "later opnieuw" in response.content.decode()
    assert Complaint.objects.count() == 10


# --- Recognition prompt -------------------------------------------------------------------------


def test_prompt_partial_shows_reasons_and_the_three_choices(rf, agent):
    request = rf.get("/")
    request.user = agent
    html = render_to_string(
        "klachten/recognition_prompt.html",
        {"recognition": recognise("Al drie keer gebeld, nooit teruggebeld!"), "origin_type": "contacten.contactmoment",
         "origin_id": 7, "text": "x"},
        request=request,
    )  # fmt: skip
    assert "Wijs op de klachtenregeling / registreer als klacht" in html
    assert "nooit teruggebeld" in html
    for choice in ("aangeboden", "geaccepteerd", "afgewezen"):
        assert f'value="{choice}"' in html
    assert (
        render_to_string("klachten/recognition_prompt.html", {"recognition": recognise("Vraag over paspoort")}).strip()
        == ""
    )


def test_agent_choice_is_recorded_generically(client, agent):
    client.force_login(agent)
    response = client.post(
        "/klachten/herkenning/keuze/",
        {"origin_type": "meldingen.melding", "origin_id": "12", "choice": "geaccepteerd", "text": "Al 3x gemeld!"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Klacht registreren" in response.content.decode()
    decision = RecognitionDecision.objects.get()
    assert (decision.origin_type, decision.origin_id, decision.choice, decision.actor) == (
        "meldingen.melding", "12", "geaccepteerd", agent,
    )  # fmt: skip
    assert decision.reasons
    assert client.post("/klachten/herkenning/keuze/", {"origin_type": "x", "choice": "weet niet"}).status_code == 400


def test_users_without_the_role_cannot_record_a_choice(client, make_user):
    client.force_login(make_user(Role.EDITOR))
    response = client.post("/klachten/herkenning/keuze/", {"origin_type": "a", "origin_id": "1", "choice": "afgewezen"})
    assert response.status_code == 403


# --- API ----------------------------------------------------------------------------------------


def test_api_shows_files_only_to_coordinator_and_handler(client, make_complaint, coordinator, handler, agent):
    complaint = make_complaint()
    other = make_complaint()
    services.assign_handler(complaint, handler)
    assert client.get("/api/v1/klachten/").status_code in (401, 403)
    client.force_login(coordinator)
    assert client.get("/api/v1/klachten/").json()["count"] == 2
    client.force_login(handler)
    body = client.get("/api/v1/klachten/").json()
    assert [item["number"] for item in body["results"]] == [complaint.number]
    assert client.get(f"/api/v1/klachten/{other.pk}/").status_code == 404
    client.force_login(agent)
    assert client.get("/api/v1/klachten/").json()["count"] == 0
    assert client.get(f"/api/v1/klachten/{complaint.pk}/").status_code == 404


def test_api_registers_and_refuses_bad_input_without_changes(client, agent, make_user):
    client.force_login(agent)
    response = client.post(
        "/api/v1/klachten/",
        {"description": "Nooit teruggebeld.", "channel": "telefoon", "origin_type": "contacten.contactmoment",
         "origin_id": "5"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["number"].startswith("KL-")
    bad = client.post("/api/v1/klachten/", {"description": " ", "channel": "telefoon"}, content_type="application/json")
    assert bad.status_code == 400 and Complaint.objects.count() == 1
    client.force_login(make_user(Role.EDITOR))
    assert client.post("/api/v1/klachten/", {"description": "x", "channel": "telefoon"}).status_code == 403


def test_api_recognition_endpoint(client, agent):
    client.force_login(agent)
    response = client.post(
        "/api/v1/klachten/herkenning/", {"tekst": "Vraag over paspoort", "herhaalmelding": True},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["klachtsignaal"] is True and "Herhaalmelding" in response.json()["redenen"][0]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi_schema(make_complaint, coordinator, wsgi_keeps_connection, mode):
    """Generated requests: no server errors, responses as documented. Valid-looking data may still be
    refused by a rule (400), and the token is sent on every call, so ``ignored_auth`` cannot apply;
    authentication and visibility are tested above. DRF's pagination reads an unreadable
    ``limit``/``offset`` as absent, so negative-data rejection is left out in negative mode."""
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == GenerationMode.NEGATIVE:
        excluded.append(negative_data_rejection)
    make_complaint()
    token = issue_api_token(actor=None, user=coordinator)
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application()).include(
        path_regex=r"^/api/v1/klachten"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 5
    if mode == GenerationMode.NEGATIVE:  # no parameters and no body: nothing invalid to generate
        operations = [op for op in operations if op.label != "GET /api/v1/klachten/over-mij/"]
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()


def test_absurd_ids_and_paging_answer_404_or_bounded_pages_not_errors(client, make_complaint, coordinator):
    complaint = make_complaint()
    client.force_login(coordinator)
    assert client.get("/klachten/99999999999999999999999/").status_code == 404
    assert client.get(f"/klachten/{complaint.pk}/brief/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/klachten/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/klachten/%F0%9A%0A%C3%A4/").json() == {"detail": "Niet gevonden."}
    assert client.get("/api/v1/klachten/?limit=63352257761229799424").json()["count"] == 1
    assert client.get("/api/v1/klachten/?offset=63352257761229799424").json()["results"] == []
