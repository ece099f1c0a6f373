"""Capture through the pages: opening items in the browser session, the checkbox, the complaint check,
the transfer panel's buttons and the forms started from the contact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kcc.contacten import capture, services
from kcc.contacten.models import Callback, FcrOutcome, FcrRow, Handling, QuestionItem
from kcc.core.roles import Role
from kcc.kennisbank.models import VAC
from kcc.medewerkers.models import Membership, Person
from kcc.producten.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def vac(db) -> VAC:
    return VAC.objects.create(
        vraag="Ik ben mijn paspoort kwijt, wat nu?", antwoord="<p>Doe aangifte.</p>", status=VAC.Status.ACTIVE
    )


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def test_a_vac_opened_before_the_start_is_linked_when_the_contact_starts(agent_client, agent, vac):
    assert agent_client.get(reverse("kennisbank:answer", args=[vac.pk])).status_code == 200
    assert not QuestionItem.objects.exists()
    agent_client.post(reverse("contacten:start"))
    item = QuestionItem.objects.get()
    assert (item.vac, item.before_start, item.used_in_answer) == (vac, True, True)
    assert item.question.contact.agent == agent


def test_only_the_same_browser_session_and_the_window_count(client, agent, vac, settings):
    other_session = client.__class__()
    other_session.force_login(agent)
    other_session.get(reverse("kennisbank:answer", args=[vac.pk]))
    client.force_login(agent)
    client.post(reverse("contacten:start"))
    assert not QuestionItem.objects.exists()
    settings.KCC_CAPTURE_BEFORE_START_MINUTES = 0
    session = other_session.session
    at = (timezone.now() - timedelta(minutes=1)).isoformat()
    session[capture.SESSION_KEY] = [["vac", vac.pk, at]]
    session.save()
    other_session.post(reverse("contacten:start"))
    assert not QuestionItem.objects.exists()


def test_cards_opened_during_the_contact_are_linked_and_the_cockpit_is_told(agent_client, agent, wi):
    person = Person.objects.create(name="Sanne de Vries")
    Membership.objects.create(person=person, unit=wi)
    Product.objects.create(upl_name="paspoort", upl_uri="http://example.org/paspoort", slug="paspoort")
    contact = services.start_contact(agent=agent)
    for url in (
        reverse("medewerkers:person", args=[person.pk]),
        reverse("medewerkers:unit-panel", args=["wi"]),
        reverse("producten:detail", args=["paspoort"]),
    ):
        response = agent_client.get(url)
        assert response.status_code == 200
        assert response["HX-Trigger"] == "kcc:cockpit"
    assert sorted(QuestionItem.objects.filter(question__contact=contact).values_list("kind", flat=True)) == [
        "eenheid",
        "persoon",
        "product",
    ]


def test_the_used_in_answer_checkbox(agent_client, agent, make_user, client, vac):
    contact = services.start_contact(agent=agent)
    item = services.use_in_contact(contact, user=agent, kind="vac", object_id=vac.pk)
    url = reverse("contacten:question-item", args=[item.pk])
    response = agent_client.post(url, {"gebruikt": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "kcc:cockpit"
    item.refresh_from_db()
    assert item.used_in_answer is False
    agent_client.post(url, {"gebruikt": ["0", "1"]}, HTTP_HX_REQUEST="true")
    item.refresh_from_db()
    assert item.used_in_answer is True
    assert agent_client.post(reverse("contacten:question-item", args=[999_999]), {}).status_code == 404
    client.force_login(make_user(Role.AGENT))
    assert client.post(url, {"gebruikt": "0"}).status_code == 403
    item.refresh_from_db()
    assert item.used_in_answer is True


def test_the_question_capture_tag_shows_items_and_listens_to_the_notes(agent, vac, rf):
    from django.template import Context, Template

    contact = services.start_contact(agent=agent)
    item = services.use_in_contact(contact, user=agent, kind="vac", object_id=vac.pk)
    html = Template("{% load capture %}{% question_capture question %}").render(
        Context({"question": item.question, "user": agent, "csrf_token": "t"})
    )
    assert vac.vraag in html
    assert 'name="gebruikt" value="1" checked' in html
    assert f"from:#question-{item.question.pk}-notes" in html


def test_the_complaint_check_follows_the_notes(agent_client, agent, make_user, client):
    contact = services.start_contact(agent=agent)
    question = services.current_question(contact)
    url = reverse("contacten:question-complaint", args=[question.pk])
    page = agent_client.get(url, {"notes": "Ik heb al drie keer gebeld en nooit teruggebeld, ik ben het zat!"})
    html = page.content.decode()
    assert "Dit lijkt op een klacht" in html
    assert 'name="origin_type" value="contacten.question"' in html
    assert "Dit lijkt op een klacht" not in agent_client.get(url, {"notes": "Wat kost een paspoort?"}).content.decode()
    client.force_login(make_user(Role.AGENT))
    assert client.get(url, {"notes": "boos"}).status_code == 403


def test_the_transfer_panel_records_the_attempt_on_the_active_contact(agent_client, agent, wi):
    wi.transfer_policy = "alleen_spoed"
    wi.save()
    url = reverse("contacten:transfer-record")
    data = {"doel": "eenheid", "eenheid": "wi", "uitkomst": "niet_bereikt", "reden": "geen_gehoor"}
    response = agent_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400  # no running contact
    contact = services.start_contact(agent=agent)
    panel = agent_client.get(reverse("medewerkers:unit-panel", args=["wi"]), HTTP_HX_REQUEST="true").content.decode()
    assert f"Poging vastleggen bij {contact.number}" in panel
    assert 'name="afwijkreden"' in panel
    response = agent_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Geef aan waarom" in response.content.decode()
    assert not contact.questions.get().transfer_attempts.exists()  # (the question holds the unit card opened)
    response = agent_client.post(url, {**data, "afwijkreden": "Beller heeft spoed"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "kcc:cockpit"
    attempt = contact.questions.get().transfer_attempts.get()
    assert (attempt.unit, attempt.result, attempt.reason, attempt.override_reason) == (
        wi, "niet_bereikt", "geen_gehoor", "Beller heeft spoed",
    )  # fmt: skip
    bad = agent_client.post(url, {**data, "reden": "", "afwijkreden": "x"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert "Kies waarom" in bad.content.decode()
    unknown = agent_client.post(url, {**data, "eenheid": "bestaat-niet", "afwijkreden": "x"}, HTTP_HX_REQUEST="true")
    assert unknown.status_code == 400
    assert contact.questions.get().transfer_attempts.count() == 1


def test_the_callback_form_is_prefilled_from_the_question_and_returns_to_next(agent_client, agent, wi):
    contact = services.start_contact(agent=agent)
    services.update_caller(contact, channel="telefoon", phone="06-12345678", email="", address="")
    question = services.add_question(contact, user=agent, question_type="algemene_vraag", handling="onbekend")
    services.update_question(
        question, user=agent, question_type="algemene_vraag", handling="onbekend", unit=None,
        subject="", notes="Wil weten hoe het staat met de aanslag", complaint_offer="",
    )  # fmt: skip
    services.add_transfer_attempt(
        question,
        user=agent,
        data={"doel": "eenheid", "eenheid": "wi", "resultaat": "niet_bereikt", "reden": "in_gesprek",
              "afwijkreden": "Test"},
    )  # fmt: skip
    page = agent_client.get(reverse("contacten:callback-new"), HTTP_REFERER="http://testserver/kennisbank/zoeken/")
    form = page.context["form"]
    assert form.initial["question_text"] == "Wil weten hoe het staat met de aanslag"
    assert (form.initial["unit"], form.initial["callback_phone"]) == ("wi", "0612345678")
    assert form.initial["reason"] == Callback.Reason.UNIT_UNREACHABLE
    assert 'name="next" value="http://testserver/kennisbank/zoeken/"' in page.content.decode()
    post = {
        **{name: value for name, value in form.initial.items() if value is not None},
        "next": "/kennisbank/zoeken/",
    }
    response = agent_client.post(reverse("contacten:callback-new"), post)
    assert response.status_code == 302
    assert response["Location"] == "/kennisbank/zoeken/"
    question.refresh_from_db()
    assert question.handling == Handling.CALLBACK
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.CALLBACK_OR_MAIL, FcrOutcome.NO)


def test_an_outside_next_is_not_followed(agent_client, agent, wi):
    contact = services.start_contact(agent=agent)
    response = agent_client.post(
        reverse("contacten:callback-new"),
        {"contact": contact.pk, "unit": "wi", "question_text": "Vraag", "callback_phone": "0612345678",
         "urgency": "normaal", "reason": "wens_beller", "next": "https://evil.example/"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("contacten:detail", args=[contact.pk]))


def test_a_signal_from_the_contact_returns_to_the_page_it_was_started_from(agent_client, agent):
    contact = services.start_contact(agent=agent)
    form_url = reverse("contacten:signal-new") + f"?contact={contact.pk}"
    page = agent_client.get(form_url, HTTP_REFERER="http://testserver/producten/paspoort/").content.decode()
    assert 'name="next" value="http://testserver/producten/paspoort/"' in page
    response = agent_client.post(
        form_url,
        {"kind": "website", "description": "Oude openingstijden.", "contact": contact.pk, "next": "/producten/"},
    )
    assert response["Location"] == "/producten/"
    assert contact.signals.count() == 1


def test_the_contact_page_lists_what_was_opened(agent_client, agent, vac, wi):
    contact = services.start_contact(agent=agent)
    services.use_in_contact(contact, user=agent, kind="vac", object_id=vac.pk)
    services.use_in_contact(contact, user=agent, kind="eenheid", object_id=wi.pk)
    page = agent_client.get(reverse("contacten:detail", args=[contact.pk])).content.decode()
    assert "Geopend tijdens het contact" in page
    assert "(vac, gebruikt in antwoord)" in page and "(afdeling)" in page


def test_the_capture_tag_renders_the_prompt_of_the_saved_notes_and_then_the_choice(agent):
    from django.template import Context, Template

    from kcc.klachten.services import record_recognition_choice

    contact = services.start_contact(agent=agent)
    question = services.add_question(
        contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord",
        notes="Al drie keer gebeld en nooit teruggebeld, ik ben boos.",
    )  # fmt: skip
    template = Template("{% load capture %}{% question_capture question %}")
    html = template.render(Context({"question": question, "user": agent, "csrf_token": "t"}))
    assert "Dit lijkt op een klacht" in html
    record_recognition_choice(
        origin_type="contacten.question", origin_id=str(question.pk), choice="afgewezen", text=question.notes
    )
    html = template.render(Context({"question": question, "user": agent, "csrf_token": "t"}))
    assert "Dit lijkt op een klacht" not in html and "Vastgelegd: geen klacht" in html
