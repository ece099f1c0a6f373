"""BRP identification against a stand-in that validates every request and response against the
official Haal Centraal BRP Personen OpenAPI document (kcc.integraties.testing)."""

from __future__ import annotations

import json
import re
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kcc.brp import services
from kcc.brp.client import FIELDS, BrpFout
from kcc.brp.models import Identification
from kcc.contacten import services as contact_services
from kcc.contacten.privacy import bsn_hash, decrypt_bsn
from kcc.core.models import AuditEntry
from kcc.core.roles import Role
from kcc.integraties.testing import SpecStandIn

API_KEY = "brp-sleutel"
JANSEN = {
    "burgerservicenummer": "999993653",
    "naam": {"volledigeNaam": "Pieter Jansen"},
    "geboorte": {"datum": {"type": "Datum", "datum": "1980-05-17", "langFormaat": "17 mei 1980"}},
    "adressering": {"adresregel1": "Dorpsstraat 10", "adresregel2": "1234 AB  DEMODAM"},
}
GEHEIM = {
    "burgerservicenummer": "999990019",
    "naam": {"volledigeNaam": "Anna de Vries"},
    "geboorte": {"datum": {"type": "Datum", "datum": "1975-01-02", "langFormaat": "2 januari 1975"}},
    "adressering": {"adresregel1": "Dorpsstraat 10", "adresregel2": "1234 AB  DEMODAM"},
    "geheimhoudingPersoonsgegevens": True,
}


@pytest.fixture(scope="module")
def brp():
    api = SpecStandIn("brp-personen-bevragen-openapi.yaml", headers={"X-API-KEY": API_KEY})

    @api.handler("Personen")
    def personen(call):
        body = call.body
        if body["type"] == "RaadpleegMetBurgerservicenummer":
            found = [p for p in (JANSEN, GEHEIM) if p["burgerservicenummer"] in body["burgerservicenummer"]]
        elif body["type"] == "ZoekMetPostcodeEnHuisnummer" and body["postcode"] == "1000AA":
            found = [
                {"burgerservicenummer": f"{100000000 + n}", "naam": {"volledigeNaam": f"Bewoner {n}"}}
                for n in range(23)
            ]
        elif body["type"] == "ZoekMetPostcodeEnHuisnummer":
            found = [JANSEN, GEHEIM] if (body["postcode"], body["huisnummer"]) == ("1234AB", 10) else []
        else:
            found = [GEHEIM] if body["geslachtsnaam"].lower() == "vries" else []
        return 200, {"type": body["type"], "personen": found}

    with api:
        yield api


@pytest.fixture
def configured(brp, settings):
    brp.reset()
    settings.KCC_BRP_URL = brp.base_url
    settings.KCC_BRP_API_KEY = API_KEY
    settings.KCC_BRP_TIMEOUT = "1"
    yield brp
    brp.assert_clean()


@pytest.fixture
def contact(agent):
    return contact_services.start_contact(agent=agent)


def test_each_way_of_searching_sends_a_valid_query_with_purpose_user_and_minimal_fields(configured, contact, agent):
    by_bsn = services.search(contact, user=agent, kind="bsn", purpose="Vraag over WOZ-beschikking", bsn="999993653")
    by_address = services.search(contact, user=agent, kind="adres", purpose="Melding adres", address="1234 ab 10")
    by_name = services.search(
        contact,
        user=agent,
        kind="naam",
        purpose="Terugbelverzoek",
        surname="de Vries",
        birth_date=date(1975, 1, 2),
    )

    assert [p.naam for p in by_bsn] == ["Pieter Jansen"] and by_bsn[0].geboortedatum == "17 mei 1980"
    assert [p.naam for p in by_address] == ["Pieter Jansen", "Anna de Vries"]
    assert [(p.naam, p.geheim) for p in by_name] == [("Anna de Vries", True)]
    bodies = [call.body for call in configured.called("Personen")]
    assert [body["type"] for body in bodies] == [
        "RaadpleegMetBurgerservicenummer",
        "ZoekMetPostcodeEnHuisnummer",
        "ZoekMetGeslachtsnaamEnGeboortedatum",
    ]
    assert all(body["fields"] == FIELDS for body in bodies)
    assert bodies[1]["postcode"] == "1234AB" and bodies[1]["huisnummer"] == 10
    assert bodies[2]["geslachtsnaam"] == "Vries" and bodies[2]["voorvoegsel"] == "de"
    headers = configured.called("Personen")[0].headers
    assert headers["X-Doelbinding"] == headers["X-Verwerking"] == "Vraag over WOZ-beschikking"
    assert headers["X-Gebruiker"] == "agent"
    audits = AuditEntry.objects.filter(action="brp_geraadpleegd").order_by("pk")
    assert [(a.actor, a.purpose, a.detail["uitkomst"]) for a in audits] == [
        (agent, "Vraag over WOZ-beschikking", "1 gevonden"),
        (agent, "Melding adres", "2 gevonden"),
        (agent, "Terugbelverzoek", "1 gevonden"),
    ]


def test_gateway_headers_and_purpose_code_are_configurable(configured, contact, agent, settings):
    settings.KCC_BRP_DOELBINDING = "BRPACT-KCC"
    settings.KCC_BRP_DOELBINDING_HEADER = "x-purpose"
    settings.KCC_BRP_GEBRUIKER_HEADER = "x-origin-user"
    services.search(contact, user=agent, kind="bsn", purpose="Vraag over één aanslag", bsn="999993653")
    headers = configured.called("Personen")[0].headers
    assert headers["X-Purpose"] == "BRPACT-KCC" and headers["X-Origin-User"] == "agent"
    assert headers["X-Verwerking"] == "Vraag over een aanslag"  # ASCII: a header cannot carry é safely


def test_no_search_without_purpose_or_with_bad_criteria_and_nothing_is_sent(configured, contact, agent):
    with pytest.raises(Exception, match="doelbinding"):
        services.search(contact, user=agent, kind="bsn", purpose="  ", bsn="999993653")
    for kind, criteria, message in [
        ("bsn", {"bsn": "123456789"}, "elfproef"),
        ("adres", {"address": "0123 AB 1"}, "begint niet met 0"),
        ("adres", {"address": "Dorpsstraat"}, "postcode en huisnummer"),
        ("naam", {"surname": "Jansen"}, "geboortedatum"),
        ("naam", {"surname": "J@nsen!", "birth_date": date(1980, 1, 1)}, "letters"),
    ]:
        with pytest.raises(Exception, match=message):
            services.search(contact, user=agent, kind=kind, purpose="Vraag", **criteria)
    assert configured.calls == []


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (lambda api: api.fail(status=503), "niet beschikbaar (fout 503)"),
        (lambda api: api.html(status=200), "geen JSON"),
        (lambda api: api.html(status=502), "niet beschikbaar (fout 502)"),
        (lambda api: api.fail(status=403), "weigert de toegang"),
        (lambda api: api.hang(seconds=1.5), "niet binnen 1 seconden"),
    ],
)
def test_bad_answers_give_the_agent_a_clear_message_and_change_nothing(
    configured, contact, agent, client, fault, message
):
    fault(configured)
    client.force_login(agent)
    response = client.post(
        reverse("brp:search", args=[contact.pk]),
        {"zoekwijze": "bsn", "bsn": "999993653", "doel": "Vraag"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200  # the block with the message; htmx swaps only 2xx
    assert message in response.content.decode()
    contact.refresh_from_db()
    assert contact.klant is None and not Identification.objects.exists()
    assert AuditEntry.objects.get(action="brp_geraadpleegd").detail["uitkomst"] == "fout"


def test_a_400_problem_names_the_brps_reason(configured, contact, agent, monkeypatch):
    monkeypatch.setitem(configured.handlers, "Personen", configured.handlers["Personen"])

    @configured.handler("Personen")
    def refuse(call):
        problem = {
            "type": "https://www.vng.nl/realisatie/api/validaties/integer",
            "title": "Een of meerdere parameters zijn niet correct.",
            "status": 400,
            "code": "paramsValidation",
            "invalidParams": [{"name": "huisnummer", "code": "integer", "reason": "Waarde is geen geldig getal."}],
        }
        return 400, problem

    with pytest.raises(BrpFout, match="huisnummer: Waarde is geen geldig getal"):
        services.search(contact, user=agent, kind="adres", purpose="Vraag", address="1234 AB 10")


def test_choosing_a_person_makes_them_the_klant_with_bsn_purpose_and_secrecy(configured, contact, agent, client):
    client.force_login(agent)
    response = client.post(
        reverse("brp:search", args=[contact.pk]),
        {"zoekwijze": "adres", "adres": "1234AB 10", "doel": "Vraag over de afvalstoffenheffing"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Anna de Vries" in page and "geheimhouding persoonsgegevens" in page
    assert "999990019" not in page and "******019" in page  # never the full BSN in the page
    selections = [part.split('"')[0] for part in page.split('name="selectie" value="')[1:]]
    assert len(selections) == 2

    response = client.post(reverse("brp:choose", args=[contact.pk]), {"selectie": selections[1]})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.klant.name == "Anna de Vries"
    assert decrypt_bsn(contact.klant.bsn_encrypted) == "999990019"
    assert contact.klant.bsn_hash == bsn_hash("999990019")
    assert contact.klant.bsn_purpose == "Vraag over de afvalstoffenheffing"
    assert Identification.objects.get(contact=contact).secret is True
    assert AuditEntry.objects.filter(action="klant_geidentificeerd_in_brp", actor=agent).count() == 1

    detail = client.get(reverse("contacten:detail", args=[contact.pk])).content.decode()
    assert 'data-testid="brp-secret"' in detail and "Geheimhouding persoonsgegevens" in detail


def test_a_large_result_shows_twenty_and_says_how_many_more(configured, contact, agent, client):
    client.force_login(agent)
    response = client.post(
        reverse("brp:search", args=[contact.pk]), {"zoekwijze": "adres", "adres": "1000 AA 1", "doel": "Vraag"}
    )
    page = response.content.decode()
    assert page.count('name="selectie"') == 20 and "Bewoner 19" in page and "Bewoner 20" not in page
    assert "Nog 3 personen gevonden die hier niet staan" in page


def test_a_selection_is_bound_to_its_contact_and_cannot_be_forged(configured, contact, agent, client):
    other = contact_services.start_contact(agent=agent)
    person = services.search(contact, user=agent, kind="bsn", purpose="Vraag", bsn="999993653")[0]
    sealed = services.seal_selection(contact, person, "Vraag")
    client.force_login(agent)
    for target, selection in [(other, sealed), (contact, sealed[:-4] + "AAAA")]:
        response = client.post(reverse("brp:choose", args=[target.pk]), {"selectie": selection})
        assert response.status_code == 400
        assert "Zoek de persoon opnieuw op" in response.content.decode()
    assert not Identification.objects.exists()


def test_only_agents_on_their_own_running_contact_may_search(configured, contact, make_user, client):
    backoffice = make_user(Role.BACKOFFICE)
    colleague = make_user(Role.AGENT)
    data = {"zoekwijze": "bsn", "bsn": "999993653", "doel": "Vraag"}
    client.force_login(backoffice)
    assert client.post(reverse("brp:search", args=[contact.pk]), data).status_code == 403
    client.force_login(colleague)
    assert client.post(reverse("brp:search", args=[contact.pk]), data).status_code == 403
    assert configured.calls == []


def test_off_until_configured(contact, agent, client, settings):
    settings.KCC_BRP_URL = ""
    client.force_login(agent)
    detail = client.get(reverse("contacten:detail", args=[contact.pk])).content.decode()
    assert "Identificeren in het BRP" not in detail
    with pytest.raises(BrpFout, match="niet ingesteld"):
        services.search(contact, user=agent, kind="bsn", purpose="Vraag", bsn="999993653")


@pytest.fixture
def token_endpoint():
    """An OAuth2 token endpoint on loopback (client credentials, form-encoded as RFC 6749 §4.4)."""
    requests: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            requests.append({key: values[0] for key, values in form.items()})
            ok = form.get("grant_type") == ["client_credentials"] and form.get("client_secret") == ["geheim"]
            body = {"access_token": f"token-{len(requests)}", "token_type": "Bearer", "expires_in": 300}
            payload = json.dumps(body if ok else {"error": "invalid_client"}).encode()
            self.send_response(200 if ok else 401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/oauth2/token", requests
    server.shutdown()
    server.server_close()


def test_oauth2_client_credentials_token_is_fetched_once_and_sent(
    configured, contact, agent, settings, token_endpoint, monkeypatch
):
    url, token_requests = token_endpoint
    settings.KCC_BRP_AUTH = "oauth2"
    settings.KCC_BRP_OAUTH_TOKEN_URL = url
    settings.KCC_BRP_OAUTH_CLIENT_ID = "kcc"
    settings.KCC_BRP_OAUTH_CLIENT_SECRET = "geheim"
    settings.KCC_BRP_OAUTH_SCOPE = "brp.personen"
    monkeypatch.setattr(configured, "headers", {"Authorization": "Bearer token-1"})
    for _ in range(2):
        services.search(contact, user=agent, kind="bsn", purpose="Vraag", bsn="999993653")
    assert token_requests == [
        {"grant_type": "client_credentials", "client_id": "kcc", "client_secret": "geheim", "scope": "brp.personen"}
    ]
    assert len(configured.called("Personen")) == 2

    settings.KCC_BRP_OAUTH_CLIENT_ID = "ander"
    settings.KCC_BRP_OAUTH_CLIENT_SECRET = "fout"
    with pytest.raises(BrpFout, match="kon zich niet aanmelden"):
        services.search(contact, user=agent, kind="bsn", purpose="Vraag", bsn="999993653")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_agent_identifies_the_caller_in_the_browser(configured, agent, page, login):
    contact = contact_services.start_contact(agent=agent)
    contact_services.update_caller(contact, channel="telefoon", phone="", email="", address="1234 AB 10")
    configured.fail(times=1, status=503)
    login(agent)
    page.goto(reverse("contacten:detail", args=[contact.pk]))
    block = page.locator("#brp")
    expect(block.get_by_role("radio", name="op adres")).to_be_checked()
    expect(block.get_by_role("textbox", name="Postcode en huisnummer")).to_have_value("1234AB 10")
    block.get_by_label("Waarom zoekt u deze persoon op?").fill("Vraag over de afvalstoffenheffing")
    block.get_by_role("button", name="Zoeken in het BRP").click()
    expect(block.get_by_role("alert")).to_contain_text("Het BRP is nu niet beschikbaar (fout 503)")

    block.get_by_role("button", name="Zoeken in het BRP").click()
    results = block.get_by_test_id("brp-results")
    expect(results).to_contain_text("Pieter Jansen")
    expect(results).to_contain_text("geheimhouding persoonsgegevens")
    expect(results).to_contain_text("******019")
    block.get_by_role("button", name=re.compile(r"Dit is de beller\W+Anna de Vries")).click()
    expect(page.get_by_test_id("brp-secret")).to_be_visible()
    expect(page.get_by_test_id("brp-secret")).to_contain_text("Geheimhouding persoonsgegevens")
    expect(page.get_by_text("Klant vastleggen: Anna de Vries")).to_be_visible()
    contact.refresh_from_db()
    assert contact.klant.name == "Anna de Vries"
