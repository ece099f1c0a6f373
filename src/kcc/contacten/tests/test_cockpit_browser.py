"""The docked cockpit and the keyboard in headless Chromium, on the demo municipality."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kcc.contacten import services
from kcc.contacten.models import Contactmoment
from kcc.core.models import OrganisationUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = re.compile(r"Contact C-\d{4}-\d+")


def in_view(page, selector: str) -> bool:
    """The element's box lies entirely inside the viewport."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return (
        bool(box)
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"] + 0.5
        and (box["y"] + box["height"] <= size["height"] + 0.5)
    )


def blur(page) -> None:
    """As if the agent clicked beside the fields: the next key is a shortcut, not text."""
    page.evaluate("document.activeElement && document.activeElement.blur()")


def cockpit_number(page) -> str:
    return page.locator("#cockpit-title").inner_text()


def test_the_panel_stays_in_view_while_searching_reading_and_transferring(page, login, kim):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(kim)
    page.goto("/")
    page.keyboard.press("n")
    expect(page.locator("#cockpit")).to_contain_text(NUMBER)
    number = cockpit_number(page)
    phone = page.locator("#cockpit-caller-phone")
    expect(phone).to_be_focused()  # the caller's number first, without leaving the page
    assert page.url.endswith("/")
    phone.fill("06-12345678")
    phone.press("Tab")
    expect(page.locator("#cockpit")).to_contain_text("Beller: 0612345678")

    blur(page)
    page.keyboard.press("/")
    search = page.locator("#workspace-q")
    expect(search).to_be_focused()
    page.keyboard.type("paspoort kwijt")
    hits = page.locator("#search-results .result-list > li > a:first-of-type")
    expect(hits.first).to_be_visible()
    assert in_view(page, "#cockpit")
    page.keyboard.press("ArrowDown")
    expect(hits.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(hits.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(search).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # opens the answer in the main area
    expect(page.locator("#search-results .answer-slot").first).not_to_be_empty()
    assert in_view(page, "#cockpit") and cockpit_number(page) == number
    page.keyboard.press("Escape")
    expect(page.locator("#search-results")).to_be_empty()
    expect(search).to_be_focused()
    expect(search).to_have_value("paspoort kwijt")

    page.goto("/medewerkers/")
    assert in_view(page, "#cockpit") and cockpit_number(page) == number
    page.locator("[data-testid=cockpit-action-doorverbinden]").click()
    expect(page).to_have_url(re.compile(r"/medewerkers/\?contact=\d+&next="))
    unit = OrganisationUnit.objects.get(code="belastingen")
    page.goto(f"/medewerkers/eenheden/{unit.code}/doorverbinden/")
    assert in_view(page, "#cockpit") and cockpit_number(page) == number
    page.reload()
    expect(page.locator("#cockpit-title")).to_have_text(number)
    assert in_view(page, "#cockpit")
    page.screenshot(path="var/cockpit-1280x900.png")
    page.set_viewport_size({"width": 1440, "height": 900})
    assert in_view(page, "#cockpit")


def test_two_running_contacts_switch_and_a_screen_pop_brings_the_call(page, login, kim):
    waiting = services.start_contact(agent=kim)  # the call the phone system will pop below
    services.update_caller(waiting, channel="telefoon", phone="0698765432", email="", address="")
    mail = services.start_contact(agent=kim, channel="email")
    services.update_caller(mail, channel="email", phone="", email="burger@example.nl", address="")
    login(kim)
    page.goto("/kennisbank/zoeken/")
    expect(page.locator("#cockpit-title")).to_have_text(f"Contact {mail.number}")
    blur(page)
    page.keyboard.press("n")
    tabs = page.locator(".cockpit-tab")
    expect(tabs).to_have_count(3)
    call = Contactmoment.objects.filter(agent=kim).order_by("-id").first()
    expect(page.locator("#cockpit-title")).to_have_text(f"Contact {call.number}")
    page.get_by_role("button", name=re.compile("burger@example.nl")).click()
    expect(page.locator("#cockpit-title")).to_have_text(f"Contact {mail.number}")
    expect(page.get_by_role("button", name=re.compile("burger@example.nl"))).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator("#cockpit-title")).to_have_text(f"Contact {mail.number}")

    page.evaluate("window.kccNoReload = true")
    page.evaluate(
        """id => document.dispatchEvent(new CustomEvent("kcc:screenpop",
               {detail: {contact_id: id, url: "/contacten/" + id + "/"}}))""",
        waiting.pk,
    )
    expect(page.locator("#cockpit-title")).to_have_text(f"Contact {waiting.number}")
    expect(page.locator("#cockpit")).to_contain_text("Beller: 0698765432")
    assert page.evaluate("window.kccNoReload") is True


def test_a_screen_pop_opens_the_cockpit_on_a_page_that_had_none(page, login, kim):
    login(kim)
    page.goto("/medewerkers/")
    expect(page.locator("#cockpit")).to_be_hidden()
    expect(page.get_by_role("link", name="Naar het lopende contact")).to_have_count(0)  # no target, no skip link
    call = services.start_contact(agent=kim)  # what the telephony app does on "aangenomen"
    services.update_caller(call, channel="telefoon", phone="0612345678", email="", address="")
    page.evaluate(
        "id => document.dispatchEvent(new CustomEvent('kcc:screenpop', {detail: {contact_id: id, url: ''}}))", call.pk
    )
    expect(page.locator("#cockpit-title")).to_have_text(f"Contact {call.number}")
    expect(page.locator("#cockpit")).to_contain_text("Beller: 0612345678")
    assert page.url.endswith("/medewerkers/") and in_view(page, "#cockpit")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar het lopende contact")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#cockpit")).to_be_focused()


@pytest.mark.parametrize("path", ["/kennisbank/zoeken/", "/medewerkers/", "/meldingen/"])
def test_n_starts_a_contact_from_any_page(page, login, kim, path):
    login(kim)
    page.goto(path)
    expect(page.locator("#cockpit")).to_be_hidden()
    blur(page)
    page.keyboard.press("n")
    expect(page.locator("#cockpit")).to_contain_text(NUMBER)
    assert page.url.endswith(path)
    assert Contactmoment.objects.filter(agent=kim, ended_at__isnull=True).count() == 1


def test_ctrl_enter_closes_the_active_contact_from_any_page(page, login, kim, htmx_settled):
    contact = services.start_contact(agent=kim)
    login(kim)
    page.goto("/meldingen/")
    blur(page)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#cockpit [role=alert]")).to_contain_text("Voeg ten minste één vraag toe")
    htmx_settled()
    question = page.locator("#cockpit details", has_text="Vraag toevoegen")
    question.get_by_label("Vraagsoort").select_option("algemene_vraag")
    question.get_by_label("Afhandeling").select_option("zelf_beantwoord")
    question.get_by_label("Notities").fill("Vraag over de openingstijden")
    question.get_by_label("Notities").press("Control+Enter")  # in a field: saves that form
    expect(page.locator("#cockpit .cockpit-question")).to_have_count(1)
    expect(page.locator("#cockpit")).to_contain_text("in één keer geholpen: Ja")
    htmx_settled()  # the saved question's form is swapped in; a change made before that is lost with it
    edit = page.locator("#cockpit .cockpit-question")
    edit.get_by_label("Afhandeling").select_option("terugbelverzoek")  # saved on change
    expect(page.locator("#cockpit")).to_contain_text("in één keer geholpen: Nee")
    assert contact.questions.get().handling == "terugbelverzoek"
    htmx_settled()
    blur(page)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#cockpit [role=status]")).to_contain_text(f"Contact {contact.number} is afgesloten.")
    contact.refresh_from_db()
    assert contact.ended_at is not None and page.url.endswith("/meldingen/")


UNBOUND_KEY_HINTS = """() => {
    const shown = element => element.getClientRects().length > 0;
    const keys = new Set(Array.from(document.querySelectorAll("kbd")).filter(shown)
        .map(kbd => kbd.textContent.trim().toLowerCase()).filter(key => key.length === 1));
    const selector = key => `[data-focus-key="${CSS.escape(key)}"], [data-click-key="${CSS.escape(key)}"]`;
    return Array.from(keys).filter(key => !Array.from(document.querySelectorAll(selector(key))).some(shown));
}"""


def test_every_key_hint_shown_has_something_to_act_on(page, login, kim):
    done = services.start_contact(agent=kim)
    services.add_question(done, user=kim, question_type="algemene_vraag", handling="zelf_beantwoord")
    services.close_contact(done, user=kim)
    empty = services.start_contact(agent=kim)
    login(kim)
    pages = ["/", "/kennisbank/zoeken/", "/medewerkers/", "/meldingen/", "/contacten/"]
    for path in [*pages, f"/contacten/{empty.pk}/", f"/contacten/{done.pk}/"]:
        page.goto(path)
        assert page.evaluate(UNBOUND_KEY_HINTS) == [], path
    services.add_question(empty, user=kim, question_type="algemene_vraag", handling="zelf_beantwoord")
    page.goto(f"/contacten/{empty.pk}/")
    assert page.evaluate(UNBOUND_KEY_HINTS) == []
    page.goto("/")
    page.keyboard.press("/")
    page.keyboard.type("paspoort")
    expect(page.locator("#search-results .result-list").first).to_be_visible()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar het eerste zoekresultaat")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#search-results .result-list > li > a").first).to_be_focused()


def test_shown_shortcuts_work_and_are_visible(page, login, kim):
    contact = services.start_contact(agent=kim)
    login(kim)
    page.goto(f"/contacten/{contact.pk}/")
    blur(page)
    page.keyboard.press("v")  # a <select>: focused, not selected (was: field.select is not a function)
    expect(page.locator("main").get_by_label("Vraagsoort")).to_be_focused()
    colours = page.evaluate(
        """() => Array.from(document.querySelectorAll("button kbd, .button kbd")).map(kbd => {
             const button = kbd.closest("button, .button");
             return [getComputedStyle(kbd).color, getComputedStyle(button).backgroundColor,
                     getComputedStyle(kbd).backgroundColor];
           })"""
    )
    assert len(colours) >= 3  # Nieuw contact, Afsluiten, Contact afsluiten
    for text, button_background, kbd_background in colours:
        assert text != button_background and kbd_background == "rgba(0, 0, 0, 0)", colours
