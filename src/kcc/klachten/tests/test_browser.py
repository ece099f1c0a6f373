"""End to end in headless Chromium: the public complaint form and the coordinator's file."""

import re

import pytest
from playwright.sync_api import expect

from kcc.klachten import selectors
from kcc.klachten.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_submits_a_complaint_without_logging_in(page):
    page.goto("/klacht/")
    expect(page.get_by_role("heading", name="Een klacht indienen")).to_be_visible()
    page.get_by_role("button", name="Klacht versturen").click()
    expect(page.get_by_role("alert").first).to_be_visible()  # nothing filled in: clear errors
    page.get_by_label("Waar gaat uw klacht over?").fill("De medewerker aan de telefoon hing zomaar op.")
    page.get_by_label("Uw naam").fill("P. Roos")
    page.get_by_label("Straat en huisnummer").fill("Dorpsweg 12")
    page.get_by_label("Postcode").fill("1234 AB")
    page.get_by_label("Woonplaats").fill("Demodam")
    page.get_by_label("E-mailadres").fill("p.roos@example.nl")
    page.get_by_role("button", name="Klacht versturen").click()
    expect(page.get_by_role("heading", name="Wij hebben uw klacht ontvangen")).to_be_visible()
    complaint = Complaint.objects.get()
    expect(page.locator("#klachtnummer")).to_have_text(complaint.number)
    expect(page.get_by_text(f"{selectors.deadline(complaint):%d-%m-%Y}")).to_be_visible()
    assert complaint.form == "schriftelijk" and complaint.acknowledged_on is not None


def test_coordinator_steers_a_complaint_through_the_steps(page, login, coordinator, handler, accused, make_complaint):
    complaint = make_complaint(person_complained_about=accused, received_on=None)
    login(coordinator)
    page.goto("/klachten/")
    page.get_by_role("link", name=complaint.number).click()
    expect(page.get_by_role("heading", name=f"Klacht {complaint.number}")).to_be_visible()

    # The person complained about is refused as handler, with the reason.
    page.get_by_text("Behandelaar aanwijzen", exact=True).first.click()
    page.locator("#id_behandelaar_handler").select_option(str(accused.pk))
    page.get_by_role("button", name="Behandelaar aanwijzen").click()
    expect(page.get_by_text(re.compile("Awb 9:7"))).to_be_visible()
    page.locator("#id_behandelaar_handler").select_option(str(handler.pk))
    page.get_by_role("button", name="Behandelaar aanwijzen").click()
    expect(page.locator("#handler")).to_have_text(str(handler))

    page.get_by_text("Kopie aan beklaagde", exact=True).first.click()
    page.get_by_role("button", name="Kopie aan beklaagde").click()
    page.get_by_text("Niet horen", exact=True).first.click()
    page.get_by_label(re.compile("verklaard niet gehoord te willen worden")).check()
    page.get_by_role("button", name="Niet horen").click()
    expect(page.get_by_text(re.compile("niet gehoord — de klager heeft verklaard"))).to_be_visible()

    page.get_by_text("Afhandelen (9:12)", exact=True).first.click()
    page.get_by_label("Bevindingen").fill("De medewerker was kortaf.")
    page.get_by_label("deels gegrond").check()
    page.get_by_label("Conclusies").fill("Wij bieden excuses aan.")
    page.get_by_role("button", name="Afhandelen (9:12)").click()
    expect(page.locator("#status")).to_have_text("afgehandeld (Awb 9:12)")

    page.get_by_role("link", name=re.compile("afhandelingsbrief .* aan klager")).click()
    expect(page.get_by_text(re.compile("Nationale ombudsman"))).to_be_visible()
    expect(page.get_by_text(re.compile("binnen een jaar"))).to_be_visible()


def test_coordinator_reviews_a_miss_on_the_recognition_page(page, login, coordinator, agent, make_complaint):
    from kcc.klachten import services
    from kcc.klachten.models import RecognitionReview

    make_complaint(description="dhr vindt dat team parkeren er een potje van maakt",
                   origin_type="contacten.contactmoment", origin_id="77")  # fmt: skip
    services.record_recognition_choice(origin_type="contacten.contactmoment", origin_id="78", choice="afgewezen",
                                       text="al 3x gebeld over de pas, nooit teruggebeld", actor=agent)  # fmt: skip
    login(coordinator)
    page.goto("/klachten/")
    page.get_by_role("link", name="Klachtherkenning beoordelen").click()
    expect(page.get_by_role("heading", name="Klachtherkenning beoordelen")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="potje van maakt")
    expect(row.get_by_text("nog niet beoordeeld")).to_be_visible()
    row.get_by_label("Oordeel").select_option("klacht")
    row.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Uw oordeel is vastgelegd")).to_be_visible()
    expect(
        page.get_by_role("row").filter(has_text="potje van maakt").get_by_text("beoordeeld: wel een klacht")
    ).to_be_visible()
    assert RecognitionReview.objects.get().label == "klacht"
