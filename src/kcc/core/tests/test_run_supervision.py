"""Issue 15 item 8: ``kcc run`` restarts a dead child and stops both children on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kcc.core.tests.test_ratelimit import _database_url, _free_port, _status

pytestmark = pytest.mark.django_db(transaction=True)


def _children(pid: int) -> dict[int, str]:
    """Direct children of ``pid`` with their command lines (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
    return found


def _child(pid: int, marker: str) -> int | None:
    return next((child for child, cmdline in _children(pid).items() if marker in cmdline), None)


def _wait_for(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    pytest.fail(f"waited in vain for {what}")


def _answers(url: str) -> bool:
    try:
        return _status(url) == 200
    except OSError:
        return False


@pytest.fixture
def supervisor(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KCC_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="kcc.settings", KCC_VAR_DIR=str(tmp_path), KCC_DATABASE_URL=_database_url())
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kcc.cli", "run", "--port", str(port), "--web-workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/gezondheid/"
    try:
        _wait_for(lambda: _answers(url), "the web server")
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_killed_worker_is_restarted_while_the_web_server_keeps_answering(supervisor):
    process, url = supervisor
    worker = _wait_for(lambda: _child(process.pid, "run_huey"), "the worker")
    web = _child(process.pid, "gunicorn")
    os.kill(worker, signal.SIGKILL)
    answers = []

    def restarted() -> int | None:
        answers.append(_status(url))
        new = _child(process.pid, "run_huey")
        return new if new not in (None, worker) else None

    new_worker = _wait_for(restarted, "a new worker")
    assert new_worker != worker
    assert answers and set(answers) == {200}  # the web server answered all the while
    assert _child(process.pid, "gunicorn") == web  # and was not restarted

    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Achtergrondverwerker is gestopt (code -9); opnieuw starten over 1 s." in output
    assert "KCC is gestopt." in output
    assert not _children(process.pid)
    for pid in (new_worker, web):
        assert not Path(f"/proc/{pid}").exists() or "(Z)" in Path(f"/proc/{pid}/stat").read_text()


def test_a_killed_web_server_is_restarted(supervisor):
    process, url = supervisor
    web = _wait_for(lambda: _child(process.pid, "gunicorn"), "the web server")
    os.kill(web, signal.SIGKILL)
    _wait_for(lambda: _child(process.pid, "gunicorn") not in (None, web) and _answers(url), "a new web server")
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert process.returncode == 0


def test_backoff_doubles_up_to_a_minute_and_resets_after_a_stable_run():
    from kcc.core.management.commands.run import Child

    child = Child("Test", [sys.executable, "-c", "raise SystemExit(3)"])
    now = time.monotonic()
    child.start(now)
    child.process.wait()
    delays = []
    for _ in range(8):
        child.check(now)
        delays.append(round(child.restart_at - now))
        now = child.restart_at
        child.check(now)  # starts it again
        child.process.wait()
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    child.check(now + 61)  # it had run for more than a minute before this death
    assert round(child.restart_at - (now + 61)) == 1
