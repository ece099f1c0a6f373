from __future__ import annotations

import pytest

from kcc.accounts import services
from kcc.core.models import User
from kcc.core.roles import Role

PASSWORD = "geheim-wachtwoord-1"  # the make_user fixture's


@pytest.fixture
def beheerder(make_user) -> User:
    """A Beheerder as the role service makes one (staff, so the admin opens)."""
    user = make_user(username="bas")
    services.set_roles(actor=None, user=user, roles=[Role.ADMIN], via="test")
    return user


def password_login(client, username: str, password: str = PASSWORD):
    return client.post("/inloggen/", {"username": username, "password": password})
