"""The map in headless Chromium: the public form at desktop and phone width, agent intake, the list.

Tiles and the Locatieserver are the loopback stand-in (locatieserver.py): no request leaves the machine.
"""

from __future__ import annotations

import pytest

from kcc.core.models import OrganisationUnit
from kcc.core.roles import Role
from kcc.meldingen import services
from kcc.meldingen.models import Melding

pytestmark = pytest.mark.browser


def _map_ready(page) -> None:
    # The tiles come from the loopback stand-in: slow only when the machine is busy.
    page.locator("#kaart-map .leaflet-tile-loaded").first.wait_for(timeout=30_000)
    page.locator("#kaart-map path.leaflet-interactive, #kaart-map svg path").first.wait_for(state="attached")


@pytest.mark.parametrize("width", [1440, 390])
def test_public_form_with_address_search_pin_boundary_and_nearby_meldingen(
    page, demo, geocoder, make_intake, category, width
):
    page.set_viewport_size({"width": width, "height": 900})
    # An open melding of the same kind at Kerkstraat 12: shown before submitting, in text and on the map.
    services.create_melding(make_intake(location=services.Location(lat=51.9210, lon=4.4830)))
    page.goto("/melden/")
    _map_ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out at 390 px
    status = page.locator("[data-kaart-status]")
    # The map shows the whole municipality: its top right corner lies outside the boundary, and a
    # click there is refused in the browser at once (the server refuses it too, see test_map.py).
    the_map = page.locator("#kaart-map")
    the_map.click(position={"x": the_map.bounding_box()["width"] - 5, "y": 5})
    status.get_by_text("buiten de gemeente").wait_for()

    page.select_option("#id_category", category.code)
    page.fill("#id_description", "Losse tegel voor de deur, iemand is bijna gevallen.")
    page.get_by_label("Zoek het adres").fill("kerkstraat 12")
    page.get_by_role("button", name="Kerkstraat 12, 3011BA Rotterdam").click()
    status.get_by_text("Kerkstraat 12, 3011BA Rotterdam is ingevuld en staat op de kaart").wait_for()
    assert page.input_value("#id_street") == "Kerkstraat" and page.input_value("#id_postcode") == "3011 BA"
    assert page.input_value("#id_lat") == "51.921000"
    assert page.locator("#kaart-map .leaflet-marker-icon").count() == 1  # the pin
    nearby = page.locator("#duplicates")
    nearby.get_by_text("Is dit al gemeld?").wait_for()
    assert "0 meter hiervandaan" in nearby.inner_text()
    page.wait_for_function("document.querySelectorAll('#kaart-map .leaflet-overlay-pane path').length >= 2")

    # Keyboard: the map takes focus and lets it go again (no trap); the button puts the pin in the middle.
    the_map.focus()
    page.keyboard.press("ArrowDown")
    inside = "document.activeElement.closest('#kaart-map') !== null"
    for _ in range(6):  # past the zoom buttons and the attribution link, out of the map
        page.keyboard.press("Tab")
        if not page.evaluate(inside):
            break
    assert not page.evaluate(inside)
    page.get_by_role("button", name="Zet de pin in het midden van de kaart").focus()
    page.keyboard.press("Enter")
    status.get_by_text("De plek is ingevuld").wait_for()

    page.get_by_label("Zoek het adres").fill("coolsingel")
    page.get_by_role("button", name="Coolsingel 40, 3011AD Rotterdam").click()
    status.get_by_text("Coolsingel 40").wait_for()
    page.check("input[name=feedback][value=geen]")
    page.get_by_role("button", name="Melding versturen").click()
    page.get_by_role("heading", name="Bedankt voor uw melding").wait_for()
    melding = Melding.objects.order_by("-id").first()
    assert (melding.street, melding.house_number, melding.postcode) == ("Coolsingel", "40", "3011 AD")
    assert (melding.lat, melding.lon) == (51.9225, 4.4792)
    assert {name for name, _ in geocoder.requests} >= {"suggest", "lookup", "reverse"}


def test_agent_intake_and_the_back_office_list_with_the_map(page, demo, geocoder, login, make_user, category):
    agent = make_user(Role.AGENT, unit=OrganisationUnit.objects.get(code="kcc"))
    login(agent)
    page.goto("/meldingen/nieuw/")
    _map_ready(page)
    page.select_option("#id_category", category.code)
    page.fill("#id_description", "Tegel los, gemeld aan de telefoon.")
    page.locator("#kaart-map").click()  # the middle of the map: the demo area's centre
    page.locator("[data-kaart-status]").get_by_text("De plek is ingevuld").wait_for()
    assert page.input_value("#id_lat") and page.input_value("#id_lon")
    page.get_by_role("button", name="Melding opslaan").click()
    page.get_by_text("is gemaakt").wait_for()
    melding = Melding.objects.get()
    assert melding.lat is not None

    login(make_user(Role.TEAMLEADER))
    page.goto("/meldingen/")
    _map_ready(page)
    marker = page.get_by_role("img", name=f"{melding.number}: {category.name}", exact=False)
    marker.click()
    page.locator(".leaflet-popup-content").get_by_role("link", name=melding.number, exact=False).click()
    page.get_by_role("heading", name=melding.number, exact=False).wait_for()
