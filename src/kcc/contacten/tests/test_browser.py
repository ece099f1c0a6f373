"""End to end in headless Chromium: registering a call by keyboard, and the back-office inbox."""

import re

import pytest
from playwright.sync_api import expect

from kcc.contacten import services
from kcc.contacten.models import Callback, Contactmoment
from kcc.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_registers_a_call_with_the_keyboard(page, login, agent, wi):
    earlier = services.start_contact(agent=agent)
    services.update_caller(earlier, channel="telefoon", phone="0612345678", email="", address="")
    services.add_question(earlier, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", unit=wi)
    services.close_contact(earlier, user=agent)
    login(agent)
    page.goto("/contacten/")
    page.keyboard.press("n")  # starts the contact in the docked cockpit; its number opens the full page
    page.locator("#cockpit-title a").click()
    expect(page.get_by_role("heading", name=re.compile(r"Contact C-\d{4}-\d+"), level=1)).to_be_visible()
    expect(page.locator("main time[data-started]")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    phone = page.get_by_label("Telefoonnummer")
    expect(phone).to_be_focused()
    phone.fill("06 1234 5678")
    phone.press("Tab")  # the klantbeeld follows the number before anything is saved
    expect(page.locator("#klantbeeld")).to_contain_text(earlier.number)
    phone.press("Control+Enter")
    expect(page).to_have_url(re.compile(r"/contacten/\d+/#vragen$"))  # saved: the page is reloaded
    page.wait_for_load_state()
    page.locator("body").press("v")
    expect(page.get_by_label("Vraagsoort")).to_be_focused()
    page.get_by_label("Vraagsoort").select_option("algemene_vraag")
    page.get_by_label("Afhandeling").select_option("zelf_beantwoord")
    page.get_by_label("Eenheid").select_option("wi")
    page.get_by_label("Notities").fill("Vraag over de uitkering")
    page.get_by_label("Notities").press("Control+Enter")
    expect(page.locator("#vragen")).to_contain_text("Herhaalcontact: 1 eerder contact over dit onderwerp")
    expect(page.locator("#vragen")).to_contain_text("Bied de beller de klachtprocedure aan")
    page.wait_for_load_state()  # the shortcut works once the page's script runs
    page.locator("body").press("e")
    expect(page.get_by_role("status")).to_contain_text("is afgesloten")
    contact = Contactmoment.objects.exclude(pk=earlier.pk).get()
    assert contact.ended_at is not None and contact.phone == "0612345678"
    assert contact.questions.get().fcr_outcome == "ja"


def test_the_back_office_takes_and_closes_a_callback(page, login, agent, make_user, wi):
    callback = services.create_callback(
        contact=None,
        created_by=agent,
        unit=wi,
        question_text="Waar blijft mijn uitkering?",
        callback_phone="0612345678",
        reason="kennis_nodig",
    )
    colleague = make_user(Role.BACKOFFICE, unit=wi)
    login(colleague)
    page.goto("/contacten/terugbelverzoeken/")
    expect(page.get_by_role("link", name="1 terugbelverzoek")).to_be_visible()
    page.get_by_role("link", name=str(callback.pk), exact=True).click()
    expect(page.get_by_text("Waar blijft mijn uitkering?")).to_be_visible()
    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.get_by_text("In behandeling")).to_be_visible()
    page.get_by_label("Uitkomst").select_option("opgelost")
    page.get_by_label("Aantal belpogingen").fill("1")
    page.get_by_label("Wat heeft u gedaan?").fill("Teruggebeld en uitgelegd wanneer de betaling komt.")
    page.get_by_role("button", name="Terugbelverzoek afsluiten").click()
    expect(page.get_by_role("status")).to_contain_text("is afgesloten")
    expect(page.get_by_text("Geen terugbelverzoeken.")).to_be_visible()
    callback.refresh_from_db()
    assert (callback.status, callback.handler) == (Callback.Status.DONE, colleague)
