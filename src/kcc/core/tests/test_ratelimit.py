"""Issue 15 item 14: rate limits hold across processes (two real gunicorn servers share one count)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, connections

from kcc.core import ratelimit
from kcc.core.models import RateWindow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The test database as a KCC_DATABASE_URL, so server processes use the same one."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    credentials = quote(config["USER"] or "") + (f":{quote(config['PASSWORD'])}" if config["PASSWORD"] else "")
    return f"postgres://{credentials}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def _servers(count: int, var_dir: Path) -> Iterator[list[str]]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KCC_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="kcc.settings", KCC_VAR_DIR=str(var_dir), KCC_DATABASE_URL=_database_url())
    ports = [_free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "kcc.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            for _ in range(300):
                assert process.poll() is None, "the server process stopped"
                try:
                    if _status(f"{url}/gezondheid/") == 200:
                        break
                except OSError:
                    time.sleep(0.1)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _start_of_a_minute() -> None:
    """The windows are whole minutes: start the burst early in one, so it stays in one window."""
    if time.time() % 60 > 40:
        time.sleep(60 - time.time() % 60 + 0.5)


@pytest.mark.django_db(transaction=True)
def test_two_server_processes_let_30_public_searches_through_in_total(tmp_path):
    with _servers(2, tmp_path) as urls:
        _start_of_a_minute()
        statuses = [_status(f"{urls[number % 2]}/kennisbank/?q=paspoort") for number in range(60)]
    assert statuses.count(200) == 30
    assert statuses.count(429) == 30
    assert statuses[:30] == [200] * 30


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_on_separate_connections_are_all_counted():
    """Two database connections at once: every increment lands, none is lost or counted twice."""
    seen: list[int] = []
    errors: list[BaseException] = []

    def burst() -> None:
        try:
            for _ in range(40):
                seen.append(ratelimit.hit("test:burst", "192.0.2.1", window=3600))
        except BaseException as error:  # reported to the test thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=burst) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(seen) == list(range(1, 81))
    assert ratelimit.count("test:burst", "192.0.2.1", window=3600) == 80


def test_addresses_and_scopes_are_counted_apart(db):
    assert [ratelimit.hit("a", "192.0.2.1", window=60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.hit("a", "192.0.2.2", window=60) == 1
    assert ratelimit.hit("b", "192.0.2.1", window=60) == 1


def test_ended_windows_are_purged(db):
    ratelimit.hit("a", "192.0.2.1", window=60)
    RateWindow.objects.create(key="rate:old", expires_at=int(time.time()) - 1, hits=5)
    assert ratelimit.purge_expired() == 1
    assert RateWindow.objects.count() == 1


def test_photo_location_is_limited_per_address(client, db, settings, one_rate_window):
    settings.KCC_PHOTO_LOCATION_PER_MINUTE = 3
    statuses = [client.post("/melden/foto-locatie/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    limited = client.post("/melden/foto-locatie/")
    assert limited["Retry-After"] == "60" and "Wacht een minuut" in limited.content.decode()
    assert client.post("/melden/foto-locatie/", REMOTE_ADDR="192.0.2.9").status_code == 200


def test_a_shared_cache_holds_the_counters(settings, db):
    """With a shared cache (Redis in production) the counters are cache keys, not rows."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(Path(settings.VAR_DIR) / "test-ratelimit-cache")}}  # fmt: skip
    from django.core.cache import cache

    cache.clear()
    assert [ratelimit.hit("c", "192.0.2.1", window=60) for _ in range(2)] == [1, 2]
    assert RateWindow.objects.count() == 0
    cache.clear()
