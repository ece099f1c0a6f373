"""A Beheerder's first log-in in Chromium: password, enrol the authenticator app, keep the codes."""

from __future__ import annotations

import re
import time
from base64 import b32encode

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from kcc.accounts.tests.conftest import PASSWORD
from kcc.core.roles import Role

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_first_log_in_of_a_beheerder_enrols_the_second_factor(page, make_user):
    user = make_user(Role.ADMIN, username="beheer")
    page.goto("/meldingen/")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(re.compile(r"/account/tweestaps/instellen/"))
    assert page.get_by_role("heading", name="Tweestapsverificatie instellen").is_visible()
    assert page.locator(".qr-code svg").is_visible()
    key = page.locator("code").first.inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert key == b32encode(device.bin_key).decode().rstrip("=")
    page.get_by_label("Code uit de app").fill(pyotp.TOTP(key).at(time.time()))
    page.get_by_role("button", name="Instellen").click()

    assert page.get_by_role("heading", name="Uw herstelcodes").is_visible()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Ik heb de codes bewaard, ga verder").click()
    page.wait_for_url(re.compile(r"/meldingen/$"))
