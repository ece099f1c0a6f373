"""``kcc mail receive`` (stdin → one JSON line) and ``kcc mail poll``, in process and as a real process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from kcc.mail.models import Message
from kcc.mail.tests.conftest import CORPUS

pytestmark = pytest.mark.django_db


def _receive(monkeypatch, raw: bytes) -> dict:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("mail", "receive", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def test_receive_new_reply_duplicate_and_quarantine(monkeypatch, make_mail):
    first = _receive(monkeypatch, make_mail(message_id="<cli-1@example.nl>"))
    assert set(first) == {"nummer", "status", "thread"} and first["status"] == "nieuw"
    ack = Message.objects.get(kind="bevestiging")
    reply = _receive(monkeypatch, make_mail(message_id="<cli-2@example.nl>", In_Reply_To=ack.message_id))
    assert (reply["status"], reply["thread"]) == ("toegevoegd", first["thread"])
    again = _receive(monkeypatch, make_mail(message_id="<cli-1@example.nl>"))
    assert again == {"nummer": first["nummer"], "status": "duplicaat", "thread": first["thread"]}
    junk = _receive(monkeypatch, (CORPUS / "048-broken-binary-junk.eml").read_bytes())
    assert (junk["status"], junk["thread"]) == ("quarantaine", "")


def test_poll_prints_one_line_per_mailbox(dovecot, mailbox, make_mail):
    dovecot.append(make_mail(message_id="<poll-cli@example.nl>"))
    out = io.StringIO()
    call_command("mail", "poll", stdout=out)
    line = json.loads(out.getvalue().strip())
    assert line == {"postvak": "kcc", "opgehaald": 1, "statussen": {"nieuw": 1}}


@pytest.mark.django_db(transaction=True)
def test_receive_as_a_process_with_kcc_database_url(make_mail, tmp_path):
    """The MTA pipe transport: a separate process, the database from KCC_DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "KCC_DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "kcc.settings_test",
        "KCC_MAIL_RAW_DIR": str(tmp_path / "raw"),
    }
    kcc = Path(sys.executable).with_name("kcc")
    raw = make_mail(message_id="<pipe@example.nl>")
    done = subprocess.run([str(kcc), "mail", "receive"], input=raw, capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert result["status"] == "nieuw"
    assert Message.objects.filter(message_id="<pipe@example.nl>").exists()
    junk = subprocess.run(
        [str(kcc), "mail", "receive"], input=b"\x00\x01garbage", capture_output=True, env=env, timeout=120
    )
    assert junk.returncode == 0 and b"Traceback" not in junk.stderr
    assert json.loads(junk.stdout.decode().strip())["status"] == "quarantaine"
