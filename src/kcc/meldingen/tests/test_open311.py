"""Open311 GeoReport v2: every response, JSON and XML, validated against the official schemas."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from kcc.meldingen import services
from kcc.meldingen.models import Channel, Melding, Open311ApiKey

from .conftest import INSIDE

SCHEMAS = Path(__file__).resolve().parents[1] / "open311" / "schemas"
SHARED = Path(__file__).resolve().parents[4].parent / "shared" / "specs" / "open311-georeport-v2"
NAMES = ["request.json", "requests.json", "service.json", "services.json", "service-definition.json"]

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def _validator(name: str) -> Draft7Validator:
    registry = Registry().with_resources(
        (n, Resource.from_contents(json.loads((SCHEMAS / n).read_text()), default_specification=DRAFT7)) for n in NAMES
    )
    return Draft7Validator({"$ref": name}, registry=registry, format_checker=FORMATS)


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text())


def valid(name: str, payload) -> None:
    errors = sorted(_validator(name).iter_errors(payload), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


# XML → the JSON shapes, typed by the schema, so the same schema validates both formats.
def _typed(text: str | None, schema: dict):
    if text in (None, ""):
        return None
    kinds = [schema.get("type")] + [option.get("type") for option in schema.get("anyOf", [])]
    if "boolean" in kinds:
        return {"true": True, "false": False}[text]
    if "integer" in kinds:
        return int(text)
    if "number" in kinds:
        return float(text)
    return text


def _object(element: ElementTree.Element, schema: dict) -> dict:
    result = {}
    for child in element:
        prop = schema["properties"][child.tag]
        if prop.get("type") == "array":
            item_schema = prop["items"]
            result[child.tag] = [_object(grandchild, item_schema) for grandchild in child]
        else:
            result[child.tag] = _typed(child.text, prop)
    return result


def xml_list(content: bytes, container: str, item: str, schema: dict) -> list[dict]:
    root = ElementTree.fromstring(content)
    assert root.tag == container
    assert all(child.tag == item for child in root)
    return [_object(child, schema) for child in root]


def test_schema_copies_equal_the_shared_originals():
    assert SHARED.exists(), f"../shared/specs not found at {SHARED}"
    for name in NAMES:
        assert json.loads((SCHEMAS / name).read_text()) == json.loads((SHARED / name).read_text()), name


@pytest.fixture
def api_key(demo) -> str:
    return services.create_api_key(name="Test-app")[1]


@pytest.fixture
def melding(make_intake) -> Melding:
    return services.create_melding(make_intake(description="Geheim: Jan van nummer 3 is boos")).melding


def test_services_json_and_xml(client, demo):
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = response.json()
    valid("services.json", data)
    by_code = {service["service_code"]: service for service in data}
    assert by_code["wegen-bestrating-losse-tegel"]["group"] == "Wegen en bestrating"
    assert by_code["afvalinzameling-container-vol"]["metadata"] is True
    assert "afvalinzameling" not in by_code  # main categories are groups, not services

    response = client.get("/open311/v2/services.xml")
    assert response["Content-Type"].startswith("text/xml")
    as_json = xml_list(response.content, "services", "service", _schema("service.json"))
    valid("services.json", as_json)
    assert as_json == data


def test_service_definition_json_and_xml(client, demo):
    data = client.get("/open311/v2/services/afvalinzameling-container-vol.json").json()
    valid("service-definition.json", data)
    (attribute,) = data["attributes"]
    assert attribute["code"] == "soort-container" and attribute["required"] is True
    assert {"key": "glas", "name": "Glas"} in attribute["values"]
    root = ElementTree.fromstring(client.get("/open311/v2/services/afvalinzameling-container-vol.xml").content)
    assert root.tag == "service_definition"
    as_json = _object(root, _schema("service-definition.json"))
    valid("service-definition.json", as_json)
    assert as_json == data


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_unknown_service_is_404_with_errors_list(client, demo, fmt):
    response = client.get(f"/open311/v2/services/bestaat-niet.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        assert response.json() == [{"code": 404, "description": "service_code ‘bestaat-niet’ bestaat niet."}]
    else:
        root = ElementTree.fromstring(response.content)
        assert root.tag == "errors" and root.find("error/code").text == "404"


def test_post_request_creates_a_melding(client, api_key):
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": api_key,
            "service_code": "afvalinzameling-container-vol",
            "lat": str(INSIDE[0]),
            "long": str(INSIDE[1]),
            "description": "De glasbak is vol.",
            "email": "app-gebruiker@example.nl",
            "attribute[soort-container]": "glas",
        },
    )
    assert response.status_code == 201, response.content
    (created,) = response.json()
    melding = Melding.objects.get(number=created["service_request_id"])
    assert melding.channel == Channel.OPEN311 and melding.extra == {"soort-container": "glas"}
    assert melding.reporter_email == "app-gebruiker@example.nl" and melding.feedback == "email"
    token = client.get(f"/open311/v2/tokens/{created['token']}.json").json()
    assert token == [{"service_request_id": melding.number, "token": created["token"]}]
    assert Open311ApiKey.objects.get().last_used_at is not None


def test_post_request_xml(client, api_key):
    response = client.post(
        "/open311/v2/requests.xml",
        {
            "api_key": api_key,
            "service_code": "wegen-bestrating-gat-in-weg",
            "address_string": "Coolsingel 40",
            "description": "Gat in de weg.",
        },
    )
    assert response.status_code == 201
    root = ElementTree.fromstring(response.content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text.startswith("M-")
    number = root.find("request/service_request_id").text
    # The reporter's own words ("Coolsingel 40") are stored, but never published again.
    assert Melding.objects.get(number=number).street == "Coolsingel 40"
    published = client.get(f"/open311/v2/requests/{number}.json").json()[0]
    assert published["address"] is None
    assert "Coolsingel" not in client.get(f"/open311/v2/requests/{number}.xml").content.decode()


@pytest.mark.parametrize(
    ("fields", "status", "fragment"),
    [
        ({"api_key": ""}, 403, "api_key"),
        ({"api_key": "fout"}, 403, "api_key"),
        ({"service_code": ""}, 400, "service_code ontbreekt"),
        ({"service_code": "onbekend"}, 404, "bestaat niet"),
        ({"lat": "noord"}, 400, "lat moet een getal zijn"),
        ({"lat": "52.37", "long": "4.89"}, 400, "buiten de gemeente"),
        ({"lat": "", "long": ""}, 400, "Vul een adres in"),
        ({"description": "x" * 10_000}, 400, "maximaal 4000 tekens"),
        ({"email": "geen-mail"}, 400, "geldig e-mailadres"),
        ({"attribute[onbekend]": "1"}, 400, "Onbekende vraag"),
    ],
)
def test_post_errors_use_the_errors_list_and_save_nothing(client, api_key, fields, status, fragment):
    data = {
        "api_key": api_key,
        "service_code": "wegen-bestrating-losse-tegel",
        "lat": str(INSIDE[0]),
        "long": str(INSIDE[1]),
        "description": "Losse tegel.",
    }
    data.update(fields)
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == status
    body = response.json()
    assert all(entry["code"] == status for entry in body)
    assert any(fragment in entry["description"] for entry in body), body
    assert Melding.objects.count() == 0


def test_get_requests_with_filters_json_and_xml(client, make_intake, melding, kcc_agent):
    other = services.create_melding(
        make_intake(category=melding.category.parent.children.exclude(pk=melding.category_id).first())
    ).melding
    services.cancel_melding(other, actor=kcc_agent, text="Dubbel")
    data = client.get("/open311/v2/requests.json").json()
    valid("requests.json", data)
    assert {item["service_request_id"] for item in data} == {melding.number, other.number}
    mine = next(item for item in data if item["service_request_id"] == melding.number)
    assert mine["status"] == "open" and mine["expected_datetime"] and mine["lat"] == INSIDE[0]
    assert mine["description"] is None and "Jan" not in json.dumps(data)
    closed = next(item for item in data if item["service_request_id"] == other.number)
    assert closed["status"] == "closed" and closed["expected_datetime"] is None

    assert [i["service_request_id"] for i in client.get("/open311/v2/requests.json?status=open").json()] == [
        melding.number
    ]
    assert [i["service_request_id"] for i in client.get("/open311/v2/requests.json?status=closed").json()] == [
        other.number
    ]
    by_code = client.get(f"/open311/v2/requests.json?service_code={melding.category.code}").json()
    assert [i["service_request_id"] for i in by_code] == [melding.number]
    assert (
        client.get("/open311/v2/requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z").json()
        == []
    )
    by_id = client.get(f"/open311/v2/requests.json?service_request_id={other.number},M-1-1").json()
    assert [i["service_request_id"] for i in by_id] == [other.number]

    xml_items = xml_list(
        client.get("/open311/v2/requests.xml").content, "service_requests", "request", _schema("request.json")
    )
    valid("requests.json", xml_items)
    assert sorted(xml_items, key=lambda i: i["service_request_id"]) == sorted(
        data, key=lambda i: i["service_request_id"]
    )


@pytest.mark.parametrize(
    "query",
    [
        "start_date=gisteren",
        "end_date=2026-13-45T00:00:00Z",
        "status=misschien",
        "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
    ],
)
def test_malformed_get_parameters_are_400(client, demo, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_single_request_json_and_xml(client, melding):
    data = client.get(f"/open311/v2/requests/{melding.number}.json").json()
    valid("requests.json", data)
    assert data[0]["service_request_id"] == melding.number and data[0]["status_notes"]
    xml_items = xml_list(
        client.get(f"/open311/v2/requests/{melding.number}.xml").content,
        "service_requests",
        "request",
        _schema("request.json"),
    )
    valid("requests.json", xml_items)
    assert xml_items == data
    assert client.get("/open311/v2/requests/M-1999-00001.json").status_code == 404
    assert client.get("/open311/v2/tokens/vals.json").status_code == 404
    assert client.get("/open311/v2/services.csv").status_code == 404


def test_cli_creates_an_api_key_printed_alone_on_the_last_line(capsys, db):
    call_command("open311", "apikey", "create", "Buitenbeter")
    lines = capsys.readouterr().out.strip().splitlines()
    key = lines[-1]
    assert " " not in key and len(key) >= 40
    stored = Open311ApiKey.objects.get(name="Buitenbeter")
    assert stored.key_hash == services.hash_api_key(key) and key not in stored.key_hash
