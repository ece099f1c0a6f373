"""VAC's in an Objects API (what KISS reads): publication through the integration outbox and
import, against a stand-in that validates every request and response against the official
Objects API OpenAPI document; every record's data is validated against the vendored VAC schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from kcc.core.models import OrganisationUnit
from kcc.integraties.models import IntegrationJob
from kcc.integraties.services import sync
from kcc.integraties.testing import SpecStandIn
from kcc.kennisbank.exporters import SCHEMA_FILE
from kcc.kennisbank.models import VAC
from kcc.kennisbank.services import delete_vac, save_vac
from kcc.kennisbank.tests.factories import make_vac
from kcc.producten.models import Product

TOKEN = "objecten-token"
OBJECTTYPE = "https://objecttypen.example.nl/api/v2/objecttypes/5cd8ab41-4bd4-4d6e-b5a5-f8fb8a6c9c1e"
VAC_SCHEMA = jsonschema.Draft7Validator(json.loads(SCHEMA_FILE.read_text()), format_checker=jsonschema.FormatChecker())
# The Objects API answers 404 for an unknown object (Django REST framework), but its OpenAPI
# document declares only 200 for object_read: that one answer is expected, nothing else is.
UNDECLARED_404 = "(object_read) response 404: ResponseNotFound"


class ObjectsApi:
    """The objects of the stand-in, with their record history, as the Objects API keeps them."""

    def __init__(self, api: SpecStandIn) -> None:
        self.api = api
        self.objects: dict[str, dict] = {}
        self.history: dict[str, list[dict]] = {}

    def url(self, uuid: str) -> str:
        return f"{self.api.base_url}/objects/{uuid}"

    def add_record(self, uuid: str, type_url: str, record: dict) -> dict:
        history = self.history.setdefault(uuid, [])
        start = record["startAt"]
        if history:
            history[-1]["endAt"] = start
        stored = {
            "index": len(history) + 1,
            "typeVersion": record["typeVersion"],
            "data": record["data"],
            "startAt": start,
            "endAt": None,
            "registrationAt": start,
            "correctionFor": None,
        }
        history.append(stored)
        self.objects[uuid] = {"url": self.url(uuid), "uuid": uuid, "type": type_url, "record": stored}
        return self.objects[uuid]


@pytest.fixture(scope="module")
def objects_api():
    api = SpecStandIn(
        "objects-api-v2-openapi.yaml", headers={"Authorization": f"Token {TOKEN}", "Accept": "application/json"}
    )
    api.store = ObjectsApi(api)

    @api.handler("object_create")
    def create(call):
        uuid = call.body["uuid"]
        assert uuid not in api.store.objects, "a second object for the same VAC"
        return 201, api.store.add_record(uuid, call.body["type"], call.body["record"])

    @api.handler("object_read")
    def read(call):
        found = api.store.objects.get(call.path_params["uuid"])
        return (200, found) if found else (404, {"detail": "Niet gevonden."})

    @api.handler("object_update")
    def update(call):
        uuid = call.path_params["uuid"]
        return 200, api.store.add_record(uuid, call.body["type"], call.body["record"])

    @api.handler("object_list")
    def listing(call):
        page_size = int(call.query.get("pageSize", ["100"])[0])
        page = int(call.query.get("page", ["1"])[0])
        items = [obj for obj in api.store.objects.values() if obj["type"] == call.query["type"][0]]
        chunk = items[(page - 1) * page_size : page * page_size]
        more = page * page_size < len(items)
        following = f"{api.base_url}/objects?type={OBJECTTYPE}&pageSize={page_size}&page={page + 1}" if more else None
        return 200, {"count": len(items), "next": following, "previous": None, "results": chunk}

    with api:
        yield api


@pytest.fixture
def published(objects_api, settings, db):
    objects_api.reset()
    objects_api.store.objects.clear()
    objects_api.store.history.clear()
    settings.KCC_OBJECTS_API_URL = objects_api.base_url
    settings.KCC_OBJECTS_API_TOKEN = TOKEN
    settings.KCC_OBJECTS_API_TIMEOUT = "1"
    settings.KCC_VAC_OBJECTTYPE_URL = OBJECTTYPE
    yield objects_api
    unexpected = [violation for violation in objects_api.violations if UNDECLARED_404 not in violation]
    assert not unexpected, "\n".join(unexpected)
    for history in objects_api.store.history.values():
        for record in history:
            VAC_SCHEMA.validate(record["data"])


def _data(api: SpecStandIn, vac: VAC) -> dict:
    return api.store.objects[str(vac.uuid)]["record"]["data"]


def test_publishes_incrementally_with_a_correct_mapping(published):
    unit = OrganisationUnit.objects.create(code="burgerzaken", name="Burgerzaken", kind="afdeling")
    owner = OrganisationUnit.objects.create(code="publiek", name="Dienst Publiek", kind="dienst")
    product = Product.objects.create(
        upl_name="Paspoort", upl_uri="http://standaarden.overheid.nl/owms/terms/Paspoort", slug="paspoort"
    )
    draft = make_vac("Concept over rijbewijs", status=VAC.Status.DRAFT)
    other = make_vac("Wat kost een identiteitskaart?")
    vac = make_vac(
        "Hoe vraag ik een paspoort aan?",
        owner_unit=owner,
        afdelingen=[unit],
        related=[other, draft],
        links=[{"label": "Website", "url": "https://www.demodam.nl/paspoort"}],
        trefwoorden=["pas", "reisdocument"],
    )
    product.vacs.add(vac)
    save_vac(vac=vac, toelichting="Vraag naar de oude pas.")  # the product link is read at publication
    run = sync("objecten")
    assert run.failed == run.parked == 0

    assert set(published.store.objects) == {str(vac.uuid), str(other.uuid)}  # the draft is never published
    data = _data(published, vac)
    assert data == {
        "vraag": "Hoe vraag ik een paspoort aan?",
        "antwoord": vac.antwoord,
        "status": "actief",
        "doelgroep": "eu-burger-bedrijf",
        "toelichting": "Vraag naar de oude pas.",
        "trefwoorden": [{"trefwoord": "pas"}, {"trefwoord": "reisdocument"}],
        "afdelingen": [
            {"afdelingId": "burgerzaken", "afdelingNaam": "Burgerzaken"},
            {"afdelingId": "publiek", "afdelingNaam": "Dienst Publiek"},
        ],
        "gerelateerdeProducten": [{"product": product.upl_uri}],
        "gerelateerdeVACs": [{"VAC": f"{published.base_url}/objects/{other.uuid}"}],
    }
    # The related VAC's URL is the object the stand-in serves; the draft and the website link are not there.
    assert data["gerelateerdeVACs"][0]["VAC"] == published.store.objects[str(other.uuid)]["url"]
    assert [call.operation_id for call in published.called("object_create")] == ["object_create"] * 2
    assert published.called("object_create")[0].headers["Content-Crs"] == "EPSG:4326"

    # An update is a new record version; the withdrawal another, with status non-actief.
    save_vac(vac=vac, vraag="Hoe vraag ik een nieuw paspoort aan?")
    sync("objecten")
    save_vac(vac=vac, status=VAC.Status.DRAFT, vraag="Halve zin in concept")
    sync("objecten")
    history = published.store.history[str(vac.uuid)]
    assert [(r["index"], r["data"]["status"]) for r in history] == [(1, "actief"), (2, "actief"), (3, "non-actief")]
    assert history[1]["data"]["vraag"] == history[2]["data"]["vraag"] == "Hoe vraag ik een nieuw paspoort aan?"
    assert history[1]["endAt"] == history[2]["startAt"]
    # The withdrawn VAC is no longer listed as related by the one still active.
    assert _data(published, other).get("gerelateerdeVACs") == []

    # A deleted VAC gets a last record 'te-verwijderen'; nothing is queued twice.
    delete_vac(vac=other, actor=None)
    sync("objecten")
    assert _data(published, other)["status"] == "te-verwijderen"
    assert IntegrationJob.objects.filter(status=IntegrationJob.Status.SENT).count() == IntegrationJob.objects.count()
    creates = len(published.called("object_create"))
    assert sync("objecten").sent == 0 and len(published.called("object_create")) == creates


def test_outage_then_everything_arrives_once(published):
    published.fail(times=2, status=503)
    published.hang(times=1, seconds=1.5, operation="object_create")
    published.html(times=1)
    vacs = [make_vac(f"Vraag {number}") for number in range(3)]
    outcomes = [sync("objecten", rounds=1) for _ in range(6)]
    assert sum(run.retried for run in outcomes) >= 4 and outcomes[-1].retried == 0
    assert set(published.store.objects) == {str(vac.uuid) for vac in vacs}
    assert all(len(published.store.history[str(vac.uuid)]) == 1 for vac in vacs)
    assert IntegrationJob.objects.exclude(status=IntegrationJob.Status.SENT).count() == 0


def test_a_refused_record_is_parked_with_the_exchange_and_nothing_is_lost(published, settings):
    settings.KCC_VAC_OBJECTTYPE_URL = ""
    vac = make_vac("Hoe lang duurt een omgevingsvergunning?")
    sync("objecten")
    job = IntegrationJob.objects.get()
    assert job.status == IntegrationJob.Status.PARKED and "KCC_VAC_OBJECTTYPE_URL" in job.last_error
    assert published.store.objects == {}

    settings.KCC_VAC_OBJECTTYPE_URL = OBJECTTYPE
    job.status, job.attempts = IntegrationJob.Status.PENDING, 0
    job.save()
    sync("objecten")
    assert _data(published, vac)["vraag"] == "Hoe lang duurt een omgevingsvergunning?"


def test_off_until_configured(db, settings):
    settings.KCC_OBJECTS_API_URL = ""
    make_vac("Wanneer wordt het grofvuil opgehaald?")
    assert not IntegrationJob.objects.exists()
    with pytest.raises(CommandError, match="niet ingesteld"):
        call_command("kennisbank", "publiceren")


def _kiss_object(api: SpecStandIn, uuid: str, data: dict) -> None:
    record = {"typeVersion": 1, "data": data, "startAt": "2026-01-05"}
    api.store.add_record(uuid, OBJECTTYPE, record)


def test_import_from_an_objects_api_reports_bad_records_and_imports_the_rest(published, capsys):
    OrganisationUnit.objects.create(code="belastingen", name="Belastingen", kind="sector")
    product = Product.objects.create(
        upl_name="Hondenbelasting", upl_uri="http://standaarden.overheid.nl/owms/terms/Hondenbelasting", slug="hond"
    )
    first, second = "0b6c1c35-86b9-4e0c-a0b5-0ba3d7a53c4b", "6d0f1f44-2bd6-4d5a-9f4b-8f5b0d0c5b9e"
    _kiss_object(
        published,
        first,
        {
            "vraag": "Moet ik hondenbelasting betalen?",
            "antwoord": "<p>Ja, voor elke hond.</p>",
            "status": "actief",
            "doelgroep": "eu-burger",
            "toelichting": "Zie ook kwijtschelding.",
            "trefwoorden": [{"trefwoord": "hond"}],
            "afdelingen": [{"afdelingId": "9a1b", "afdelingNaam": "Belastingen"}],
            "gerelateerdeProducten": [
                {"product": product.upl_uri},
                {"product": "https://pdc.example.nl/producten/onbekend"},
            ],
            "gerelateerdeVACs": [{"VAC": published.store.url(second)}],
        },
    )
    _kiss_object(
        published,
        second,
        {
            "vraag": "Hoe meld ik mijn hond af?",
            "antwoord": "Via het formulier.",
            "status": "non-actief",
            "doelgroep": "eu-burger",
        },
    )
    _kiss_object(
        published,
        "1f0e5e5a-7c6c-4a0e-9f43-3f1a3c0d2a11",
        {"vraag": "", "antwoord": "x", "status": "actief", "doelgroep": "eu-burger"},
    )
    _kiss_object(
        published,
        "2a9d6f0b-5d1e-4a8e-8f7c-6e2f4b1c3d55",
        {
            "vraag": "Waar is het milieupark?",
            "antwoord": "x",
            "status": "actief",
            "doelgroep": "eu-burger",
            "afdelingen": [{"afdelingNaam": "Afval"}],
        },
    )
    for number in range(4):  # more than one page
        _kiss_object(
            published,
            f"3c{number:06d}-0000-4000-8000-000000000000",
            {"vraag": f"Vraag {number}", "antwoord": "a", "status": "actief", "doelgroep": "eu-burger-bedrijf"},
        )

    with pytest.raises(CommandError, match="2 record\\(s\\) geweigerd"):
        call_command("kennisbank", "import", "--objects-api", "--objecttype", OBJECTTYPE)
    out, err = capsys.readouterr()
    assert "Toegevoegd: 6" in out
    assert (
        "vraag’ ontbreekt" in err
        and "Onbekende afdeling ‘Afval’" in err
        and published.store.url("2a9d6f0b-5d1e-4a8e-8f7c-6e2f4b1c3d55") in err
    )

    vac = VAC.objects.get(external_id=published.store.url(first))
    assert str(vac.uuid) == first  # publishing it later updates the same object
    assert (vac.status, vac.doelgroep, vac.trefwoorden, vac.toelichting) == (
        "actief",
        "burger",
        ["hond"],
        "Zie ook kwijtschelding.",
    )
    assert [unit.code for unit in vac.afdelingen.all()] == ["belastingen"]
    assert list(vac.products.all()) == [product]
    assert vac.links == [{"label": "Product", "url": "https://pdc.example.nl/producten/onbekend"}]
    assert [other.external_id for other in vac.related.all()] == [published.store.url(second)]
    assert VAC.objects.get(external_id=published.store.url(second)).status == VAC.Status.INACTIVE

    # Importing again changes nothing.
    with pytest.raises(CommandError):
        call_command("kennisbank", "import", "--objects-api", "--objecttype", OBJECTTYPE)
    out, _ = capsys.readouterr()
    assert "Toegevoegd: 0, bijgewerkt: 0, ongewijzigd: 6" in out


def test_import_from_an_unreachable_api_imports_nothing(published):
    published.fail(times=1, status=503)
    with pytest.raises(CommandError, match="Er is niets geïmporteerd"):
        call_command("kennisbank", "import", "--objects-api", "--objecttype", OBJECTTYPE)
    assert not VAC.objects.exists()
