"""The telefonie table on the dashboard in headless Chromium, with a screenshot of its chart in
``$KCC_VAR_DIR/test-artefacts/telefonie/`` (the page fixture fails on console errors and axe violations)."""

from __future__ import annotations

import pytest
from django.conf import settings

from kcc.core.roles import Role
from kcc.telefonie import queuelog
from kcc.telefonie.tests.test_queuelog import LOG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_telefonie_table_on_the_dashboard(page, login, live_server, make_user):
    assert queuelog.import_lines(LOG).ok
    login(make_user(Role.TEAMLEADER, username="tl"))
    page.goto(f"{live_server.url}/rapportage/?van=2026-03-10&tot=2026-03-10")
    figure = page.locator("[data-figure=servicelevel]").first
    assert "42,9%" in figure.inner_text() and "≥ 80%" in figure.inner_text()
    assert figure.locator(".status-red").count() == 1
    table = page.locator("#t-telefonie")
    assert "algemeen" in table.inner_text() and "belastingen" in table.inner_text()
    chart = page.locator("figure[data-chart=telefonie] svg")
    assert chart.is_visible() and chart.bounding_box()["width"] > 300
    artefacts = settings.VAR_DIR / "test-artefacts" / "telefonie"
    artefacts.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(artefacts / "dashboard-telefonie.png"))
    table.screenshot(path=str(artefacts / "dashboard-telefonie-tabel.png"))
