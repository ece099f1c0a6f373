"""The workspace and public pages: who may see what, bad input, htmx partials and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kcc.core.calendar import today
from kcc.core.models import Task
from kcc.core.roles import Role
from kcc.kennisbank import services
from kcc.kennisbank.models import VAC, Feedback, NewsItem, SearchLog
from kcc.kennisbank.tests.factories import make_vac

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
AGENTS = {Role.AGENT, Role.TEAMLEADER, Role.EDITOR, Role.ADMIN}
READERS = AGENTS | {Role.BACKOFFICE, Role.COMPLAINT_COORDINATOR, Role.PRIVACY_OFFICER}
EDITORS = {Role.EDITOR, Role.ADMIN}
NEWS_MANAGERS = {Role.TEAMLEADER, Role.EDITOR, Role.ADMIN}


@pytest.fixture
def vac(editor) -> VAC:
    return make_vac(
        owner=editor,
        trefwoorden=["paspoort", "pas"],
        toelichting="Intern: bij spoed doorverbinden.",
        links=[{"label": "Rijksoverheid", "url": "https://www.rijksoverheid.nl/paspoort"}],
    )


@pytest.fixture
def news_item(editor) -> NewsItem:
    return services.save_news(
        actor=editor, title="Belastingweek", body="<p>Druk</p>", published_from=timezone.now() - timedelta(hours=1)
    )


# --- Permissions: deny by default ------------------------------------------------------------

PAGES = [
    ("kennisbank:search", False, READERS),
    ("kennisbank:answer", True, READERS),
    ("kennisbank:feedback", True, AGENTS),
    ("kennisbank:feedback-missing", False, AGENTS),
    ("kennisbank:my-feedback", False, AGENTS),
    ("kennisbank:news", False, AGENTS),
    ("kennisbank:feedback-inbox", False, EDITORS),
    ("kennisbank:content-gaps", False, EDITORS),
    ("kennisbank:vac-list", False, EDITORS),
    ("kennisbank:vac-create", False, EDITORS),
    ("kennisbank:vac-edit", True, EDITORS),
    ("kennisbank:vac-history", True, EDITORS),
    ("kennisbank:news-manage", False, NEWS_MANAGERS),
    ("kennisbank:news-create", False, NEWS_MANAGERS),
]


def _url(name: str, needs_pk: bool, vac: VAC) -> str:
    return reverse(name, args=[vac.pk]) if needs_pk else reverse(name)


@pytest.mark.parametrize("role", [*Role, None], ids=lambda role: role.name if role else "geen-rol")
def test_every_page_is_open_to_its_roles_only(client, make_user, vac, role):
    client.force_login(make_user(role))
    for name, needs_pk, allowed in PAGES:
        response = client.get(_url(name, needs_pk, vac))
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, f"{role} {name}: {response.status_code}"


def test_anonymous_visitors_are_sent_to_the_login_page(client, vac):
    for name, needs_pk, _ in PAGES:
        response = client.get(_url(name, needs_pk, vac))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_writes_are_denied_to_roles_without_the_permission(client, make_user, vac, news_item):
    client.force_login(make_user(Role.AGENT))
    log, _ = services.search_and_log(query="paspoort", channel="agent", user=make_user(Role.AGENT))
    posts = [
        (reverse("kennisbank:vac-edit", args=[vac.pk]), {"vraag": "Gekaapt"}),
        (reverse("kennisbank:accept-keyword"), {"vac": vac.pk, "term": "x"}),
        (reverse("kennisbank:news-delete", args=[news_item.pk]), {}),
        (reverse("kennisbank:news-edit", args=[news_item.pk]), {"title": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    # someone else's search is not yours to mark
    assert client.post(reverse("kennisbank:backoffice-contacted", args=[log.pk])).status_code == 404
    vac.refresh_from_db()
    assert vac.vraag != "Gekaapt" and NewsItem.objects.filter(pk=news_item.pk).exists()


# --- Agent search and answers --------------------------------------------------------------


def test_agent_search_shows_ranked_results_with_snippets(client, agent, vac):
    make_vac("Hoe meld ik grofvuil aan?", antwoord="<p>Bel het afvalbedrijf.</p>")
    client.force_login(agent)

    response = client.get(reverse("kennisbank:search"), {"q": "pasfoto"})

    content = response.content.decode()
    assert response.status_code == 200
    assert vac.vraag in content and "Hoe meld ik grofvuil aan?" not in content
    assert "<mark>" in content
    log = SearchLog.objects.get()
    assert f"?zoeklog={log.pk}" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "Typ een of meer woorden"), ("   ", "Typ een of meer woorden"), ("a" * 1000, "te lang")],
)
def test_bad_queries_get_a_clear_message_never_a_500(client, agent, query, message):
    client.force_login(agent)
    for headers in ({}, HTMX):
        response = client.get(reverse("kennisbank:search"), {"q": query}, **headers)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not SearchLog.objects.exists()


def test_header_search_box_shows_the_kennisbank_section(client, agent, vac):
    client.force_login(agent)
    response = client.get(reverse("workspace-search"), {"q": "pas"}, **HTMX)
    content = response.content.decode()
    assert 'id="group-kennisbank"' in content and vac.vraag in content
    assert f'hx-get="{reverse("kennisbank:answer", args=[vac.pk])}?zoeklog=' in content


def test_opening_an_answer_in_place_logs_it_and_shows_the_toelichting(client, agent, vac):
    client.force_login(agent)
    log, _ = services.search_and_log(query="paspoort", channel="agent", user=agent)

    response = client.get(reverse("kennisbank:answer", args=[vac.pk]), {"zoeklog": log.pk}, **HTMX)

    content = response.content.decode()
    assert "<html" not in content  # a partial, swapped into the result list
    assert "Intern: bij spoed doorverbinden." in content and "Geef feedback" in content
    assert "Backoffice benaderd" in content
    log.refresh_from_db()
    assert log.opened_vac == vac


def test_answer_page_shows_related_active_vacs_only(client, agent, vac, editor):
    active = make_vac("Wat kost een identiteitskaart?")
    draft = make_vac("Conceptvraag", status=VAC.Status.DRAFT)
    services.save_vac(vac=vac, actor=editor, related=[active, draft])
    client.force_login(agent)
    content = client.get(reverse("kennisbank:answer", args=[vac.pk])).content.decode()
    assert active.vraag in content and draft.vraag not in content
    assert client.get(reverse("kennisbank:answer", args=[draft.pk])).status_code == 404


def test_backoffice_contacted_button(client, agent, vac):
    client.force_login(agent)
    log, _ = services.search_and_log(query="paspoort", channel="agent", user=agent)
    response = client.post(reverse("kennisbank:backoffice-contacted", args=[log.pk]), **HTMX)
    assert response.status_code == 200 and "backoffice benaderd" in response.content.decode()
    log.refresh_from_db()
    assert log.backoffice_contacted


# --- Feedback -----------------------------------------------------------------------------


def test_agent_gives_feedback_in_place_and_sees_the_outcome(client, agent, editor, vac):
    client.force_login(agent)
    url = reverse("kennisbank:feedback", args=[vac.pk])
    assert "Verstuur feedback" in client.get(url, **HTMX).content.decode()

    response = client.post(url, {"kind": "verouderd", "note": "Prijs 2024"}, **HTMX)

    assert "doorgestuurd naar" in response.content.decode()
    feedback = Feedback.objects.get()
    services.handle_feedback(feedback=feedback, actor=editor, status="afgehandeld", answer="Prijs bijgewerkt.")
    page = client.get(reverse("kennisbank:my-feedback")).content.decode()
    assert "Prijs bijgewerkt." in page and "afgehandeld" in page


def test_bad_feedback_shows_the_form_again_and_changes_nothing(client, agent, vac):
    client.force_login(agent)
    response = client.post(reverse("kennisbank:feedback", args=[vac.pk]), {"kind": "onzin"}, **HTMX)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Feedback.objects.exists() and not Task.objects.exists()


def test_missing_information_from_a_zero_result_search(client, make_user, unit):
    agent = make_user(Role.AGENT, unit=unit)
    client.force_login(agent)
    content = client.get(reverse("kennisbank:search"), {"q": "zwembad openingstijden"}).content.decode()
    assert "Meld ontbrekende informatie" in content
    log = SearchLog.objects.get()

    form = client.get(reverse("kennisbank:feedback-missing"), {"q": "zwembad openingstijden", "zoeklog": log.pk})
    assert 'value="zwembad openingstijden"' in form.content.decode()
    response = client.post(
        reverse("kennisbank:feedback-missing"), {"query": "zwembad openingstijden", "zoeklog": log.pk}, **HTMX
    )

    assert "doorgestuurd naar" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.vac, feedback.search_log, feedback.task.unit) == ("ontbreekt", None, log, unit)


def test_owner_handles_feedback_from_the_inbox(client, agent, editor, vac):
    feedback = services.give_feedback(actor=agent, vac=vac, kind="onjuist", note="Klopt niet")
    client.force_login(editor)
    assert "Klopt niet" in client.get(reverse("kennisbank:feedback-inbox")).content.decode()
    url = reverse("kennisbank:feedback-handle", args=[feedback.pk])

    refused = client.post(url, {"status": "afgewezen", "answer": ""})
    assert "Schrijf wat er met de feedback is gedaan" in refused.content.decode()
    done = client.post(url, {"status": "afgewezen", "answer": "Het antwoord klopt wel."})

    assert done.status_code == 302
    feedback.task.refresh_from_db()
    assert feedback.task.status == "afgewezen"


def test_another_editor_cannot_handle_feedback_not_addressed_to_them(client, agent, make_user, vac):
    feedback = services.give_feedback(actor=agent, vac=vac, kind="onjuist")
    client.force_login(make_user(Role.EDITOR))
    assert client.get(reverse("kennisbank:feedback-handle", args=[feedback.pk])).status_code == 403


# --- Editing VAC's ------------------------------------------------------------------------


def _form_data(**overrides):
    data = {
        "vraag": "Hoe vraag ik een gehandicaptenparkeerkaart aan?",
        "antwoord": "<p>Via het Wmo-loket.</p><script>alert(1)</script>",
        "toelichting": "",
        "trefwoorden": "invalidenparkeerkaart, gpk, blauwe kaart",
        "doelgroep": "burger",
        "status": "actief",
        "is_public": "on",
        "review_date": (today() + timedelta(days=180)).isoformat(),
        "links": "Wmo-loket | https://www.demodam.nl/wmo\n\nhttps://www.rijksoverheid.nl",
        "related": "",
    }
    return {**data, **overrides}


def test_editor_creates_and_edits_a_vac_through_save_vac(client, editor, vac):
    client.force_login(editor)
    response = client.post(reverse("kennisbank:vac-create"), _form_data(related=str(vac.pk)))
    assert response.status_code == 302
    created = VAC.objects.exclude(pk=vac.pk).get()
    assert created.antwoord == "<p>Via het Wmo-loket.</p>"
    assert created.trefwoorden == ["invalidenparkeerkaart", "gpk", "blauwe kaart"]
    assert created.links == [
        {"label": "Wmo-loket", "url": "https://www.demodam.nl/wmo"},
        {"label": "https://www.rijksoverheid.nl", "url": "https://www.rijksoverheid.nl"},
    ]
    assert list(created.related.all()) == [vac]
    _, results = services.search_and_log(query="blauwe kaart", channel="agent", user=editor)
    assert [r.vac for r in results] == [created]

    edit_url = reverse("kennisbank:vac-edit", args=[created.pk])
    form = client.get(edit_url).content.decode()
    assert "invalidenparkeerkaart, gpk, blauwe kaart" in form and 'name="version" value="1"' in form
    client.post(edit_url, _form_data(vraag="Gehandicaptenparkeerkaart aanvragen", version=1))
    created.refresh_from_db()
    assert created.vraag == "Gehandicaptenparkeerkaart aanvragen" and created.version == 2
    history = client.get(reverse("kennisbank:vac-history", args=[created.pk])).content.decode()
    assert "vraag" in history and "aangemaakt" in history


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"vraag": ""}, "Dit veld is vereist"),
        ({"links": "Geen url | javascript:alert(1)"}, "geen geldig webadres"),
        ({"related": "12, abc"}, "alleen VAC-nummers"),
        ({"related": "999999"}, "bestaan niet"),
        ({"review_date": "morgen"}, "geldige datum"),
    ],
)
def test_bad_vac_input_is_refused_with_a_message(client, editor, overrides, message):
    client.force_login(editor)
    response = client.post(reverse("kennisbank:vac-create"), _form_data(**overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert not VAC.objects.exists()


def test_a_stale_edit_does_not_overwrite_a_newer_version(client, editor, vac):
    services.save_vac(vac=vac, actor=editor, vraag="Intussen gewijzigd")
    client.force_login(editor)
    response = client.post(reverse("kennisbank:vac-edit", args=[vac.pk]), _form_data(version=1))
    assert "intussen gewijzigd" in response.content.decode()
    vac.refresh_from_db()
    assert vac.vraag == "Intussen gewijzigd"


def test_content_gap_page_and_one_click_keyword(client, agent, editor, vac):
    log, _ = services.search_and_log(query="pasfoto", channel="agent", user=agent)
    services.record_opened(search_log=log, vac=vac)
    services.search_and_log(query="zwembad", channel="agent", user=editor)
    client.force_login(editor)

    page = client.get(reverse("kennisbank:content-gaps"), {"dagen": "7"}).content.decode()
    assert "zwembad" in page and "pasfoto" in page and "Voeg toe als trefwoord" in page

    response = client.post(reverse("kennisbank:accept-keyword"), {"vac": vac.pk, "term": "pasfoto"}, **HTMX)
    assert "is toegevoegd" in response.content.decode()
    vac.refresh_from_db()
    assert "pasfoto" in vac.trefwoorden
    again = client.post(reverse("kennisbank:accept-keyword"), {"vac": vac.pk, "term": "pasfoto"}, **HTMX)
    assert "al een trefwoord" in again.content.decode()
    assert client.post(reverse("kennisbank:accept-keyword"), {"vac": "x", "term": "y"}).status_code == 404


# --- News ---------------------------------------------------------------------------------


def test_news_read_marking_and_header_badge(client, agent, editor):
    item = services.save_news(
        actor=editor,
        title="Storing afsprakensysteem",
        body="<p>Tot 12 uur</p>",
        importance="belangrijk",
        published_from=timezone.now() - timedelta(minutes=5),
    )
    client.force_login(agent)
    home = client.get(reverse("home")).content.decode()
    assert "Belangrijk nieuws <strong>1</strong>" in home

    response = client.post(reverse("kennisbank:news-read", args=[item.pk]), **HTMX)
    assert "Gelezen" in response.content.decode()
    assert "Belangrijk nieuws" not in client.get(reverse("home")).content.decode()


def test_news_manager_creates_news(client, make_user):
    client.force_login(make_user(Role.TEAMLEADER))
    start = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "title": "Nieuwe werkinstructie",
        "body": "<p>Lees dit</p>",
        "importance": "normaal",
        "published_from": start.strftime("%Y-%m-%dT%H:%M"),
        "published_until": (start - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    refused = client.post(reverse("kennisbank:news-create"), data)
    assert "na het begin" in refused.content.decode() and not NewsItem.objects.exists()
    data["published_until"] = ""
    assert client.post(reverse("kennisbank:news-create"), data).status_code == 302
    assert NewsItem.objects.get().title == "Nieuwe werkinstructie"


# --- Public pages -------------------------------------------------------------------------


def test_public_search_finds_public_active_vacs_only(client, vac):
    make_vac("Interne werkafspraak paspoort", is_public=False)
    make_vac("Paspoort concept", status=VAC.Status.DRAFT)

    response = client.get(reverse("kennisbank:public-search"), {"q": "paspoort"})

    content = response.content.decode()
    assert response.status_code == 200
    assert vac.vraag in content and "Interne werkafspraak" not in content and "concept" not in content
    assert SearchLog.objects.get().channel == "public"


def test_public_answer_has_no_toelichting_and_logs_the_opened_result(client, vac):
    page = client.get(reverse("kennisbank:public-search"), {"q": "paspoort"}).content.decode()
    link = page.split('href="/kennisbank/vac/')[1].split('"')[0]

    response = client.get(f"/kennisbank/vac/{link}".replace("&amp;", "&"))

    content = response.content.decode()
    assert response.status_code == 200 and vac.vraag in content
    assert "Intern: bij spoed" not in content
    assert SearchLog.objects.get().opened_vac == vac
    tampered = client.get(reverse("kennisbank:public-answer", args=[vac.uuid]), {"z": "1:forged"})
    assert tampered.status_code == 200


def test_internal_and_draft_vacs_are_not_public(client):
    for vac in (make_vac(is_public=False), make_vac(status=VAC.Status.DRAFT)):
        assert client.get(reverse("kennisbank:public-answer", args=[vac.uuid])).status_code == 404


@pytest.mark.parametrize(("query", "message"), [("", "Typ een of meer woorden"), ("b" * 1000, "te lang")])
def test_public_bad_queries(client, query, message):
    response = client.get(reverse("kennisbank:public-search"), {"q": query})
    assert response.status_code == 400 and message in response.content.decode()


def test_public_search_is_rate_limited(client, settings, vac, one_rate_window):
    settings.KCC_KENNISBANK_PUBLIC_SEARCHES_PER_MINUTE = 3
    statuses = [client.get(reverse("kennisbank:public-search"), {"q": "paspoort"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    blocked = client.get(reverse("kennisbank:public-search"), {"q": "paspoort"})
    assert "Wacht een minuut" in blocked.content.decode() and blocked["Retry-After"] == "60"
    assert SearchLog.objects.count() == 3
    assert client.get(reverse("kennisbank:public-search")).status_code == 200  # the page itself stays open


# --- Query counts: list pages do not grow with their rows --------------------------------------


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context)


def test_list_pages_use_a_constant_number_of_queries(client, agent, editor, django_assert_max_num_queries):
    def add_rows(count: int, start: int) -> None:
        for number in range(start, start + count):
            vac = make_vac(f"Paspoort vraag {number}", owner=editor, review_date=today(), afdelingen=[])
            log, _ = services.search_and_log(query=f"pasfoto {number}", channel="agent", user=agent)
            services.record_opened(search_log=log, vac=vac)
            services.give_feedback(actor=agent, vac=vac, kind="onjuist")
            services.save_news(actor=editor, title=f"Bericht {number}", body="<p>x</p>", published_from=timezone.now())

    pages = [
        (agent, reverse("kennisbank:search"), {"q": "paspoort"}),
        (agent, reverse("kennisbank:my-feedback"), None),
        (agent, reverse("kennisbank:news"), None),
        (editor, reverse("kennisbank:vac-list"), None),
        (editor, reverse("kennisbank:feedback-inbox"), None),
        (editor, reverse("kennisbank:content-gaps"), None),
        (editor, reverse("kennisbank:news-manage"), None),
        (None, reverse("kennisbank:public-search"), {"q": "paspoort"}),
    ]
    add_rows(2, 0)
    few = {}
    for user, url, params in pages:
        client.logout()
        if user:
            client.force_login(user)
        few[url] = _queries(client, url, params)
    add_rows(10, 2)
    for user, url, params in pages:
        client.logout()
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(few[url], info=url):
            client.get(url, params or {})
        assert few[url] <= 20, url
