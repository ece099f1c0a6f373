"""The public form and status page in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from kcc.meldingen.models import Melding

from .conftest import jpeg_bytes

pytestmark = pytest.mark.browser


def _fill_basics(page) -> None:
    page.goto("/melden/")
    page.select_option("#id_category", "wegen-bestrating-losse-tegel")
    page.fill("#id_description", "Losse tegel bij de bushalte, iemand is bijna gevallen.")
    page.fill("#id_street", "Coolsingel")
    page.fill("#id_house_number", "40")


def test_anonymous_report_and_status_page(page, demo, live_server, settings):
    settings.KCC_BASE_URL = live_server.url  # the status link in the confirmation is absolute
    _fill_basics(page)
    page.get_by_text("Spoed? Kan iemand vallen").wait_for()  # htmx fetched the category's hint
    page.check("#id_is_urgent")
    assert page.locator("#emergency-text").is_visible()
    page.check("input[name=feedback][value=geen]")
    page.get_by_role("button", name="Melding versturen").click()
    page.get_by_role("heading", name="Bedankt voor uw melding").wait_for()
    number = page.get_by_test_id("number").inner_text()
    assert re.fullmatch(r"M-\d{4}-\d{5}", number)
    assert "10 werkdagen" in page.content() and "Bel dan 112" in page.content()
    melding = Melding.objects.get(number=number)
    assert melding.reporter_email == "" and melding.is_urgent

    page.get_by_test_id("status-link").click()
    page.get_by_role("heading", name=f"Melding {number}").wait_for()
    assert page.get_by_test_id("status").inner_text() == "Ontvangen"
    assert "Wij hebben uw melding ontvangen." in page.content()

    response = page.goto(f"/melding/{number}?token=fout")
    assert response.status == 404


def test_fake_image_is_rejected_with_an_error_summary(page, demo, tmp_path):
    fake = tmp_path / "foto.jpg"
    fake.write_bytes(b"%PDF-1.4 dit is geen foto" * 50)
    _fill_basics(page)
    page.set_input_files("#id_photos", str(fake))
    page.locator("#photo-location").get_by_text("geen foto").wait_for()  # checked as soon as it is chosen
    page.get_by_role("button", name="Melding versturen").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Dit bestand is geen foto" in summary.inner_text()
    expect(summary).to_be_focused()  # the script focuses it once the page has loaded
    assert Melding.objects.count() == 0


def test_photo_location_is_offered_and_filled_in(page, demo, tmp_path):
    photo = tmp_path / "gps.jpg"
    photo.write_bytes(jpeg_bytes(exif_gps=True))
    _fill_basics(page)
    page.set_input_files("#id_photos", str(photo))
    page.get_by_role("button", name="Gebruik de plek uit de foto").click()
    assert page.input_value("#id_lat").startswith("51.9225")
    assert page.input_value("#id_lon").startswith("4.479")
    page.get_by_role("button", name="Melding versturen").click()
    page.get_by_role("heading", name="Bedankt voor uw melding").wait_for()
    melding = Melding.objects.get()
    assert melding.lat == pytest.approx(51.9225, abs=1e-4) and melding.photos.count() == 1


def test_agent_makes_an_urgent_melding_from_a_running_contact(page, demo, login, agent):
    from kcc.contacten import services as contact_services

    contact = contact_services.start_contact(agent=agent)
    contact_services.update_caller(contact, channel="telefoon", phone="0612345678", email="", address="")
    login(agent)
    page.goto(f"/contacten/{contact.pk}/")
    page.get_by_test_id("action-melding").click()
    page.get_by_role("heading", name="Melding maken").wait_for()
    assert "gekoppeld aan het contact" in page.content()
    assert page.input_value("#id_phone") == contact.phone
    page.select_option("#id_category", "wegen-bestrating-losse-tegel")
    page.fill("#id_description", "Gat in de weg bij de school, een fietser is gevallen.")
    page.fill("#id_street", "Coolsingel")
    page.fill("#id_house_number", "40")
    page.check("#id_is_urgent")
    page.check("input[name=feedback][value=telefoon]")
    page.get_by_role("button", name="Melding opslaan").click()
    call_now = page.get_by_test_id("call-now")
    call_now.wait_for()
    assert "bel de afdeling nu" in call_now.inner_text()
    melding = Melding.objects.get()
    assert (melding.origin_type, melding.origin_id) == ("contacten.contactmoment", str(contact.pk))
    assert melding.is_urgent and melding.created_by == agent
