"""Issue 15 item 9: liveness, readiness and Prometheus metrics, public but without secrets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from kcc.core import health, tasks
from kcc.core.models import Heartbeat, OutboxMessage
from kcc.mail.models import Mailbox

TOKEN = "meet-token-0123456789"


@pytest.fixture
def worker_alive(db) -> None:
    tasks.worker_heartbeat.call_local()


def test_liveness_needs_no_login_and_no_database(client):
    response = client.get("/gezondheid/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_ready_when_everything_runs(client, worker_alive, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/gezondheid/gereed/")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok", body
    assert set(body["controles"]) == {"database", "cache", "worker", "outbox", "mail_polling"}
    assert body["controles"]["worker"]["heartbeat_age_seconds"] < 60


def test_a_silent_worker_degrades_but_keeps_the_site_in_the_load_balancer(client, db):
    Heartbeat.objects.create(name="worker", at=timezone.now() - timedelta(minutes=10))
    response = client.get("/gezondheid/gereed/")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "gedegradeerd"
    assert body["controles"]["worker"]["ok"] is False and "verwerker" in body["controles"]["worker"]["melding"]


def test_overdue_outbox_and_stale_mailbox_are_reported(client, worker_alive):
    OutboxMessage.objects.create(
        key="k1", to=["a@example.nl"], subject="s", body="b", next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    Mailbox.objects.create(
        name="kcc",
        host="imap.geheim.example",
        username="kcc-geheim",
        last_polled_at=timezone.now() - timedelta(hours=2),
    )
    response = client.get("/gezondheid/gereed/")
    body = response.json()
    assert body["status"] == "gedegradeerd"
    assert body["controles"]["outbox"] == {
        "ok": False,
        "pending": 1,
        "failed": 0,
        "oldest_overdue_seconds": pytest.approx(3600, abs=60),
        "melding": "Uitgaande e-mail blijft liggen.",
    }
    assert body["controles"]["mail_polling"]["ok"] is False
    text = response.content.decode()
    assert "geheim" not in text and "a@example.nl" not in text  # no host names, users or addresses


def test_a_broken_cache_makes_the_process_unready(client, worker_alive, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get("/gezondheid/gereed/")
    assert response.status_code == 503 and response.json()["status"] == "fout"
    assert response.json()["controles"]["cache"] == {"ok": False, "melding": "De cache werkt niet."}
    assert "127.0.0.1" not in response.content.decode()


def test_metrics_need_the_token(client, db, settings):
    settings.KCC_METRICS_TOKEN = TOKEN
    assert client.get("/gezondheid/metrics").status_code == 401
    assert client.get("/gezondheid/metrics", HTTP_AUTHORIZATION="Bearer fout").status_code == 401
    settings.KCC_METRICS_TOKEN = ""
    assert client.get("/gezondheid/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 401


def test_metrics_in_prometheus_text_format(client, worker_alive, settings):
    settings.KCC_METRICS_TOKEN = TOKEN
    response = client.get("/gezondheid/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }
    assert samples[("kcc_up", ())] == 1 and samples[("kcc_ready", ())] == 1
    for check in ("database", "cache", "worker", "outbox", "mail_polling"):
        assert samples[("kcc_check_ok", (("check", check),))] == 1
    assert samples[("kcc_outbox_pending", ())] == 0
    assert 0 <= samples[("kcc_worker_heartbeat_age_seconds", ())] < 60


def test_heartbeat_task_keeps_one_row(db):
    tasks.worker_heartbeat.call_local()
    tasks.worker_heartbeat.call_local()
    assert Heartbeat.objects.count() == 1
    assert health.check_worker().ok
