"""The IVR preview page in headless Chromium: the demo menu as the teamleader sees it (the page fixture
fails on console errors and axe violations)."""

from __future__ import annotations

import pytest

from kcc.core.roles import Role
from kcc.telefonie import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_preview_page_shows_the_menu(page, login, live_server, make_user):
    demo._menu()
    login(make_user(Role.TEAMLEADER, username="tl"))
    page.goto(f"{live_server.url}/telefonie/ivr/")
    assert page.locator("h1").inner_text() == "Keuzemenu telefoon"
    assert "14 020 · Hoofdmenu" in page.locator("main h2").first.inner_text()
    options = page.locator("table").first
    assert options.locator("tbody tr").count() == 4
    assert "09:00–12:30" in options.inner_text() and "Belastingen" in options.inner_text()
