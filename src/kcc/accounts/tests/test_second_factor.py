"""Item 17: TOTP second factor, required for Beheerder and Klachtcoördinator, with recovery codes.

The codes are computed with pyotp, an implementation independent of django-otp's.
"""

from __future__ import annotations

import re
import time
from base64 import b32encode

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from kcc.accounts.tests.conftest import password_login
from kcc.core.models import AuditEntry
from kcc.core.roles import Role


def totp_for(device: TOTPDevice, *, offset: int = 0) -> str:
    return pyotp.TOTP(b32encode(device.bin_key).decode()).at(time.time() + offset)


def enrol(client, user) -> list[str]:
    """Walk the enrolment pages like a person with an authenticator app; returns the recovery codes."""
    page = client.get("/account/tweestaps/instellen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    shown_key = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    assert shown_key == b32encode(device.bin_key).decode().rstrip("=")
    response = client.post("/account/tweestaps/instellen/", {"code": totp_for(device), "next": "/"})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.COMPLAINT_COORDINATOR])
def test_these_roles_cannot_use_the_workspace_before_enrolling(client, make_user, role):
    user = make_user(role, username="verplicht")
    assert password_login(client, "verplicht").status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestaps/instellen/?next=")
    assert client.get("/klachten/").status_code == 302
    api = client.get("/api/v1/klachten/")
    assert api.status_code == 403
    assert "tweestapsverificatie" in api.json()["detail"]

    codes = enrol(client, user)
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="tweestaps_ingesteld", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_after_enrolling_every_log_in_asks_for_a_code(client, make_user):
    user = make_user(Role.ADMIN, username="beheer")
    password_login(client, "beheer")
    codes = enrol(client, user)
    client.post("/uitloggen/")

    password_login(client, "beheer")
    response = client.get("/meldingen/")
    assert response["Location"] == "/account/tweestaps/?next=%2Fmeldingen%2F"
    wrong = client.post("/account/tweestaps/", {"code": "000000", "next": "/meldingen/"})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/").status_code == 302

    # django-otp throttles after a wrong code (1 s, doubling): wait it out as a person would.
    time.sleep(1.5)
    # The code of the next time step (the current one was used at enrolment and cannot be replayed).
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    response = client.post("/account/tweestaps/", {"code": totp_for(device, offset=30), "next": "/meldingen/"})
    assert response.status_code == 302
    assert response["Location"] == "/meldingen/"
    assert client.get("/").status_code == 200

    # A recovery code works once.
    client.post("/uitloggen/")
    password_login(client, "beheer")
    assert client.post("/account/tweestaps/", {"code": codes[0], "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/uitloggen/")
    password_login(client, "beheer")
    again = client.post("/account/tweestaps/", {"code": codes[0], "next": "/"})
    assert "Deze code klopt niet" in again.content.decode()


@pytest.mark.django_db
def test_wrong_codes_lock_the_account_like_wrong_passwords(client, make_user, settings):
    user = make_user(Role.ADMIN, username="beheer")
    password_login(client, "beheer")
    enrol(client, user)
    client.post("/uitloggen/")
    password_login(client, "beheer")
    responses = [client.post("/account/tweestaps/", {"code": "123456"}) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert {r.status_code for r in responses[:-1]} == {200}
    assert responses[-1].status_code == 429
    assert "_auth_user_id" not in client.session
    assert password_login(client, "beheer").status_code == 429


@pytest.mark.django_db
def test_an_agent_logs_in_with_a_password_alone(client, make_user):
    make_user(Role.AGENT, username="kcc")
    password_login(client, "kcc")
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_beheerder_resets_a_lost_phone(client, make_user, beheerder):
    colleague = make_user(Role.COMPLAINT_COORDINATOR, username="klachten")
    other = client.__class__()
    password_login(other, "klachten")
    enrol(other, colleague)
    assert other.get("/").status_code == 200

    client.force_login(beheerder)
    response = client.post("/beheer/core/user/", {"action": "reset_second_factor", "_selected_action": [colleague.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert AuditEntry.objects.filter(action="tweestaps_gereset", actor=beheerder).exists()
    # The colleague's session ended; at the next log-in they enrol again.
    assert other.get("/")["Location"].startswith("/inloggen/")
    password_login(other, "klachten")
    assert other.get("/")["Location"].startswith("/account/tweestaps/instellen/")
