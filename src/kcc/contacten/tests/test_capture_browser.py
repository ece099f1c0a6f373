"""The issue's call end to end in headless Chromium, then the figures as the teamleider sees them.

Demo municipality, agent ``kcc``: search "paspoort kwijt" and open the answer before the contact
starts; start the contact for 06-12345678; a transfer to Belastingen that fails; a callback from
the contact; close. A second call: a melding made from the contact.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kcc.contacten.models import Callback, Contactmoment, FcrOutcome, FcrRow, Handling, QuestionType
from kcc.core.models import OrganisationUnit, User
from kcc.rapportage import selectors as report_selectors
from kcc.rapportage.period import Period
from kcc.rapportage.tables import Context, compute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = re.compile(r"Contact C-\d{4}-\d+")


def start_call(page, phone: str) -> Contactmoment:
    page.keyboard.press("n")
    expect(page.locator("#cockpit")).to_contain_text(NUMBER, timeout=15_000)  # a busy shared machine
    field = page.locator("#cockpit-caller-phone")
    expect(field).to_be_focused()
    field.fill(phone)
    field.press("Tab")
    expect(page.locator("#cockpit")).to_contain_text("Beller: 0612345678")
    return Contactmoment.objects.get(ended_at__isnull=True)


def close_call(page, contact: Contactmoment) -> None:
    page.goto(f"/contacten/{contact.pk}/")
    page.locator(f"form[action='/contacten/{contact.pk}/afsluiten/'] button").click()
    expect(page.get_by_role("status").first).to_contain_text("is afgesloten")


def test_a_failed_transfer_and_a_callback_end_up_in_the_figures(page, login, kim):
    belastingen = OrganisationUnit.objects.get(code="belastingen")
    # Whatever the hour of the test: the panel advises against putting the caller through.
    belastingen.transfer_policy = OrganisationUnit.TransferPolicy.URGENT_ONLY
    belastingen.save()
    login(kim)

    # While the caller explains, before the contact is started: search and open the answer.
    page.goto("/kennisbank/zoeken/?q=paspoort+kwijt")
    answer = page.locator(".result-list .result-title").first
    answer.click()
    expect(page.locator(".answer-slot").first).not_to_be_empty()

    page.goto("/")
    contact = start_call(page, "06-12345678")
    question = contact.questions.get()
    assert question.vacs.count() == 1
    assert question.items.get().before_start

    # The transfer panel: Belastingen does not answer.
    page.goto(f"/medewerkers/eenheden/{belastingen.code}/doorverbinden/")
    form = page.get_by_test_id("transfer-record")
    expect(form).to_contain_text(f"Poging vastleggen bij {contact.number}")
    form.get_by_label("Reden als het niet lukte").select_option("geen_gehoor")
    form.get_by_label(re.compile("Waarom verbindt u toch door")).fill("Beller is ongerust")
    form.get_by_role("button", name="Niet bereikt").click()
    expect(page.locator("#transfer-record")).to_contain_text("Vastgelegd bij")

    # The callback from the panel: prefilled, and back to the panel when saved.
    page.get_by_role("link", name="Terugbelverzoek maken").click()
    # (ids: the docked cockpit beside the form has fields with the same labels)
    expect(page.locator("#id_callback_phone")).to_have_value("0612345678")
    expect(page.locator("#id_unit")).to_have_value("belastingen")
    expect(page.locator("#id_reason")).to_have_value(Callback.Reason.UNIT_UNREACHABLE)
    page.locator("#id_question_text").fill("Paspoort kwijt; wil weten of de aanslag al betaald is")
    page.get_by_role("button", name="Terugbelverzoek versturen").click()
    expect(page).to_have_url(re.compile(rf"/medewerkers/eenheden/{belastingen.code}/doorverbinden/$"))

    close_call(page, contact)

    question.refresh_from_db()
    assert (question.question_type, question.handling) == (QuestionType.GENERAL, Handling.CALLBACK)
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.CALLBACK_OR_MAIL, FcrOutcome.NO)
    attempt = question.transfer_attempts.get()
    assert (attempt.unit, attempt.result, attempt.override_reason) == (
        belastingen,
        "niet_bereikt",
        "Beller is ongerust",
    )
    assert Callback.objects.get().question == question

    # The teamleider's figures for today.
    day = timezone.localdate()
    login(User.objects.get(username="teamleider"))
    page.goto(f"/rapportage/kennisbank/?van={day}&tot={day}")
    expect(page.locator("tr[data-figure=vac_geraadpleegd]")).to_contain_text("100")
    page.goto(f"/rapportage/eerstelijn/?van={day}&tot={day}")
    expect(page.locator("tr", has_text="Terugbel-/mailverzoek").first).to_be_visible()

    context = Context(Period(day, day))
    assert compute("kennisbank", context).data["algemene_vragen_met_vac"] == 1
    rows = {row["rij"]: row for row in compute("eerstelijn", context).data["rijen"]}
    assert (rows["Terugbel-/mailverzoek"]["ja"], rows["Terugbel-/mailverzoek"]["nee"]) == (0, 1)
    by_unit = Context(Period(day, day), level=belastingen.kind)
    reached = {row["eenheid"]: row for row in compute("bereikbaarheid", by_unit).data["rijen"]}
    assert (reached["belastingen"]["bereikbaar_algemeen"], reached["belastingen"]["niet_bereikbaar_algemeen"]) == (0, 1)
    callbacks = {row["eenheid"]: row for row in compute("terugbelverzoeken", context).data["rijen"]}
    assert callbacks["belastingen"]["redenen"][Callback.Reason.UNIT_UNREACHABLE] == 1
    assert not report_selectors.aggregate_differences()


def test_a_melding_from_the_contact_is_a_question_helped_in_one_go(page, login, kim):
    login(kim)
    page.goto("/")
    contact = start_call(page, "06-12345678")
    page.locator("[data-testid=cockpit-action-melding]").click()
    expect(page.get_by_role("heading", name="Melding maken")).to_be_visible()
    page.select_option("#id_category", "wegen-bestrating-losse-tegel")
    page.fill("#id_description", "Losse tegel voor de deur, nog niemand gevallen.")
    page.fill("#id_street", "Coolsingel")
    page.fill("#id_house_number", "40")
    page.check("input[name=feedback][value=geen]")
    page.get_by_role("button", name="Melding opslaan").click()
    expect(page).to_have_url(re.compile(r"/$"))  # back where the form was started from
    question = contact.questions.get()
    assert (question.question_type, question.handling) == (QuestionType.REPORT, Handling.REPORT_MADE)
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.REPORT, FcrOutcome.YES)
    assert question.subject.startswith("M-")
    close_call(page, contact)
    day = timezone.localdate()
    rows = {row["rij"]: row for row in compute("eerstelijn", Context(Period(day, day))).data["rijen"]}
    assert rows["Melding"]["ja"] == 1


def test_the_cockpit_shows_what_was_used_and_checks_the_notes_for_a_complaint(page, login, kim, htmx_settled):
    from kcc.klachten.models import RecognitionDecision

    login(kim)
    page.goto("/")
    contact = start_call(page, "06-12345678")
    page.goto("/kennisbank/zoeken/?q=paspoort+kwijt")
    first_hit = page.locator(".result-list .result-title").first
    title = first_hit.inner_text().strip()
    first_hit.click()
    capture = page.get_by_test_id("question-capture")
    expect(capture).to_contain_text(title)  # the cockpit reloaded on HX-Trigger
    item = contact.questions.get().items.get()
    used = capture.get_by_label("gebruikt in antwoord")
    expect(used).to_be_checked()
    # The checkbox answers with HX-Trigger kcc:cockpit: wait until the cockpit has reloaded.
    with page.expect_response(lambda response: response.url.endswith("/contacten/cockpit/")):
        used.uncheck()
    htmx_settled()  # the notes below are filled in the reloaded cockpit, not in the one it replaces
    expect(page.locator(f"#question-item-{item.pk} input[type=checkbox]")).not_to_be_checked()
    item.refresh_from_db()
    assert item.used_in_answer is False

    question = item.question
    page.locator(f"#question-{question.pk}-notes").fill(
        "Beller is boos: al drie keer gebeld over de pas en nooit teruggebeld."
    )
    prompt = page.locator(f"#question-{question.pk}-complaint")
    expect(prompt).to_contain_text("Dit lijkt op een klacht")  # while typing, before anything is saved
    # Leaving the field saves the question and refreshes the cockpit: the prompt comes back with it.
    with page.expect_response(lambda response: "/contacten/cockpit/vragen/" in response.url):
        page.keyboard.press("Tab")
    expect(prompt).to_contain_text("Dit lijkt op een klacht")
    prompt.get_by_role("button", name="Klachtenregeling aangeboden").click()
    expect(prompt).to_contain_text("Vastgelegd")
    decision = RecognitionDecision.objects.get()
    assert (decision.origin_type, decision.origin_id, decision.choice) == (
        "contacten.question", str(question.pk), "aangeboden",
    )  # fmt: skip
