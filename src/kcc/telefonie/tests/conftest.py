from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from kcc.core.roles import Role
from kcc.telefonie import services


@pytest.fixture
def system_token(db) -> tuple:
    return services.create_token("Centrale KCC")


@pytest.fixture
def phone_api(system_token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {system_token[1]}")
    return client


@pytest.fixture
def agent(make_user):
    return make_user(Role.AGENT, username="kim")


@pytest.fixture
def post_event(phone_api, django_capture_on_commit_callbacks) -> Callable:
    """``post_event("c1", "aangenomen", "09:00:10", medewerker="kim")`` → the API response.

    What the request leaves for after its commit runs as in production (tasks run inline in tests,
    so a transfer is on the contact when this returns)."""

    def post(call_id: str, kind: str, at: str, client: APIClient | None = None, **fields):
        body = {"gesprek_id": call_id, "gebeurtenis": kind, "tijdstip": f"2026-12-07T{at}+01:00", **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return (client or phone_api).post("/api/v1/telefonie/gebeurtenissen/", body, format="json")

    return post
