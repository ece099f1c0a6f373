"""Item 5: django-axes locks an account and an address after a few failures, without telling who exists."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from kcc.accounts.services import issue_api_token
from kcc.accounts.tests.conftest import PASSWORD, password_login
from kcc.core.roles import Role

CSRF = re.compile(r'"X-CSRFToken": "[^"]+"')


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_after_100_wrong_passwords_the_right_one_fails_too(client, make_user):
    user = make_user(Role.AGENT, username="kcc")
    for attempt in range(100):
        response = password_login(client, "kcc", f"fout-{attempt}")
        assert not logged_in(client)
    response = password_login(client, "kcc", PASSWORD)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert not logged_in(client)
    assert client.get("/").status_code == 302
    # A second client from another address is refused as well: the account itself is locked.
    other = client.__class__(REMOTE_ADDR="192.0.2.7")
    assert password_login(other, user.username).status_code == 429


@pytest.mark.django_db
def test_an_address_is_locked_after_failures_on_different_accounts(client, make_user, settings):
    make_user(Role.AGENT, username="kcc")
    for name in ["anna", "bert", "chris", "dirk"]:
        assert password_login(client, name, "raden").status_code == 200
    assert password_login(client, "eva", "raden").status_code == 429  # the fifth failure from this address
    assert password_login(client, "kcc", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_locked_account_looks_the_same_whether_it_exists_or_not(client, make_user, settings):
    make_user(Role.AGENT, username="kcc")
    answers = {}
    for username in ["kcc", "bestaat-niet"]:
        probe = client.__class__(REMOTE_ADDR=f"192.0.2.{len(answers) + 10}")
        wrong = [password_login(probe, username, "raden") for _ in range(settings.AXES_FAILURE_LIMIT)]
        assert {r.status_code for r in wrong[:-1]} == {200}
        # Only the per-request CSRF token may differ.
        answers[username] = (wrong[-1].status_code, CSRF.sub("", wrong[-1].content.decode()))
    assert answers["kcc"] == answers["bestaat-niet"]
    assert answers["kcc"][0] == 429


@pytest.mark.django_db
def test_the_admin_log_in_is_the_same_guarded_page(client):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/beheer/"


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, make_user, settings):
    make_user(Role.AGENT, username="kcc")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, "kcc", "raden")
    assert password_login(client, "kcc", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16))
    assert password_login(client, "kcc", PASSWORD).status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_a_beheerder_unlocks_in_the_admin(client, make_user, beheerder, settings):
    make_user(Role.AGENT, username="kcc")
    locked = client.__class__(REMOTE_ADDR="192.0.2.20")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(locked, "kcc", "raden")
    assert password_login(locked, "kcc", PASSWORD).status_code == 429

    client.force_login(beheerder)
    attempt = AccessAttempt.objects.get(username="kcc")
    listing = client.get("/beheer/axes/accessattempt/")
    assert listing.status_code == 200
    assert "kcc" in listing.content.decode()
    response = client.post(f"/beheer/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert password_login(locked, "kcc", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_address_guessing_api_tokens_is_refused_even_with_a_right_one(client, make_user, settings):
    token = issue_api_token(actor=None, user=make_user(Role.AGENT))
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.get("/api/v1/meldingen/", HTTP_AUTHORIZATION=f"Token fout{attempt:036d}")
        assert response.status_code == 403  # DRF answers 403 when session auth comes first
    response = client.get("/api/v1/meldingen/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 429
    assert "Te veel ongeldige tokens" in response.json()["detail"]
    other = client.__class__(REMOTE_ADDR="192.0.2.30")
    assert other.get("/api/v1/meldingen/", HTTP_AUTHORIZATION=f"Token {token}").status_code != 429


@pytest.mark.django_db
def test_logging_in_to_ones_own_account_does_not_wipe_the_failures_on_another(client, make_user, settings):
    make_user(Role.AGENT, username="kcc")
    make_user(Role.AGENT, username="insider")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_login(client, "kcc", "raden")
    assert password_login(client.__class__(), "insider").status_code == 302
    assert password_login(client, "kcc", "raden").status_code == 429
