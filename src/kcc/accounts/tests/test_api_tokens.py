"""API tokens: only a digest is stored, a new token replaces the old one, the CLI issues one once."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from kcc.accounts.authentication import api_token_digest
from kcc.accounts.services import issue_api_token
from kcc.core.models import AuditEntry
from kcc.core.roles import Role

pytestmark = pytest.mark.django_db


def _status(client, token: str) -> int:
    return client.get("/api/v1/meldingen/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def test_the_database_holds_a_digest_that_does_not_authenticate(client, make_user):
    user = make_user(Role.AGENT)
    token = issue_api_token(actor=None, user=user)
    stored = Token.objects.get(user=user).key
    assert stored == api_token_digest(token) and token not in stored
    assert _status(client, token) == 200
    assert _status(client, stored) in (401, 403)  # a copy of the database is no key


def test_a_new_token_replaces_the_old_one_and_both_are_audited(client, make_user):
    user = make_user(Role.AGENT)
    first = issue_api_token(actor=None, user=user)
    second = issue_api_token(actor=None, user=user)
    assert _status(client, first) in (401, 403)
    assert _status(client, second) == 200
    assert AuditEntry.objects.filter(action="api_token_aangemaakt", object_id=str(user.pk)).count() == 2


def test_the_cli_prints_the_token_alone_and_refuses_an_unknown_user(client, make_user):
    user = make_user(Role.AGENT, username="koppeling")
    out = io.StringIO()
    call_command("apitoken", "koppeling", stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip()
    assert Token.objects.get(user=user).key == api_token_digest(token)
    assert _status(client, token) == 200
    with pytest.raises(CommandError, match="Er is geen actieve gebruiker 'niemand'"):
        call_command("apitoken", "niemand")
    assert Token.objects.count() == 1


def test_tokens_issued_before_hashing_keep_working_after_the_migration(client, make_user):
    from django.apps import apps

    migration = importlib.import_module("kcc.accounts.migrations.0001_hash_api_tokens")
    old = Token.objects.create(user=make_user(Role.AGENT)).key  # DRF's own plain key, as stored before
    migration.hash_stored_tokens(apps, None)
    assert not Token.objects.filter(key=old).exists()
    assert _status(client, old) == 200
