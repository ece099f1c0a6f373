"""The workspace keys for a user without the cockpit (a redacteur): search by keyboard, nothing else fires."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kcc.core import demo as core_demo
from kcc.core.models import User
from kcc.kennisbank import demo as kennisbank_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redacteur() -> User:
    core_demo.load()
    kennisbank_demo.load()
    return User.objects.get(username="redacteur")


def test_search_by_keyboard_without_the_cockpit(page, login, redacteur):
    login(redacteur)
    page.goto("/")
    assert page.locator("#cockpit").count() == 0
    page.keyboard.press("n")  # no "Nieuw contact" for this role: the key does nothing
    page.keyboard.press("Control+Enter")  # no cockpit: nothing to close
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Zoeken in kennisbank en medewerkers")
    expect(search).to_be_focused()
    search.type("grofvuil")
    hits = page.locator("#search-results .result-list > li > a:first-of-type")
    expect(hits.first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(hits.first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(search).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#search-results")).to_be_empty()
    expect(search).to_be_focused()
    page.keyboard.press("Escape")  # nothing open any more: the browser clears the box as usual
    expect(search).to_have_value("")
    # The kennisbank page's own search box works the same way with its own hits.
    page.goto("/kennisbank/zoeken/")
    own = page.locator("#kb-q")
    expect(own).to_be_focused()
    own.type("vergunning")
    own_hits = page.locator("#kb-results .result-list > li > a:first-of-type")
    expect(own_hits.nth(1)).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(own_hits.first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(own_hits.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(own).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#kb-results")).to_be_empty()
    expect(own).to_be_focused()
