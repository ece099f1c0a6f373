"""The API under /api/v1/mail/: permissions per role, the answer checks, audit, and the OpenAPI schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from kcc.accounts.services import issue_api_token
from kcc.core.models import AuditEntry
from kcc.core.roles import Role
from kcc.mail import services
from kcc.mail.models import Thread

pytestmark = pytest.mark.django_db
BASE = "/api/v1/mail"


@pytest.fixture
def thread(make_mail) -> Thread:
    return services.ingest(make_mail(message_id="<api@example.nl>")).message.thread


def test_agent_lists_and_reads_threads_with_audit(client, agent, thread, django_assert_max_num_queries):
    client.force_login(agent)
    with django_assert_max_num_queries(8):
        listed = client.get(f"{BASE}/threads/").json()
    assert [t["nummer"] for t in listed["results"]] == [thread.number]
    detail = client.get(f"{BASE}/threads/{thread.number}/").json()
    assert detail["contactmoment"].startswith("C-")
    assert [b["soort"] for b in detail["berichten"]] == ["inwoner", "bevestiging"]
    assert AuditEntry.objects.filter(action="mail.draad_gelezen", actor=agent).exists()
    message = detail["berichten"][0]["nummer"]
    assert client.get(f"{BASE}/berichten/{message}/").json()["tekst"].startswith("Hoe lang")
    assert AuditEntry.objects.filter(action="mail.bericht_gelezen").exists()


def test_list_queries_do_not_grow_with_threads(client, agent, make_mail, django_assert_max_num_queries):
    for n in range(15):
        services.ingest(make_mail(message_id=f"<many-{n}@example.nl>"))
    client.force_login(agent)
    with django_assert_max_num_queries(8):
        assert client.get(f"{BASE}/threads/").json()["count"] == 15
    with django_assert_max_num_queries(8):
        assert client.get(f"{BASE}/berichten/").json()["count"] == 18  # 15 in, 3 acknowledgements (daily cap)


@pytest.mark.parametrize("role", [None, Role.EDITOR, Role.ADMIN, Role.COMPLAINT_COORDINATOR])
def test_others_see_no_mail(client, make_user, thread, role):
    client.force_login(make_user(role))
    assert client.get(f"{BASE}/threads/").status_code == 403
    assert client.get(f"{BASE}/berichten/").status_code == 403


def test_backoffice_sees_only_what_was_forwarded_to_its_unit(client, make_user, agent, unit, thread, make_mail):
    other = services.ingest(make_mail(message_id="<other@example.nl>")).message.thread
    user = make_user(Role.BACKOFFICE, unit=unit)
    client.force_login(user)
    assert client.get(f"{BASE}/threads/").json()["count"] == 0
    item = services.forward(thread, user=agent, unit=unit)
    assert [t["nummer"] for t in client.get(f"{BASE}/threads/?status=doorgestuurd").json()["results"]] == [
        thread.number
    ]
    assert client.get(f"{BASE}/threads/{other.number}/").status_code == 404
    assert (
        client.post(
            f"{BASE}/threads/{thread.number}/afsluiten/", {"eindstatus": "beantwoord", "reden": "x"}
        ).status_code
        == 403
    )
    response = client.post(
        f"{BASE}/doorsturingen/{item.pk}/antwoord/", {"tekst": "Aanslag is verlaagd."}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "beantwoord"


def test_answer_flow_over_the_api(client, agent, thread):
    client.force_login(agent)
    url = f"{BASE}/threads/{thread.number}"
    assert client.post(f"{url}/triage/", {"soort": "vraag"}, content_type="application/json").json()["soort"] == "vraag"
    checks = client.post(
        f"{url}/controle/", {"tekst": "Hoi Anna, je paspoort."}, content_type="application/json"
    ).json()
    assert {"aanhef", "je_jij"} <= {w["code"] for w in checks["waarschuwingen"]}
    refused = client.post(f"{url}/antwoord/", {"tekst": "Hoi Anna, je paspoort."}, content_type="application/json")
    assert refused.status_code == 400 and "waarschuwingen_gezien" in refused.json() and "controles" in refused.json()
    assert not thread.messages.filter(kind="antwoord").exists()
    sent = client.post(
        f"{url}/antwoord/",
        {"tekst": "Hoi Anna, je paspoort.", "waarschuwingen_gezien": True},
        content_type="application/json",
    )
    assert sent.status_code == 201
    thread.refresh_from_db()
    assert thread.end_state == "beantwoord"
    again = client.post(f"{url}/afsluiten/", {"eindstatus": "beantwoord"}, content_type="application/json")
    assert again.status_code == 400 and "afgesloten" in str(again.json())


def test_close_needs_a_valid_end_state(client, agent, thread):
    client.force_login(agent)
    url = f"{BASE}/threads/{thread.number}/afsluiten/"
    assert client.post(url, {"eindstatus": "onbekend"}, content_type="application/json").status_code == 400
    assert client.post(url, {"eindstatus": "geen_antwoord_nodig"}, content_type="application/json").status_code == 400
    thread.refresh_from_db()
    assert thread.status == "nieuw"


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi_schema(make_user, thread, wsgi_keeps_connection, mode):
    user = make_user(Role.TEAMLEADER, username="api-tl")
    token = issue_api_token(actor=None, user=user)
    headers = {"Authorization": f"Token {token}"}
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == GenerationMode.NEGATIVE:
        excluded.append(negative_data_rejection)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler()).include(
        path_regex=r"^/api/v1/mail"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11
    if mode == GenerationMode.NEGATIVE:
        operations = [op for op in operations if op.body or any(p.location == "query" for p in op.iter_parameters())]
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()
