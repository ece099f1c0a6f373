"""Item 13: at least 12 characters, not common, not like the user, not all digits."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from kcc.accounts.tests.conftest import PASSWORD, password_login
from kcc.core.demo import DEMO_PASSWORD
from kcc.core.models import User
from kcc.core.roles import Role


@pytest.mark.parametrize(
    "password",
    ["Zomer2026", "kcc-demo", "123456789012345", "password1234", "wachtwoord", "jan.jansen.1980"],
)
@pytest.mark.django_db
def test_weak_passwords_are_refused(password):
    user = User(username="jan.jansen", first_name="Jan", last_name="Jansen", email="jan.jansen@demodam.nl")
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
def test_a_long_passphrase_and_the_demo_password_are_accepted():
    user = User(username="kcc")
    validate_password("drie losse woorden hier", user)
    validate_password(DEMO_PASSWORD, user)


@pytest.mark.django_db
def test_the_password_page_explains_a_refusal_in_dutch(client, make_user):
    make_user(Role.AGENT, username="kcc")
    password_login(client, "kcc")
    response = client.post(
        "/account/wachtwoord/", {"old_password": PASSWORD, "new_password1": "Zomer2026", "new_password2": "Zomer2026"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "minimaal 12 tekens" in html
    assert User.objects.get(username="kcc").check_password(PASSWORD)
