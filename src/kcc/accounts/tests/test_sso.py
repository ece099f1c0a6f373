"""Item 16: single sign-on against a real OpenID Connect provider on loopback.

The provider is django-oidc-provider, run as its own small Django project in a subprocess
(``oidc_provider_site``). The log-in is driven through the real redirect flow (authorisation code with
PKCE, signed ID token checked against the provider's JWKS, userinfo) by an HTTP client that follows
redirects and fills in the provider's log-in form, as a browser would.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kcc.accounts.selectors import roles_of
from kcc.core.models import AuditEntry, User
from kcc.core.roles import Role

SRC = Path(__file__).resolve().parents[3]
OP_USERS = {
    "j.devries": {
        "password": "op-wachtwoord-1",
        "first_name": "Jan",
        "last_name": "de Vries",
        "email": "jan@demodam.nl",
    },
    "lokaal": {"password": "op-wachtwoord-2", "first_name": "Lo", "last_name": "Kaal", "email": "lo@demodam.nl"},
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Provider:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.url = directory, f"http://127.0.0.1:{port}/openid"

    def set_groups(self, groups: dict[str, list[str]]) -> None:
        (self.directory / "groups.json").write_text(json.dumps(groups))


@pytest.fixture
def provider(tmp_path, live_server) -> Iterator[Provider]:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "OP_DIR": str(tmp_path),
        "OP_PORT": str(port),
        "OP_REDIRECT_URI": f"{live_server.url}/oidc/callback/",
        "OP_USERS": json.dumps(OP_USERS),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "kcc.accounts.tests.oidc_provider_site.serve"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()  # printed once it serves
        assert json.loads(line)["client_id"] == "kcc-test", f"provider did not start: {line!r}"
        op = Provider(tmp_path, port)
        op.set_groups({})
        yield op
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso(settings, provider) -> Provider:
    settings.KCC_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "kcc.accounts.oidc.KccOIDCBackend"]
    settings.OIDC_RP_CLIENT_ID = "kcc-test"
    settings.OIDC_RP_CLIENT_SECRET = "kcc-test-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.url}/jwks"
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.KCC_OIDC_ROLE_MAPPING = {
        "GG-KCC-Beheer": Role.ADMIN.value,
        "GG-KCC-Klachten": Role.COMPLAINT_COORDINATOR.value,
    }
    return provider


def sso_login(base_url: str, username: str, *, next_path: str = "/") -> tuple[requests.Session, requests.Response]:
    browser = requests.Session()
    login_page = browser.get(f"{base_url}/inloggen/sso/?next={next_path}", timeout=30)
    assert login_page.url.startswith("http://127.0.0.1:"), login_page.url  # at the provider now
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    back = browser.post(
        login_page.url,
        data={
            "csrfmiddlewaretoken": csrf,
            "username": username,
            "password": OP_USERS[username]["password"],
            "next": re.search(r'name="next" value="([^"]+)"', login_page.text).group(1).replace("&amp;", "&"),
        },
        headers={"Referer": login_page.url},
        timeout=30,
    )
    return browser, back


@pytest.mark.django_db(transaction=True)
def test_first_sso_log_in_creates_the_user_with_mapped_roles(live_server, sso):
    sso.set_groups({"j.devries": ["GG-KCC-Beheer", "GG-Iedereen"]})
    browser, landed = sso_login(live_server.url, "j.devries", next_path="/meldingen/")
    assert landed.status_code == 200
    assert landed.url == f"{live_server.url}/meldingen/"  # no second-factor step: the provider vouched

    user = User.objects.get(username="j.devries")
    assert (user.first_name, user.last_name, user.email) == ("Jan", "de Vries", "jan@demodam.nl")
    assert not user.has_usable_password()
    assert roles_of(user) == {Role.ADMIN.value}
    assert user.is_staff and not user.is_superuser
    entry = AuditEntry.objects.get(action="rollen_gewijzigd", object_id=str(user.pk))
    assert entry.actor is None and entry.detail["via"] == "sso"
    assert browser.get(f"{live_server.url}/beheer/", timeout=30).status_code == 200

    # The identity provider moves them: at the next log-in the KCC roles follow.
    sso.set_groups({"j.devries": ["GG-KCC-Klachten"]})
    _, again = sso_login(live_server.url, "j.devries")
    assert again.status_code == 200
    user.refresh_from_db()
    assert roles_of(user) == {Role.COMPLAINT_COORDINATOR.value}
    assert not user.is_staff
    # The old session ended with the role change.
    assert browser.get(f"{live_server.url}/", timeout=30, allow_redirects=False).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_sso_never_takes_over_a_local_account(live_server, sso, make_user):
    local = make_user(Role.AGENT, username="lokaal")
    sso.set_groups({"lokaal": ["GG-KCC-Beheer"]})
    _, landed = sso_login(live_server.url, "lokaal")
    assert landed.url == f"{live_server.url}/inloggen/?sso=mislukt"
    assert "niet gelukt" in landed.text
    assert roles_of(local) == {Role.AGENT.value}
    assert User.objects.filter(username="lokaal").count() == 1


@pytest.mark.django_db(transaction=True)
def test_local_log_in_still_works_next_to_sso(live_server, sso, make_user):
    make_user(Role.AGENT, username="kcc")
    browser = requests.Session()
    page = browser.get(f"{live_server.url}/inloggen/", timeout=30)
    assert "Inloggen met uw organisatie-account" in page.text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    home = browser.post(
        page.url,
        data={"csrfmiddlewaretoken": csrf, "username": "kcc", "password": "geheim-wachtwoord-1", "next": "/"},
        headers={"Referer": page.url},
        timeout=30,
    )
    assert home.url == f"{live_server.url}/"
    assert home.status_code == 200


@pytest.mark.django_db
def test_without_configuration_there_is_no_sso(client):
    assert client.get("/inloggen/sso/").status_code == 404
    assert "organisatie-account" not in client.get("/inloggen/").content.decode()
