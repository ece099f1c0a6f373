"""Headless Chromium: the agent triages a mail, checks the answer (passages highlighted, questions
ticked off), acknowledges the warnings and sends it."""

from __future__ import annotations

import pytest

from kcc.mail import services
from kcc.mail.models import Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_triage_and_answer_with_checks(page, login, agent, make_mail, live_server):
    thread = services.ingest(
        make_mail(
            body="Hoe lang duurt het aanvragen van een paspoort? Wat kost een rijbewijs?\n\n"
            "Met vriendelijke groet,\n\nMevrouw A. de Vries",
            message_id="<browser@example.nl>",
        )
    ).message.thread
    login(agent)
    page.goto("/mail/")
    page.get_by_role("link", name=thread.number).click()
    page.get_by_role("button", name="Vraag", exact=True).click()
    assert page.get_by_test_id("triage").inner_text() == "Vraag"
    answer = page.get_by_label("Antwoord aan de inwoner", exact=False)
    answer.fill("Beste Anna,\n\nJe kunt het aanvragen van een paspoort online regelen. Het aanvragen duurt vijf dagen.")
    page.get_by_role("button", name="Controleren").click()
    checks = page.get_by_test_id("checks")
    checks.get_by_test_id("warnings").wait_for()
    marked = page.locator("[data-testid=highlighted] mark").all_inner_texts()
    assert "Beste Anna," in marked and "Je" in marked
    assert checks.get_by_test_id("unanswered").count() == 1  # the rijbewijs question
    page.get_by_role("button", name="Versturen").click()
    assert "waarschuwingen" in page.get_by_role("alert").first.inner_text()
    page.get_by_label("Antwoord aan de inwoner", exact=False).fill(
        "Geachte mevrouw De Vries,\n\nHet aanvragen van een paspoort duurt vijf werkdagen."
    )
    page.get_by_role("button", name="Controleren").click()
    page.locator("[data-code=aanhef]").wait_for(state="detached")  # the new check result is in
    question = page.get_by_role("checkbox", name="Wat kost een rijbewijs?")
    question.check()  # the agent ticks off the question the check did not find answered
    page.get_by_role("button", name="Controleren").click()
    page.get_by_test_id("no-warnings").wait_for()
    assert page.get_by_role("checkbox", name="Wat kost een rijbewijs?").is_checked()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_test_id("end-state").wait_for()
    assert page.get_by_test_id("end-state").inner_text() == "Beantwoord"
    thread.refresh_from_db()
    assert thread.end_state == "beantwoord"
    assert Thread.objects.get(pk=thread.pk).messages.filter(kind="antwoord").count() == 1


def test_agent_forwards_to_a_person_found_in_the_directory(page, login, agent, make_user, unit, admin_user, make_mail):
    from kcc.core.roles import Role
    from kcc.mail.models import Forward
    from kcc.medewerkers import services as medewerkers

    person = make_user(Role.BACKOFFICE, unit=unit, email="pieter@demodam.nl")
    person.first_name, person.last_name = "Pieter", "Bakker"
    person.save()
    medewerkers.save_person(
        actor=admin_user, units=[unit], name="Pieter Bakker", email="pieter@demodam.nl", user=person
    )
    thread = services.ingest(make_mail(message_id="<browser-person@example.nl>")).message.thread
    login(agent)
    page.goto(f"/mail/{thread.number}/")
    page.get_by_text("Doorsturen naar de backoffice").click()
    page.get_by_label("Zoek een medewerker").fill("Pieter")
    page.get_by_role("radio", name="Pieter Bakker — Belastingen", exact=False).check()
    page.get_by_label("Toelichting", exact=True).nth(1).fill("Graag uw antwoord.")
    page.get_by_role("button", name="Doorsturen naar medewerker").click()
    assert "Doorgestuurd naar Pieter Bakker" in page.get_by_role("status").first.inner_text()
    item = Forward.objects.get(thread=thread)
    assert (item.person, item.unit, item.note) == (person, unit, "Graag uw antwoord.")


def test_agent_sees_an_unverified_back_office_reply_marked(page, login, agent, unit, make_mail):
    """The forged reply of issue 15: marked in the queue and in the thread, accessible (axe)."""
    unit.email = "belastingen@demodam.nl"
    unit.save()
    thread = services.ingest(make_mail(message_id="<vraag-browser@example.nl>")).message.thread
    services.forward(thread, user=agent, unit=unit)
    services.ingest(
        make_mail(
            sender="belastingen@demodam.nl",
            subject=f"Re: [KCC {thread.number}]",
            body="Klik hier: https://phishing.example",
            message_id="<vervalst-browser@example.nl>",
        )
    )
    login(agent)
    page.goto("/mail/?lijst=doorgestuurd")
    assert "niet bevestigd" in page.get_by_test_id("unverified-count").inner_text()
    page.get_by_role("link", name=thread.number).click()
    notice = page.get_by_test_id("unverified")
    assert "Niet bevestigd." in notice.inner_text() and "geheime kenmerk" in notice.inner_text()
    assert page.get_by_test_id("status").inner_text() == "Doorgestuurd"


def test_beheerder_sees_the_dead_letter_badge(page, login, make_user):
    from django.utils import timezone

    from kcc.core.models import OutboxMessage
    from kcc.core.roles import Role

    OutboxMessage.objects.create(
        key="dood", to=["x@example.org"], subject="S", body="B", status="failed", failed_at=timezone.now()
    )
    login(make_user(Role.ADMIN, is_staff=True))
    page.goto("/")
    badge = page.get_by_role("link", name="Mislukte e-mail", exact=False)
    assert "status__exact=failed" in badge.get_attribute("href")
