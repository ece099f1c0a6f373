"""The hostile inputs of the probe (issue 15 item 10): each answers 4xx with a Dutch message, never a 500."""

from __future__ import annotations

import json

import pytest

from kcc.core.roles import Role


@pytest.fixture
def agent_client(client, make_user):
    client.force_login(make_user(Role.AGENT))
    return client


def test_empty_post_to_the_public_booking_page_is_a_form_error(client, db):
    response = client.post("/afspraak/", {})
    assert response.status_code == 400
    assert "Kies een product." in response.content.decode()


def test_empty_post_to_the_agent_booking_page_is_a_form_error(agent_client):
    response = agent_client.post("/afspraken/nieuw/", {})
    assert response.status_code == 400
    assert "Kies een product." in response.content.decode()


@pytest.mark.parametrize("year", ["0", "99999", "-1", "2024x", "9" * 30])
def test_year_overview_refuses_a_year_out_of_range(client, make_user, year):
    client.force_login(make_user(Role.COMPLAINT_COORDINATOR))
    response = client.get("/klachten/jaaroverzicht/", {"jaar": year})
    assert response.status_code == 400
    assert "jaar" in response.content.decode().lower()


def test_deeply_nested_json_is_a_400(agent_client):
    body = "[" * 100_000 + "]" * 100_000
    response = agent_client.post("/api/v1/meldingen/", body, content_type="application/json")
    assert response.status_code == 400
    assert "diep" in json.dumps(response.json(), ensure_ascii=False)


def test_moderately_nested_json_still_parses(agent_client):
    body = {"description": "x", "extra": [[[[[["diep genoeg"]]]]]]}
    response = agent_client.post("/api/v1/meldingen/", body, content_type="application/json")
    assert response.status_code == 400  # a validation error about the fields, not about depth
    assert "diep" not in json.dumps(response.json(), ensure_ascii=False)


@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808", "-1"])
def test_integer_query_parameter_overflow_is_a_400(agent_client, value):
    response = agent_client.get("/api/v1/terugbelverzoeken/", {"contactmoment": value})
    assert response.status_code == 400
    assert "contactmoment" in response.json()
