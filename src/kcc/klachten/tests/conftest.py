from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from kcc.core.roles import Role
from kcc.klachten import learning, services


@pytest.fixture
def coordinator(make_user, unit):
    return make_user(Role.COMPLAINT_COORDINATOR, username="coordinator", email="coordinator@demodam.nl", unit=unit)


@pytest.fixture
def handler(make_user, unit):
    return make_user(Role.BACKOFFICE, username="handler", email="handler@demodam.nl", unit=unit)


@pytest.fixture
def accused(make_user, unit):
    return make_user(Role.BACKOFFICE, username="accused", email="accused@demodam.nl", unit=unit)


@pytest.fixture
def complainant() -> services.Complainant:
    return services.Complainant(
        name="J. de Boer", address="Kerkstraat 4", postcode="1234 ab", city="Demodam", email="j.deboer@example.nl"
    )


@pytest.fixture
def make_complaint(db, complainant, unit):
    def make(**overrides):
        fields = {
            "description": "De medewerker aan de balie was onbeschoft en gaf geen uitleg.",
            "channel": "email",
            "complainant": complainant,
            "received_on": date(2025, 3, 10),
            "subject_unit": unit,
        }
        fields.update(overrides)
        return services.register_complaint(**fields)

    return make


@pytest.fixture
def clock(monkeypatch):
    """Set the procedure's 'today' (the services read it from kcc.core.calendar.today)."""

    class Clock:
        def __init__(self) -> None:
            self.day = date(2025, 3, 10)

        def set(self, day: date) -> None:
            self.day = day

    instance = Clock()
    monkeypatch.setattr(services, "today", lambda: instance.day)
    return instance


@pytest.fixture
def learning_on(settings):
    """The learned model in use (the test settings switch it off), with its per-process cache emptied."""
    settings.KCC_KLACHTHERKENNING_LEREN = True
    learning.forget_active_model()
    yield
    learning.forget_active_model()


@pytest.fixture
def batch_cli(tmp_path):
    """Run `kcc klachtherkenning --batch FILE --json` in a fresh process (no test database) on ``texts``
    (id → tekst); the output lines, parsed."""

    def run(texts: dict[str, str]) -> list[dict]:
        batch = tmp_path / "in.jsonl"
        batch.write_text("".join(json.dumps({"id": k, "tekst": t}) + "\n" for k, t in texts.items()), encoding="utf-8")
        env = {"KCC_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "kcc.settings", "PATH": "/usr/bin:/bin"}
        result = subprocess.run(
            [sys.executable, "-m", "kcc.cli", "klachtherkenning", "--batch", str(batch), "--json"],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return [json.loads(line) for line in result.stdout.splitlines()]

    return run
