"""ZGW: notifications refresh the status KCC shows; zaken are read with ``expand``; the abonnement.

The Zaken API stand-in validates every request and response against the official Zaken API 1.5.1
document (``shared/specs/common-ground/zgw-zaken-openapi.yaml``) and checks the JWT.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from kcc.contacten import services as contacten
from kcc.contacten.models import Handling, QuestionType
from kcc.contacten.selectors import CallerKeys
from kcc.integraties import services as outbox
from kcc.integraties.models import IntegrationJob
from kcc.integraties.testing import Call, SpecStandIn, Store
from kcc.zaken.bronnen import ZgwBron
from kcc.zaken.models import ZgwZaakStatus
from kcc.zaken.views import klantbeeld_zaken

CLIENT_ID, SECRET = "kcc-test", "geheim-van-open-zaak"
CALLBACK_TOKEN = "nrc-belt-kcc"
BSN = "111222333"
# Nothing listens here: a catalogue look-up the code makes without expand fails at once (and shows).
CATALOGI = "http://127.0.0.1:9/catalogi/api/v1"


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def jwt_problems(call: Call) -> list[str]:
    """The ZGW JWT: HS256 with the shared secret, iss and client_id the KCC client."""
    header = call.headers.get("Authorization", "")
    try:
        head, payload, signature = header.removeprefix("Bearer ").split(".")
        claims = json.loads(_unb64(payload))
    except ValueError:
        return ["Authorization is not a ZGW JWT"]
    expected = hmac.new(SECRET.encode(), f"{head}.{payload}".encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, _unb64(signature)) or claims.get("client_id") != CLIENT_ID:
        return ["JWT not signed by the KCC client"]
    return []


def _zaak(store: Store, identificatie: str, status_text: str) -> dict:
    catalogi = CATALOGI
    zaak = store.create(
        "zaken",
        {
            "identificatie": identificatie,
            "bronorganisatie": "002220647",
            "omschrijving": "Aanvraag omgevingsvergunning",
            "zaaktype": f"{catalogi}/zaaktypen/{uuid.uuid4()}",
            "registratiedatum": "2026-11-02",
            "verantwoordelijkeOrganisatie": "002220647",
            "startdatum": "2026-11-02",
            "einddatum": None,
            "uiterlijkeEinddatumAfdoening": "2026-12-28",
            "laatstGemuteerd": "2026-11-02T09:00:00Z",
            "betalingsindicatieWeergave": "",
            "deelzaken": [],
            "eigenschappen": [],
            "rollen": [],
            "zaakinformatieobjecten": [],
            "zaakobjecten": [],
            "resultaat": None,
            "status": None,
        },
    )
    set_status(store, zaak, status_text)
    return zaak


def set_status(store: Store, zaak: dict, text: str) -> dict:
    status = store.create(
        "statussen",
        {
            "zaak": zaak["url"],
            "statustype": f"{CATALOGI}/statustypen/{uuid.uuid4()}",
            "datumStatusGezet": datetime.now(UTC).isoformat(),
            "statustoelichting": "",
            "indicatieLaatstGezetteStatus": True,
            "zaakinformatieobjecten": [],
            "_omschrijving": text,
        },
    )
    zaak["status"] = status["url"]
    return status


def _public(item: dict) -> dict:
    return {key: value for key, value in item.items() if not key.startswith("_")}


def _expanded(store: Store, zaak: dict, call: Call) -> dict:
    wanted = ",".join(call.query.get("expand", [])).split(",")
    body = _public(zaak)
    inlined: dict = {}
    if "zaaktype" in wanted:
        inlined["zaaktype"] = {"url": zaak["zaaktype"], "omschrijving": "Omgevingsvergunning"}
    if "status" in wanted and zaak["status"]:
        status = store.get("statussen", zaak["status"].rsplit("/", 1)[1])
        inlined["status"] = _public(status)
        if "status.statustype" in wanted:
            inlined["status"]["_expand"] = {
                "statustype": {"url": status["statustype"], "omschrijving": status["_omschrijving"]}
            }
    if inlined:
        body["_expand"] = inlined
    return body


CRS = {"Content-Crs": "EPSG:4326"}


@pytest.fixture(scope="module")
def open_zaak():
    api = SpecStandIn("zgw-zaken-openapi.yaml", check=jwt_problems)
    store = Store(api)
    api.store = store

    @api.handler("zaak_list")
    def zaak_list(call: Call):
        found = [
            z
            for z in store.all("zaken")
            if call.query.get("identificatie", [z["identificatie"]])[0] == z["identificatie"]
        ]
        return 200, store.page([_expanded(store, z, call) for z in found]), CRS

    @api.handler("zaak_read")
    def zaak_read(call: Call):
        zaak = store.get("zaken", call.path_params["uuid"])
        if zaak is None:
            return 404, {
                "title": "Niet gevonden",
                "status": 404,
                "detail": "",
                "instance": "",
                "code": "not_found",
                "type": "",
            }
        return 200, _expanded(store, zaak, call), CRS

    @api.handler("status_list")
    def status_list(call: Call):
        zaak_url = call.query.get("zaak", [None])[0]
        found = [_public(s) for s in store.all("statussen") if zaak_url in (None, s["zaak"])]
        return 200, store.page(found)

    with api:
        yield api


@pytest.fixture
def zgw(open_zaak, settings, db):
    open_zaak.reset()
    open_zaak.store.items.clear()
    settings.KCC_ZAKEN_BRON = "zgw"
    settings.KCC_ZGW_ZAKEN_URL = open_zaak.base_url
    settings.KCC_ZGW_CLIENT_ID, settings.KCC_ZGW_SECRET = CLIENT_ID, SECRET
    settings.KCC_ZGW_TIMEOUT = "0.5"
    settings.KCC_NOTIFICATIES_CALLBACK_TOKEN = CALLBACK_TOKEN
    yield open_zaak
    open_zaak.assert_clean()


def notification(zaak: dict, **change) -> dict:
    return {
        "kanaal": "zaken",
        "source": "open-zaak",
        "hoofdObject": zaak["url"],
        "resource": "status",
        "resourceUrl": zaak["status"],
        "actie": "create",
        "aanmaakdatum": datetime.now(UTC).isoformat(),
        "kenmerken": {"bronorganisatie": "002220647"},
        **change,
    }


def post(client, body, token: str = CALLBACK_TOKEN):
    return client.post(
        reverse("notificaties-zaken"), body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )


def test_expand_reads_a_zaak_with_its_status_in_one_call(zgw):
    zaak = _zaak(zgw.store, "ZAAK-2026-0000001", "In behandeling")
    info = ZgwBron(zgw.base_url, CLIENT_ID, SECRET).zaak_by_url(zaak["url"])
    assert (info.status, info.zaaktype, info.identificatie) == (
        "In behandeling",
        "Omgevingsvergunning",
        "ZAAK-2026-0000001",
    )
    assert [call.operation_id for call in zgw.calls] == ["zaak_read"]
    assert zgw.calls[0].query["expand"] == ["status,status.statustype,resultaat,resultaat.resultaattype,zaaktype"]


def test_a_notification_refreshes_the_status_in_the_klantbeeld(zgw, client, agent):
    zaak = _zaak(zgw.store, "ZAAK-2026-0000002", "Ontvangen")
    contact = contacten.start_contact(agent=agent)
    contacten.update_caller(contact, channel="telefoon", phone="0612345678", email="", address="")
    contacten.add_question(
        contact,
        user=agent,
        question_type=QuestionType.GENERAL,
        handling=Handling.SELF_ANSWERED,
        subject="ZAAK-2026-0000002",
    )
    contacten.close_contact(contact, user=agent)

    assert post(client, notification(zaak)).status_code == 204
    outbox.sync("zgw-zaken")
    stored = ZgwZaakStatus.objects.get(url=zaak["url"])
    assert stored.status == "Ontvangen" and stored.token
    public = Client()  # the citizen: no log-in
    page = public.get(urlparse(stored.public_url).path)
    assert page.status_code == 200 and "Ontvangen" in page.content.decode()
    assert public.get(f"/zaak/ZAAK-2026-0000002/{stored.token[:-1]}x/").status_code == 404

    set_status(zgw.store, zaak, "Besluit genomen")
    assert post(client, notification(zaak)).status_code == 204
    outbox.sync("zgw-zaken")
    known = klantbeeld_zaken(CallerKeys(phone="0612345678"))["bekend"]
    assert [(item.identificatie, item.status) for item in known] == [("ZAAK-2026-0000002", "Besluit genomen")]
    assert known[0].token == stored.token  # the link the citizen has keeps working
    assert stored.public_url in render_to_string("zaken/klantbeeld_section.html", {"data": {"bekend": known}})
    assert "Besluit genomen" in public.get(urlparse(stored.public_url).path).content.decode()


def test_notifications_wait_out_an_outage_of_the_zaaksysteem(zgw, client):
    zaak = _zaak(zgw.store, "ZAAK-2026-0000003", "In behandeling")
    zgw.fail(times=2, status=503)
    assert post(client, notification(zaak)).status_code == 204
    assert outbox.sync("zgw-zaken", rounds=1).retried == 1
    assert outbox.sync("zgw-zaken", rounds=1).retried == 1
    assert outbox.sync("zgw-zaken", rounds=1).sent == 1
    assert ZgwZaakStatus.objects.get(url=zaak["url"]).status == "In behandeling"
    assert (
        post(client, notification(zaak, resource="zaak", actie="destroy", resourceUrl=zaak["url"])).status_code == 204
    )
    outbox.sync("zgw-zaken")
    assert not ZgwZaakStatus.objects.exists()


def test_bad_notifications_are_refused_and_change_nothing(zgw, client, settings):
    zaak = _zaak(zgw.store, "ZAAK-2026-0000004", "Ontvangen")
    assert post(client, notification(zaak), token="fout").status_code == 403
    assert client.post(reverse("notificaties-zaken"), {}, content_type="application/json").status_code == 403
    answer = post(client, {**notification(zaak), "hoofdObject": "geen-url", "aanmaakdatum": "gisteren"})
    assert answer.status_code == 400 and {"hoofdObject", "aanmaakdatum"} <= set(answer.json())
    answer = post(client, notification(zaak, kanaal="documenten"))
    assert answer.status_code == 400 and "zaken" in answer.json()["kanaal"][0]
    assert post(client, "[1, 2]").status_code == 400
    assert not IntegrationJob.objects.exists()
    settings.KCC_NOTIFICATIES_CALLBACK_TOKEN = ""
    assert post(client, notification(zaak), token="").status_code == 403
    settings.KCC_NOTIFICATIES_CALLBACK_TOKEN = CALLBACK_TOKEN
    settings.KCC_ZGW_ZAKEN_URL = ""
    assert post(client, notification(zaak)).status_code == 503


@pytest.fixture
def nrc(settings, db):
    """A Notificaties API (NRC) look-alike: its document is not among the shared specs, so the
    abonnement is checked here against the standard's required fields and the ZGW JWT."""
    received: list[dict] = []
    problems: list[str] = []

    from werkzeug.serving import make_server
    from werkzeug.wrappers import Request, Response

    def app(environ, start_response):
        request = Request(environ)
        call = Call("", request.method, request.path, {}, {}, dict(request.headers), None)
        problems.extend(jwt_problems(call))
        if request.method == "GET":
            body = [
                {**item, "url": f"http://nrc.test/api/v1/abonnement/{index}"} for index, item in enumerate(received)
            ]
            return Response(json.dumps(body), content_type="application/json")(environ, start_response)
        data = json.loads(request.get_data())
        missing = [name for name in ("callbackUrl", "auth", "kanalen") if not data.get(name)]
        if missing or not all(isinstance(k, dict) and k.get("naam") for k in data["kanalen"]):
            problems.append(f"abonnement incomplete: {data}")
        received.append(data)
        answer = {**data, "url": f"http://nrc.test/api/v1/abonnement/{len(received)}"}
        return Response(json.dumps(answer), status=201, content_type="application/json")(environ, start_response)

    import threading

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.KCC_NOTIFICATIES_URL = f"http://127.0.0.1:{server.server_port}/api/v1"
    settings.KCC_ZGW_CLIENT_ID, settings.KCC_ZGW_SECRET = CLIENT_ID, SECRET
    settings.KCC_NOTIFICATIES_CALLBACK_TOKEN = CALLBACK_TOKEN
    settings.KCC_BASE_URL = "https://kcc.demodam.nl"
    yield received, problems
    server.shutdown()
    server.server_close()


def test_abonneren_registers_once(nrc, capsys):
    received, problems = nrc
    call_command("zgw", "abonneren")
    assert "abonnement/1" in capsys.readouterr().out
    (abonnement,) = received
    assert abonnement == {
        "callbackUrl": "https://kcc.demodam.nl/api/v1/notificaties/zaken",
        "auth": f"Token {CALLBACK_TOKEN}",
        "kanalen": [{"naam": "zaken", "filters": {}}],
    }
    IntegrationJob.objects.all().delete()
    call_command("zgw", "abonneren")
    assert len(received) == 1 and not problems


def test_abonneren_needs_a_callback_token(nrc, settings):
    settings.KCC_NOTIFICATIES_CALLBACK_TOKEN = ""
    with pytest.raises(CommandError, match="CALLBACK_TOKEN"):
        call_command("zgw", "abonneren")


def test_a_contact_about_a_zaak_becomes_its_onderwerpobject_in_klantinteracties(zgw, agent, settings):
    from kcc.klantinteracties.testing import klantinteracties_standin

    zaak = _zaak(zgw.store, "ZAAK-2026-0000005", "In behandeling")
    with klantinteracties_standin("ki") as ki:
        settings.KCC_KLANTINTERACTIES_URL, settings.KCC_KLANTINTERACTIES_TOKEN = ki.base_url, "ki"
        contact = contacten.start_contact(agent=agent)
        contacten.add_question(
            contact,
            user=agent,
            question_type=QuestionType.GENERAL,
            handling=Handling.SELF_ANSWERED,
            subject="ZAAK-2026-0000005",
        )
        contacten.close_contact(contact, user=agent)
        assert outbox.sync("klantinteracties").sent == 1
        (onderwerp,) = ki.store.all("onderwerpobjecten")
        assert onderwerp["onderwerpobjectidentificator"] == {
            "codeRegister": "openzaak",
            "codeObjecttype": "zgw-Zaak",
            "codeSoortObjectId": "uuid",
            "objectId": zaak["uuid"],
        }
        ki.assert_clean()
    assert [call.operation_id for call in zgw.calls] == ["zaak_list", "status_list"]
