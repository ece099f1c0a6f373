"""The cockpit's session state and its views: which contact is active, the panel on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kcc.contacten import cockpit, services
from kcc.contacten.models import Contactmoment
from kcc.core.roles import Role

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/kennisbank/"}


class _Request:
    """The two things the cockpit reads of a request: the user and the session."""

    def __init__(self, user, session=None) -> None:
        self.user = user
        self.session = session if session is not None else {}


def _started(agent, minutes_ago: int) -> Contactmoment:
    contact = services.start_contact(agent=agent)
    contact.started_at = timezone.now() - timedelta(minutes=minutes_ago)
    contact.save(update_fields=["started_at"])
    return contact


@pytest.mark.django_db
def test_without_a_choice_the_newest_running_contact_is_active(agent, make_user):
    assert cockpit.active_contact_for(_Request(agent)) is None
    older, newer = _started(agent, 10), _started(agent, 5)
    services.start_contact(agent=make_user(Role.AGENT))  # a colleague's contact is never ours
    state = cockpit.cockpit_state(_Request(agent))
    assert state.active == newer and state.running == [newer, older]


@pytest.mark.django_db
def test_the_chosen_contact_stays_active_until_a_newer_one_starts(agent):
    older, newer = _started(agent, 10), _started(agent, 5)
    request = _Request(agent)
    cockpit.set_active_contact(request, older)
    assert cockpit.active_contact_for(_Request(agent, request.session)) == older
    started = services.start_contact(agent=agent)  # any entry point: the `N` key, a screen-pop, the API
    assert cockpit.active_contact_for(_Request(agent, request.session)) == started
    assert newer.pk != started.pk


@pytest.mark.django_db
def test_an_ended_or_foreign_choice_falls_back_to_the_newest(agent, make_user):
    chosen, newest = _started(agent, 10), _started(agent, 20)
    request = _Request(agent)
    cockpit.set_active_contact(request, chosen)
    chosen.ended_at = timezone.now()
    chosen.save(update_fields=["ended_at"])
    assert cockpit.active_contact_for(_Request(agent, request.session)) == newest
    colleague = make_user(Role.AGENT)
    assert cockpit.active_contact_for(_Request(colleague, request.session)) is None
    assert cockpit.active_contact_for(_Request(agent, {cockpit.SESSION_KEY: "rommel"})) == newest


@pytest.mark.django_db
def test_only_the_own_running_contact_can_be_made_active(agent, make_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    contact = services.start_contact(agent=agent)
    with pytest.raises(PermissionDenied):
        cockpit.set_active_contact(_Request(make_user(Role.AGENT)), contact)
    contact.ended_at = timezone.now()
    contact.save(update_fields=["ended_at"])
    with pytest.raises(ValidationError, match="al afgesloten"):
        cockpit.set_active_contact(_Request(agent), contact)


# --- views -----------------------------------------------------------------------------------


@pytest.fixture
def in_call(client, agent, wi) -> Contactmoment:
    client.force_login(agent)
    contact = services.start_contact(agent=agent)
    services.update_caller(contact, channel="telefoon", phone="0612345678", email="", address="")
    return contact


@pytest.mark.django_db
def test_the_panel_is_docked_on_every_workspace_page_while_a_contact_runs(client, in_call, wi):
    for url in ("/", "/kennisbank/zoeken/", "/medewerkers/", "/meldingen/", "/contacten/", f"/contacten/{in_call.pk}/"):
        html = client.get(url).content.decode()
        assert 'id="cockpit"' in html and f"Contact {in_call.number}" in html, url
        assert 'value="0612345678"' in html and "data-cockpit-close" in html, url
    assert 'id="cockpit"' not in client.get("/kennisbank/").content.decode()  # the public site is no workspace


@pytest.mark.django_db
def test_no_panel_without_a_running_contact_or_without_the_right(client, agent, make_user):
    client.force_login(agent)
    html = client.get("/kennisbank/zoeken/").content.decode()
    assert 'class="cockpit-panel"' not in html and 'data-click-key="n"' in html  # `N` is there to start one
    client.force_login(make_user(Role.EDITOR))
    html = client.get("/kennisbank/zoeken/").content.decode()
    assert 'id="cockpit"' not in html and 'data-click-key="n"' not in html


@pytest.mark.django_db
def test_the_panel_costs_the_same_queries_for_one_or_many_questions(
    client, in_call, agent, wi, django_assert_max_num_queries
):
    services.add_question(in_call, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", unit=wi)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("contacten:cockpit"), **HTMX)
    baseline = len(one)
    for _ in range(5):
        services.add_question(in_call, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    services.start_contact(agent=agent)  # a second running contact: a second tab
    cockpit_url = reverse("contacten:activate", args=[in_call.pk])
    client.post(cockpit_url)
    with django_assert_max_num_queries(baseline + 5):  # the capture items are read per question
        response = client.get(reverse("contacten:cockpit"), **HTMX)
    assert response.content.decode().count('class="cockpit-question"') == 6


@pytest.mark.django_db
def test_activate_switches_the_panel_and_refuses_other_contacts(client, in_call, agent, make_user):
    second = services.start_contact(agent=agent, channel="email")
    assert client.post(reverse("contacten:activate", args=[in_call.pk])).status_code == 204
    html = client.get(reverse("contacten:cockpit"), **HTMX).content.decode()
    assert f"Contact {in_call.number}" in html and 'aria-pressed="true"' in html and second.phone == ""
    foreign = services.start_contact(agent=make_user(Role.AGENT))
    assert client.post(reverse("contacten:activate", args=[foreign.pk])).status_code == 404
    services.add_question(second, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    services.close_contact(second, user=agent)
    response = client.post(reverse("contacten:activate", args=[second.pk]))
    assert response.status_code == 400 and "al afgesloten" in response.content.decode()
    assert client.get("/contacten/cockpit/").status_code == 200
    client.force_login(make_user(Role.EDITOR))
    assert client.post(reverse("contacten:activate", args=[in_call.pk])).status_code == 403


@pytest.mark.django_db
def test_n_starts_a_contact_in_the_panel_and_stays_on_the_page(client, agent):
    client.force_login(agent)
    response = client.post(reverse("contacten:cockpit-start"), {"next": "/kennisbank/"}, **HTMX)
    contact = Contactmoment.objects.get(agent=agent)
    assert response.status_code == 201 and f"Contact {contact.number}" in response.content.decode()
    response = client.post(reverse("contacten:cockpit-start"), {"next": "/kennisbank/?q=paspoort"})
    assert response.status_code == 302 and response["Location"] == "/kennisbank/?q=paspoort"
    response = client.post(reverse("contacten:cockpit-start"), {"next": "https://elders.example/"})
    assert response["Location"] == reverse("contacten:index")


@pytest.mark.django_db
def test_questions_are_added_and_edited_inline(client, in_call, agent, wi):
    url = reverse("contacten:cockpit-question-add", args=[in_call.pk])
    response = client.post(
        url, {"question_type": "algemene_vraag", "handling": "zelf_beantwoord", "unit": "wi"}, **HTMX
    )
    assert response.status_code == 200
    question = in_call.questions.get()
    assert f'id="question-{question.pk}-notes"' in response.content.decode()
    edit = reverse("contacten:cockpit-question-edit", args=[question.pk])
    data = {"question_type": "algemene_vraag", "handling": "terugbelverzoek", "unit": "wi", "notes": "Belt terug"}
    assert client.post(edit, data, **HTMX).status_code == 200
    question.refresh_from_db()
    assert (question.handling, question.notes, question.fcr_outcome) == ("terugbelverzoek", "Belt terug", "nee")


@pytest.mark.django_db
def test_bad_input_gets_the_panel_with_the_error_and_changes_nothing(client, in_call, agent, wi, make_user):
    question = services.add_question(in_call, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    edit = reverse("contacten:cockpit-question-edit", args=[question.pk])
    response = client.post(edit, {"question_type": "algemene_vraag", "handling": "toveren"}, **HTMX)
    assert response.status_code == 200 and "toveren" in response.content.decode()  # shown beside the field
    question.refresh_from_db()
    assert question.handling == "zelf_beantwoord"
    response = client.post(
        reverse("contacten:cockpit-caller", args=[in_call.pk]), {"channel": "telefoon", "phone": "abc"}, **HTMX
    )
    assert "Beller: 0612345678" in response.content.decode() and 'class="errorlist' in response.content.decode()
    in_call.refresh_from_db()
    assert in_call.phone == "0612345678"
    client.force_login(make_user(Role.AGENT))
    assert client.post(edit, {"question_type": "algemene_vraag", "handling": "terugbelverzoek"}).status_code == 404


@pytest.mark.django_db
def test_afsluiten_closes_only_a_complete_contact(client, in_call, agent):
    close = reverse("contacten:cockpit-close", args=[in_call.pk])
    response = client.post(close, **HTMX)
    assert 'role="alert"' in response.content.decode() and "Voeg ten minste één vraag toe" in response.content.decode()
    response = client.post(close, {"next": "/meldingen/"})  # without JavaScript: back, with the message
    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    assert Contactmoment.objects.get(pk=in_call.pk).ended_at is None
    services.add_question(in_call, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    response = client.post(close, **HTMX)
    assert response.status_code == 200 and f"Contact {in_call.number} is afgesloten." in response.content.decode()
    in_call.refresh_from_db()
    assert in_call.ended_at is not None


@pytest.mark.django_db
def test_without_a_running_contact_the_panel_costs_one_query(client, agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(agent)
    with CaptureQueriesContext(connection) as queries:  # not the home page: it lists the agent's recent contacts
        assert client.get("/zoeken/").status_code == 200
    contact_queries = [q["sql"] for q in queries.captured_queries if 'FROM "contacten_contactmoment"' in q["sql"]]
    assert len(contact_queries) == 1  # the running contacts; no klantbeeld, no questions, no units


@pytest.mark.django_db
def test_a_tab_without_javascript_returns_to_the_page(client, in_call, agent):
    second = services.start_contact(agent=agent)
    response = client.post(reverse("contacten:activate", args=[in_call.pk]), {"next": "/meldingen/?status=open"})
    assert response.status_code == 302 and response["Location"] == "/meldingen/?status=open"
    assert f"Contact {in_call.number}" in client.get("/meldingen/").content.decode()
    assert second.pk != in_call.pk
