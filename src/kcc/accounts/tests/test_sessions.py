"""Item 12: idle timeout, an absolute maximum, and log-out everywhere on a password or role change."""

from __future__ import annotations

import time

import pytest

from kcc.accounts import services, sessions
from kcc.accounts.tests.conftest import PASSWORD, password_login
from kcc.core.models import AuditEntry
from kcc.core.roles import Role


def shift_clock(client, key: str, seconds_ago: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds_ago
    session.save()


@pytest.mark.django_db
def test_idle_session_ends_after_the_configured_minutes(client, make_user, settings):
    settings.KCC_SESSION_IDLE_MINUTES = 30
    make_user(Role.AGENT, username="kcc")
    password_login(client, "kcc")
    shift_clock(client, sessions.LAST_SEEN_AT, 29 * 60)
    assert client.get("/").status_code == 200
    shift_clock(client, sessions.LAST_SEEN_AT, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/")
    assert "niet actief" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_activity_does_not_stretch_a_session_past_its_maximum(client, make_user, settings):
    settings.KCC_SESSION_MAX_HOURS = 10
    make_user(Role.AGENT, username="kcc")
    password_login(client, "kcc")
    shift_clock(client, sessions.LOGGED_IN_AT, 10 * 3600 + 60)
    response = client.get("/")
    assert response["Location"].startswith("/inloggen/")
    assert "maximale duur" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_role_change_ends_every_session_of_that_user(client, make_user):
    user = make_user(Role.AGENT, username="kcc")
    laptop, phone = client, client.__class__()
    for device in (laptop, phone):
        password_login(device, "kcc")
        assert device.get("/").status_code == 200
    services.set_roles(actor=None, user=user, roles=[Role.TEAMLEADER], via="test")
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302


@pytest.mark.django_db
def test_a_password_change_ends_the_other_sessions_and_is_audited(client, make_user):
    make_user(Role.AGENT, username="kcc")
    laptop, phone = client, client.__class__()
    for device in (laptop, phone):
        password_login(device, "kcc")
    new = "drie losse woorden hier"
    response = laptop.post(
        "/account/wachtwoord/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="wachtwoord_gewijzigd").count() == 1
