"""Dashboard and annual-report page in headless Chromium; a screenshot of every chart is saved to
``$KCC_VAR_DIR/test-artefacts/rapportage/`` (``settings.VAR_DIR``)."""

from __future__ import annotations

import pytest
from django.conf import settings

from kcc.rapportage.tests.conftest import attempt, q

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHARTS = {"eerstelijn", "bereikbaarheid", "terugbelverzoeken", "meldingen", "klachten", "kennisbank", "signalen"}


@pytest.fixture
def artefacts():
    path = settings.VAR_DIR / "test-artefacts" / "rapportage"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_dashboard_and_annual_report_in_chromium(page, login, live_server, tree, add_contact, teamleader, artefacts):
    for day, handling in ((3, "zelf_beantwoord"), (4, "terugbelverzoek"), (5, "onbekend")):
        add_contact(f"2025-03-{day:02d}T10:00:00+01:00", [q("algemene_vraag", handling, "belastingen")])
    add_contact("2025-03-06T10:00:00+01:00", [q("persoon_of_afdeling", "doorverbonden", "invordering",
                                                [attempt("persoon", "invordering", "bereikt")])])  # fmt: skip
    login(teamleader)
    page.goto(f"{live_server.url}/rapportage/?van=2025-03-01&tot=2025-03-31")
    assert page.locator("h1").inner_text() == "Managementinformatie"
    fcr_row = page.locator("[data-figure=fcr]").first
    assert "66,7%" in fcr_row.inner_text() and "≥ 80%" in fcr_row.inner_text()
    assert fcr_row.locator(".status-red").count() == 1
    for key in CHARTS:
        chart = page.locator(f"figure[data-chart={key}] svg")
        assert chart.is_visible()
        assert chart.bounding_box()["width"] > 300
        chart.screenshot(path=str(artefacts / f"dashboard-{key}.png"))
    # drill down from the FCR table to the questions behind "Algemene vraag, ja"
    page.locator("#t-eerstelijn table.mi-grid a").nth(1).click()
    assert "1 record" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/rapportage/jaarverslag/?jaar=2025")
    assert "Jaarverslag Klant Contact Centrum 2025" in page.locator("h1").inner_text()
    assert page.locator(".mi-overview tbody tr").count() >= 7
    for key in CHARTS:
        page.locator(f"figure[data-chart={key}] svg").screenshot(path=str(artefacts / f"jaarverslag-{key}.png"))
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert {path.stem for path in artefacts.glob("*.png")} >= {f"dashboard-{k}" for k in CHARTS}
