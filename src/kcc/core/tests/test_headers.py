"""Issue 15 item 11: CSP without inline script, no-store, HSTS/SSL redirect behind TLS, check --deploy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from kcc.core.roles import Role

TEMPLATE_ROOTS = [Path(settings.BASE_DIR)]


def test_every_page_carries_the_policy_and_no_store(client, make_user):
    client.force_login(make_user(Role.AGENT))
    for url in ("/", "/kennisbank/", "/api/v1/terugbelverzoeken/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "no-store" in response["Cache-Control"], url


def test_public_pages_are_not_stored_either(client, db):
    response = client.get("/afspraak/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_templates_hold_no_inline_script_style_or_handler():
    """The policy refuses inline code; a template that brings some back breaks its page silently."""
    import re

    forbidden = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+\s*=|\sstyle\s*=|hx-on|javascript:", re.I)
    offenders = []
    for root in TEMPLATE_ROOTS:
        for path in root.rglob("templates/**/*.html"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if forbidden.search(line):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()[:80]}")
    assert not offenders, "\n".join(offenders)


def test_api_docs_come_from_the_package(client, db):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KCC_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kcc.settings",
        KCC_VAR_DIR=str(tmp_path),
        KCC_SECRET_KEY=secrets.token_urlsafe(60),
        KCC_ALLOWED_HOSTS="kcc.demodam.nl",
        KCC_SECURE_COOKIES="1",
        **extra,
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kcc.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_secure_cookies(tmp_path):
    """The check above can fail: without KCC_SECURE_COOKIES the same command reports the gaps."""
    env = _production_env(tmp_path)
    env.pop("KCC_SECURE_COOKIES")
    result = subprocess.run(
        [sys.executable, "-m", "kcc.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


@pytest.fixture
def secure(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


def test_behind_tls_plain_http_is_redirected_and_https_gets_hsts(client, db, secure):
    plain = client.get("/kennisbank/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secured = client.get("/kennisbank/", secure=True)
    assert secured.status_code == 200
    assert secured["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
