"""What a phone system's token may read (its own calls' contacts), the token command, and the schema."""

from __future__ import annotations

from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from kcc.core.models import AuditEntry
from kcc.core.roles import Role
from kcc.telefonie import services
from kcc.telefonie.auth import hash_token
from kcc.telefonie.models import PhoneSystem

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_calls(post_event, agent):
    """Call c1 of our phone system and call c2 of another one, both answered by kim."""
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {services.create_token('Andere centrale')[1]}")
    ours = post_event("c1", "aangenomen", "09:00:10", medewerker="kim", van="0612345678").json()["contactmoment"]
    theirs = post_event("c2", "aangenomen", "09:00:10", client=other, medewerker="kim").json()["contactmoment"]
    return ours, theirs


def test_the_phone_system_reads_the_contact_of_its_call(phone_api, two_calls):
    ours, _theirs = two_calls
    response = phone_api.get("/api/v1/contactmomenten/", {"gesprek_id": "c1"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [ours]
    assert phone_api.get(f"/api/v1/contactmomenten/{ours}/").status_code == 200


def test_the_phone_system_reads_nothing_else(phone_api, two_calls):
    ours, theirs = two_calls
    assert phone_api.get("/api/v1/contactmomenten/", {"gesprek_id": "c2"}).json()["results"] == []
    assert [item["id"] for item in phone_api.get("/api/v1/contactmomenten/").json()["results"]] == [ours]
    assert phone_api.get(f"/api/v1/contactmomenten/{theirs}/").status_code == 404
    assert phone_api.post("/api/v1/contactmomenten/", {}, format="json").status_code == 403
    for url in ["/api/v1/terugbelverzoeken/", "/api/v1/medewerkers/", "/api/v1/kennisbank/vacs/"]:
        assert phone_api.get(url).status_code in (401, 403), url


def test_an_agent_finds_a_contact_by_call_id(client, make_user, two_calls):
    _ours, theirs = two_calls
    client.force_login(make_user(Role.TEAMLEADER))
    response = client.get("/api/v1/contactmomenten/", {"gesprek_id": "c2"})
    assert [item["id"] for item in response.json()["results"]] == [theirs]


def test_token_create_prints_the_token_alone_on_its_last_line_and_stores_only_its_hash():
    out = StringIO()
    call_command("telefonie", "token", "create", "Centrale KCC", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    system = PhoneSystem.objects.get(name="Centrale KCC")
    assert len(token) >= 40 and " " not in token
    assert system.token_hash == hash_token(token) != token
    assert not PhoneSystem.objects.filter(token_hash=token).exists()
    assert AuditEntry.objects.filter(action="telefonie_token_gemaakt", object_id=str(system.pk)).exists()


def test_token_create_refuses_a_name_in_use():
    call_command("telefonie", "token", "create", "Centrale KCC", stdout=StringIO())
    with pytest.raises(Exception, match="Geen token gemaakt"):
        call_command("telefonie", "token", "create", "Centrale KCC", stdout=StringIO())
    assert PhoneSystem.objects.count() == 1


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_events_api_conforms_to_its_openapi_schema(system_token, agent, wsgi_keeps_connection, mode):
    """Generated events: never a server error; answers as documented (valid-looking data may be a 400)."""
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == GenerationMode.NEGATIVE:
        excluded.append(negative_data_rejection)
    headers = {"Authorization": f"Token {system_token[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application()).include(
        path_regex=r"^/api/v1/telefonie/gebeurtenissen/"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 1
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()


def test_a_beheerder_lists_and_revokes_a_token_in_the_admin(client, admin_user, phone_api, system_token):
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    system, token = system_token
    listing = client.get("/beheer/telefonie/phonesystem/").content.decode()
    assert "Centrale KCC" in listing and token[:6] in listing and token not in listing
    response = client.post("/beheer/telefonie/phonesystem/", {"action": "revoke", "_selected_action": [system.pk]})
    assert response.status_code == 302
    assert phone_api.get("/api/v1/contactmomenten/").status_code in (401, 403)
    assert AuditEntry.objects.filter(action="telefonie_token_ingetrokken", actor=admin_user).exists()
