"""The agent's flow in headless Chromium: search while on the phone, open the answer, give feedback."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kcc.core.roles import Role
from kcc.kennisbank.models import Feedback, LearnedTerm, SearchLog
from kcc.kennisbank.services import learn_search_terms
from kcc.kennisbank.tests.factories import make_vac


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_agent_searches_opens_an_answer_in_place_and_gives_feedback(page, login, agent, editor):
    vac = make_vac(
        "Hoe vraag ik een paspoort aan?",
        antwoord="<p>U vraagt een paspoort aan bij Burgerzaken. Maak een afspraak en neem een pasfoto mee.</p>",
        toelichting="Spoed: doorverbinden met Burgerzaken.",
        trefwoorden=["paspoort", "pas kwijt"],
        owner=editor,
    )
    make_vac("Hoe meld ik grofvuil aan?", antwoord="<p>Via de website.</p>", owner=editor)

    login(agent)
    page.goto("/")
    page.keyboard.press("/")
    search_box = page.locator("#workspace-q")
    expect(search_box).to_be_focused()
    search_box.press_sequentially("paspoort", delay=20)
    page.wait_for_load_state("networkidle")  # the search-as-you-type requests have all come back

    results = page.locator("#search-results")
    first = results.locator(".result-title").first
    expect(first).to_have_text(vac.vraag)
    expect(results.locator("mark").first).to_be_visible()
    expect(results).not_to_contain_text("grofvuil")

    first.click()
    answer = results.locator(".answer")
    expect(answer).to_contain_text("neem een pasfoto mee")
    expect(answer).to_contain_text("Spoed: doorverbinden met Burgerzaken.")  # the toelichting, for agents
    expect(page).to_have_url(re.compile(r"/$"))  # still on the same page

    answer.get_by_role("button", name="Geef feedback").click()
    answer.get_by_label("Informatie is onjuist").check()
    answer.get_by_label("Uw toelichting").fill("De prijs is veranderd.")
    answer.get_by_role("button", name="Verstuur feedback").click()
    expect(answer.get_by_role("status")).to_contain_text("Bedankt")

    feedback = Feedback.objects.get()
    assert (feedback.vac, feedback.given_by, feedback.note) == (vac, agent, "De prijs is veranderd.")
    log = SearchLog.objects.get(user=agent)
    assert (log.query, log.opened_vac) == ("paspoort", vac)

    login(editor)
    page.goto("/")
    expect(page.get_by_role("table")).to_contain_text(f"Feedback ‘Informatie is onjuist’: {vac.vraag}")
    page.goto("/kennisbank/feedback/")
    expect(page.get_by_role("table")).to_contain_text("De prijs is veranderd.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_vetoes_a_learned_search_term(page, login, editor, make_user):
    vac = make_vac("Hoe vraag ik een paspoort aan?", owner=editor)
    for _ in range(3):
        SearchLog.objects.create(
            user=make_user(Role.AGENT),
            channel="agent",
            query="stadswinkel",
            normalised_query="stadswinkel",
            opened_vac=vac,
        )
    learn_search_terms()

    login(editor)
    page.goto(f"/kennisbank/vacs/{vac.pk}/bewerken/")
    page.get_by_role("link", name="geleerde zoektermen").click()
    row = page.get_by_role("row", name=re.compile("stadswinkel"))
    expect(row).to_contain_text("Telt mee")
    row.get_by_role("button", name="Afwijzen stadswinkel").click()
    expect(page.get_by_role("row", name=re.compile("stadswinkel"))).to_contain_text("Afgewezen door")
    assert LearnedTerm.objects.get().vetoed_by == editor
