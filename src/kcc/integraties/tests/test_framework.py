"""The integration outbox against a spec-validating stand-in: delivery, outages, refusals, re-send."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kcc.core.models import AuditEntry
from kcc.core.roles import Role
from kcc.integraties import services
from kcc.integraties.client import Rejected, expect
from kcc.integraties.models import IntegrationJob, ServiceConfig
from kcc.integraties.systems import System, register_system
from kcc.integraties.testing import SpecStandIn, Store

TOKEN = "proef-token"


def send_actor(job: IntegrationJob, client) -> dict:
    """A minimal operation: look up (after a failed try) before creating, store the URL at once."""
    if job.result.get("url"):
        return {}
    if job.attempts > 1:
        found = client.get("actoren", {"naam": job.payload["naam"]})["results"]
        if found:
            return {"url": found[0]["url"]}
    answer = expect(
        client.post(
            "actoren",
            {
                "naam": job.payload["naam"],
                "soortActor": "organisatorische_eenheid",
                "indicatieActief": True,
                "actorIdentificatie": {"omschrijving": job.payload["naam"]},
            },
        ),
        "url",
        "uuid",
    )
    services.save_progress(job, url=answer["url"])
    return {"uuid": answer["uuid"]}


register_system(
    System(
        name="proef",
        label="Proefsysteem",
        url_setting="KCC_PROEF_URL",
        token_setting="KCC_PROEF_TOKEN",
        timeout_setting="KCC_PROEF_TIMEOUT",
        operations={"actor": send_actor},
    )
)


@pytest.fixture(scope="module")
def standin():
    api = SpecStandIn("klantinteracties-openapi.yaml", headers={"Authorization": f"Token {TOKEN}"})
    store = Store(api)

    @api.handler("actorenCreate")
    def create(call):
        return 201, store.create("actoren", call.body)

    @api.handler("actorenList")
    def search(call):
        naam = call.query.get("naam", [""])[0]
        return 200, store.page([item for item in store.all("actoren") if item["naam"] == naam])

    api.store = store
    with api:
        yield api


@pytest.fixture
def proef(standin, settings, db):
    standin.reset()
    settings.KCC_PROEF_URL = standin.base_url
    settings.KCC_PROEF_TOKEN = TOKEN
    settings.KCC_PROEF_TIMEOUT = "0.5"
    return standin


def actors_named(standin, naam: str) -> list[dict]:
    return [item for item in standin.store.all("actoren") if item["naam"] == naam]


def test_off_until_configured(db, settings):
    settings.KCC_PROEF_URL = ""
    assert services.enqueue("proef", "actor", key="proef:uit", payload={"naam": "x"}) is None
    assert not IntegrationJob.objects.exists()
    ServiceConfig.objects.create(system="proef", api_root="http://127.0.0.1:9/api", enabled=True)
    assert services.enqueue("proef", "actor", key="proef:aan", payload={"naam": "x"}) is not None


def test_delivers_once_and_keeps_what_came_back(proef):
    job = services.enqueue("proef", "actor", key="proef:1", payload={"naam": "Burgerzaken"})
    assert services.enqueue("proef", "actor", key="proef:1", payload={"naam": "Burgerzaken"}).pk == job.pk
    run = services.deliver_pending()
    job.refresh_from_db()
    assert (run.sent, job.status) == (1, IntegrationJob.Status.SENT)
    assert job.result["url"].startswith(proef.base_url) and job.result["uuid"]
    assert "POST" in job.last_exchange and TOKEN not in job.last_exchange
    assert services.deliver_pending().sent == 0
    assert len(actors_named(proef, "Burgerzaken")) == 1
    proef.assert_clean()


def test_outage_then_everything_arrives_once(proef):
    proef.fail(times=2, status=503)
    proef.hang(times=1, seconds=1.0)
    proef.html(times=1)
    job = services.enqueue("proef", "actor", key="proef:storing", payload={"naam": "Belastingen"})
    outcomes = []
    for _ in range(5):
        run = services.sync("proef", rounds=1)
        job.refresh_from_db()
        outcomes.append((run.sent, run.retried))
    assert outcomes[:4] == [(0, 1)] * 4
    assert job.status == IntegrationJob.Status.SENT and job.attempts == 5
    assert job.next_attempt_at is not None
    # The time-out may have created the actor remotely; the look-up found it, so there is one.
    assert len(actors_named(proef, "Belastingen")) == 1
    proef.assert_clean()


def test_backoff_grows_and_gives_up(proef):
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert services.backoff(20) == services.MAX_BACKOFF
    proef.fail(times=services.MAX_ATTEMPTS, status=502)
    job = services.enqueue("proef", "actor", key="proef:op", payload={"naam": "Handhaving"})
    for _ in range(services.MAX_ATTEMPTS):
        services.sync("proef", rounds=1)
    job.refresh_from_db()
    assert job.status == IntegrationJob.Status.FAILED and "502" in job.last_error and job.stopped_at


def test_refusal_is_parked_with_the_exchange_and_resent_audited(proef, make_user):
    proef.fail(times=1, status=400)
    job = services.enqueue("proef", "actor", key="proef:geweigerd", payload={"naam": "Wijken"})
    assert services.deliver_pending().parked == 1
    job.refresh_from_db()
    assert job.status == IntegrationJob.Status.PARKED
    assert "400" in job.last_error and "POST" in job.last_exchange and "Wijken" in job.last_exchange
    agent = make_user(Role.AGENT)
    with pytest.raises(Exception, match="niet opnieuw"):
        services.resend(job, user=agent)
    beheerder = make_user(Role.ADMIN)
    services.resend(job, user=beheerder)
    assert AuditEntry.objects.filter(action="integraties.opnieuw_verzenden", object_id=str(job.pk)).exists()
    assert services.deliver_pending().sent == 1
    assert len(actors_named(proef, "Wijken")) == 1


def test_wrong_token_and_invalid_answer_are_reported(proef, settings):
    settings.KCC_PROEF_TOKEN = "fout"
    job = services.enqueue("proef", "actor", key="proef:token", payload={"naam": "Stad"})
    services.deliver_pending()
    job.refresh_from_db()
    assert job.status == IntegrationJob.Status.PARKED
    assert any("Authorization" in violation for violation in proef.violations)
    with pytest.raises(Rejected):
        raise Rejected("x")
    with pytest.raises(Exception, match="mist url"):
        expect({"uuid": "x"}, "url")


def test_standin_rejects_requests_outside_the_spec(proef):
    import requests

    answer = requests.post(
        f"{proef.base_url}/actoren",
        json={"naam": 5, "soortActor": "robot", "bestaatNiet": 1},
        headers={"Authorization": f"Token {TOKEN}"},
        timeout=5,
    )
    assert answer.status_code == 400
    (violation,) = proef.violations
    assert "bestaatNiet" in violation and "actorenCreate" in violation
    proef.reset()
    requests.get(f"{proef.base_url}/nergens", timeout=5)
    assert "no such operation" in proef.violations[0]


def test_beheerder_page_shows_systems_and_resends(proef, client, make_user):
    proef.fail(times=1, status=422)
    job = services.enqueue("proef", "actor", key="proef:pagina", payload={"naam": "Stadsbedrijven"})
    services.deliver_pending()
    client.force_login(make_user(Role.AGENT))
    assert client.get(reverse("integraties:overview")).status_code == 403
    client.force_login(make_user(Role.ADMIN))
    page = client.get(reverse("integraties:overview")).content.decode()
    assert "Proefsysteem" in page and proef.base_url in page and "422" in page
    response = client.post(reverse("integraties:resend-system", args=["proef"]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == IntegrationJob.Status.PENDING and job.attempts == 0


def test_admin_keeps_the_token_write_only(client, make_user):
    row = ServiceConfig.objects.create(system="proef", api_root="http://127.0.0.1:9/api", token="geheim-token")
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    url = reverse("admin:integraties_serviceconfig_change", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200 and "geheim-token" not in page.content.decode()
    data = {"system": "proef", "api_root": "http://127.0.0.1:9/api/v2", "token": "", "enabled": "on", "timeout": "5"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    row.refresh_from_db()
    assert (row.api_root, row.token) == ("http://127.0.0.1:9/api/v2", "geheim-token")
