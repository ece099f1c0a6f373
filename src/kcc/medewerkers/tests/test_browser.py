"""The transfer panel in headless Chromium: search, open the panel in place, see absence and stand-in, flag."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kcc.medewerkers.models import Flag
from kcc.medewerkers.tests.test_views import expected_absence_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_finds_a_person_sees_the_stand_in_and_flags_a_wrong_number(page, login, agent, directory):
    login(agent)
    page.goto("/")
    page.keyboard.press("/")
    page.keyboard.type("fatma lamers")  # two typos
    results = page.locator("#search-results")
    expect(results.get_by_role("heading", name="Medewerkers en afdelingen")).to_be_visible()
    results.get_by_role("link", name="Fatima Lammers").click()
    panel = page.locator("#transfer-panel")
    expect(panel.get_by_role("heading", name="Doorverbinden met Fatima Lammers")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/$"))  # opened in place, no navigation
    expect(panel).to_contain_text(expected_absence_text())
    expect(panel.get_by_role("heading", name="Vervanger")).to_be_visible()
    expect(panel.locator(".stand-in-chain")).to_contain_text("Gerrit Hoekstra")
    expect(panel).to_contain_text("ma–vr 08:30–15:00")
    panel.get_by_role("button", name="Meld: nummer klopt niet").click()
    expect(panel.get_by_role("button", name="Al gemeld: nummer klopt niet")).to_be_disabled()
    expect(panel).to_contain_text("gemeld als onjuist")
    flag = Flag.objects.get(person=directory.sick, kind=Flag.Kind.NUMBER)
    assert flag.reported_by == agent and flag.task.assignee == directory.coordinator
