"""Bad input to the CTI events API: a 400/401 naming the field, in Dutch, and nothing stored."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kcc.core.roles import Role
from kcc.telefonie import services
from kcc.telefonie.models import Call, CallEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/telefonie/gebeurtenissen/"
GOOD = {"gesprek_id": "c1", "gebeurtenis": "binnenkomend", "tijdstip": "2026-12-07T09:00:00+01:00", "van": "0612345678"}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"gebeurtenis": "opgehangen"}, "gebeurtenis", "Onbekende gebeurtenis ‘opgehangen’"),
        ({"gebeurtenis": None}, "gebeurtenis", ""),
        ({"gesprek_id": ""}, "gesprek_id", ""),
        ({"gesprek_id": "a\x00b"}, "gesprek_id", "Null-tekens"),
        ({"gesprek_id": "x" * 101}, "gesprek_id", ""),
        ({"tijdstip": "gisteren"}, "tijdstip", ""),
        ({"tijdstip": None}, "tijdstip", ""),
        ({"van": "bel mij"}, "van", "geen telefoonnummer"),
        ({"van": "12"}, "van", "geen geldig telefoonnummer"),
        ({"naar": "abc"}, "naar", "geen telefoonnummer"),
        ({"van": None}, "van", ""),
        ({"gebeurtenis": "aangenomen"}, "medewerker", "gebruikersnaam"),
        ({"gebeurtenis": "aangenomen", "medewerker": "niemand"}, "medewerker", "Onbekende medewerker ‘niemand’"),
        ({"gebeurtenis": "aangenomen", "medewerker": "redacteur"}, "medewerker", "mag geen contacten registreren"),
        ({"gebeurtenis": "doorverbonden", "beantwoord": True}, "doel", "nummer"),
        ({"gebeurtenis": "doorverbonden", "doel": "xyz", "beantwoord": True}, "doel", "geen telefoonnummer"),
        ({"gebeurtenis": "doorverbonden", "doel": "4321"}, "beantwoord", "true of false"),
        ({"gebeurtenis": "doorverbonden", "doel": "4321", "beantwoord": "misschien"}, "beantwoord", ""),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_stored(phone_api, make_user, change, field, words):
    make_user(Role.EDITOR, username="redacteur")
    body = {key: value for key, value in {**GOOD, **change}.items() if value is not None}
    response = phone_api.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert words in " ".join(response.json()[field])
    assert (Call.objects.count(), CallEvent.objects.count()) == (0, 0)


@pytest.mark.parametrize("body", ["{niet: json", '"een tekst"', "[1, 2]"])
def test_a_body_that_is_not_one_json_object_is_refused(phone_api, body):
    response = phone_api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert "JSON-object" in response.json()["detail"]
    assert Call.objects.count() == 0


def test_an_empty_body_names_the_missing_fields(phone_api):
    response = phone_api.post(URL, "", content_type="application/json")
    assert response.status_code == 400
    assert {"gesprek_id", "gebeurtenis", "tijdstip"} <= response.json().keys()


def test_another_content_type_is_refused(phone_api):
    assert phone_api.post(URL, "gesprek_id=c1", content_type="application/x-www-form-urlencoded").status_code == 415


@pytest.mark.parametrize("header", [None, "Token fout", "Bearer x", "Token", "Token a b"])
def test_a_missing_or_wrong_token_is_401(header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.post(URL, GOOD, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "token" in response.json()["detail"].lower()
    assert Call.objects.count() == 0


def test_a_revoked_token_is_401(phone_api, system_token):
    services.revoke_token(system_token[0], user=None)
    assert phone_api.post(URL, GOOD, format="json").status_code == 401


def test_a_logged_in_user_cannot_send_events(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    assert client.post(URL, GOOD, content_type="application/json").status_code == 401
