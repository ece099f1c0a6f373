"""The map: the municipality's area, the address search through the Locatieserver stand-in, the pages."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kcc.core.roles import Role
from kcc.meldingen import geo, services
from kcc.meldingen.models import Melding, MeldingenConfig

OUTSIDE_POLYGON_INSIDE_BOX = (51.86, 4.36)  # the demo's bounding box, but not its boundary
SQUARE = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
HOLE = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]


# --- The area ---------------------------------------------------------------------------------------


def test_polygon_with_a_hole_and_a_second_polygon():
    area = geo.parse_area(
        {"type": "MultiPolygon", "coordinates": [[SQUARE, HOLE], [[[20, 0], [30, 0], [30, 5], [20, 0]]]]}
    )
    assert area.contains(lat=1, lon=1)
    assert not area.contains(lat=5, lon=5)  # in the hole
    assert area.contains(lat=1, lon=25)  # in the second polygon
    assert not area.contains(lat=11, lon=1)
    assert geo.parse_area({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}).contains(
        lat=9.9, lon=9.9
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "GeoJSON-object"),
        ({"type": "Point", "coordinates": [4, 52]}, "Polygon of MultiPolygon"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}, "gesloten"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "minstens vier punten"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, "x"], [1, 1], [0, 0]]]}, "paar getallen"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}, "niet op aarde"),
        ({"type": "FeatureCollection", "features": []}, "leeg"),
    ],
)
def test_a_bad_boundary_is_refused_with_the_reason(data, message):
    with pytest.raises(ValidationError, match=message):
        geo.parse_area(data)
    with pytest.raises(ValidationError, match="GeoJSON"):
        geo.load_area_file("{niet: json")


def test_the_admin_refuses_a_bad_boundary(db):
    with pytest.raises(ValidationError) as error:
        MeldingenConfig(pk=1, boundary={"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}).full_clean()
    assert "boundary" in error.value.message_dict


def test_the_server_refuses_a_point_outside_the_boundary_even_inside_the_box(make_intake):
    lat, lon = OUTSIDE_POLYGON_INSIDE_BOX
    with pytest.raises(ValidationError) as error:
        services.create_melding(make_intake(location=services.Location(lat=lat, lon=lon)))
    assert "buiten de gemeente" in error.value.message_dict["lat"][0]
    assert Melding.objects.count() == 0
    assert services.create_melding(make_intake()).melding.pk  # the centre of the demo municipality


def test_the_area_is_served_as_geojson(client, demo):
    response = client.get(reverse("melden:map-area"))
    assert response.status_code == 200
    area = geo.parse_area(response.json())
    assert area.contains(51.9225, 4.4792) and not area.contains(*OUTSIDE_POLYGON_INSIDE_BOX)
    MeldingenConfig.objects.filter(pk=1).update(boundary=None)  # without a boundary: the bounding box
    box = client.get(reverse("melden:map-area")).json()
    assert box["type"] == "Polygon" and box["coordinates"][0][0] == [4.35, 51.85]


# --- Address search through the stand-in ------------------------------------------------------------


def test_suggestions_are_buttons_and_ask_only_what_the_specification_allows(client, demo, geocoder):
    response = client.get(reverse("melden:address-suggestions"), {"adres": "  kerkstraat   1 "})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-address-id=") == 2
    assert 'data-address-id="adr-kerkstraat-12"' in html and "Kerkstraat 12, 3011BA Rotterdam" in html
    (params,) = geocoder.calls("suggest")
    assert params == {"q": ["kerkstraat 1"], "fq": ["type:adres"], "rows": ["7"]}


def test_an_emptied_search_field_clears_the_suggestions(client, demo, geocoder):
    response = client.get(reverse("melden:address-suggestions"), {"adres": "  "})
    assert response.status_code == 200 and "<li>" not in response.content.decode()
    assert "errorlist" not in response.content.decode() and geocoder.requests == []


def test_suggestions_without_a_match_say_so(client, demo, geocoder):
    response = client.get(reverse("melden:address-suggestions"), {"adres": "Nergensstraat"})
    assert response.status_code == 200
    assert "Geen adres gevonden" in response.content.decode()


def test_a_configured_filter_is_passed_on(client, demo, geocoder, settings):
    settings.KCC_GEOCODER_FILTER = "gemeentenaam:Rotterdam"
    client.get(reverse("melden:address-suggestions"), {"adres": "coolsingel"})
    assert geocoder.calls("suggest")[0]["fq"] == ["type:adres", "gemeentenaam:Rotterdam"]


@pytest.mark.parametrize(("query", "message"), [("ab", "minstens 3 tekens"), ("x" * 101, "hoogstens 100 tekens")])
def test_a_too_short_or_long_query_is_refused_without_asking_pdok(client, demo, geocoder, query, message):
    response = client.get(reverse("melden:address-suggestions"), {"adres": query})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert geocoder.requests == []


@pytest.mark.parametrize(
    ("mode", "message"), [("down", "werkt nu niet"), ("garbage", "onverwacht"), ("odd", "onverwacht")]
)
def test_a_failing_locatieserver_gives_a_way_forward(client, demo, geocoder, mode, message):
    geocoder.mode = mode
    response = client.get(reverse("melden:address-suggestions"), {"adres": "coolsingel"})
    assert response.status_code == 502
    assert message in response.content.decode() and "Vul het adres zelf in" in response.content.decode()
    lookup = client.get(reverse("melden:address-lookup"), {"id": "adr-coolsingel-40"})
    assert lookup.status_code == 502 and message in lookup.json()["error"]


def test_an_unreachable_locatieserver_gives_a_way_forward(client, demo, settings):
    settings.KCC_GEOCODER_URL = "http://127.0.0.1:9"  # nothing listens
    response = client.get(reverse("melden:address-suggestions"), {"adres": "coolsingel"})
    assert response.status_code == 502 and "werkt nu niet" in response.content.decode()


def test_lookup_gives_the_address_its_point_and_whether_it_is_inside(client, demo, geocoder):
    response = client.get(reverse("melden:address-lookup"), {"id": "adr-coolsingel-40"})
    assert response.status_code == 200
    assert response.json() == {
        "address": {
            "id": "adr-coolsingel-40",
            "label": "Coolsingel 40, 3011AD Rotterdam",
            "street": "Coolsingel",
            "house_number": "40",
            "postcode": "3011 AD",
            "city": "Rotterdam",
            "lat": 51.9225,
            "lon": 4.4792,
        },
        "inside": True,
    }
    assert geocoder.calls("lookup") == [{"id": ["adr-coolsingel-40"]}]
    amsterdam = client.get(reverse("melden:address-lookup"), {"id": "adr-dam-1"}).json()
    assert amsterdam["inside"] is False and amsterdam["address"]["city"] == "Amsterdam"


@pytest.mark.parametrize("identifier", ["", "../../etc", "adr-bestaat-niet"])
def test_lookup_of_a_bad_or_unknown_id_is_refused(client, demo, geocoder, identifier):
    response = client.get(reverse("melden:address-lookup"), {"id": identifier})
    assert response.status_code == 400
    assert response.json() == {"error": "Dit adres bestaat niet. Zoek het opnieuw."}


def test_reverse_fills_the_nearest_address_inside_and_asks_nothing_outside(client, demo, geocoder):
    url = reverse("melden:address-reverse")
    near = client.get(url, {"lat": "51.92252", "lon": "4.47925"}).json()
    assert near["inside"] is True and near["address"]["street"] == "Coolsingel"
    assert geocoder.calls("reverse") == [{"lat": ["51.922520"], "lon": ["4.479250"], "type": ["adres"], "rows": ["1"]}]
    park = client.get(url, {"lat": "51.95", "lon": "4.45"}).json()  # inside, but no address within 75 m
    assert park == {"inside": True, "address": None}
    geocoder.requests.clear()
    outside = client.get(url, {"lat": OUTSIDE_POLYGON_INSIDE_BOX[0], "lon": OUTSIDE_POLYGON_INSIDE_BOX[1]}).json()
    assert outside == {"inside": False, "address": None} and geocoder.requests == []


@pytest.mark.parametrize("params", [{}, {"lat": "abc", "lon": "4.4"}, {"lat": "91", "lon": "4.4"}, {"lat": "51.9"}])
def test_reverse_refuses_a_bad_point(client, demo, geocoder, params):
    response = client.get(reverse("melden:address-reverse"), params)
    assert response.status_code == 400 and "breedtegraad" in response.json()["error"]


def test_address_search_is_rate_limited_per_address(client, demo, geocoder, settings, one_rate_window):
    settings.KCC_ADDRESS_SEARCH_PER_MINUTE = 2
    url = reverse("melden:address-suggestions")
    assert [client.get(url, {"adres": "coolsingel"}).status_code for _ in range(3)] == [200, 200, 429]
    assert len(geocoder.calls("suggest")) == 2


# --- The pages --------------------------------------------------------------------------------------


def test_the_form_page_lets_the_tiles_in_and_works_as_a_plain_form(client, demo, geocoder, category):
    response = client.get(reverse("melden:form"))
    assert geocoder.url in response["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    html = response.content.decode()
    assert f'data-tiles="{geocoder.tile_url}"' in html and 'id="id_street"' in html and 'id="id_lat"' in html
    other = client.get("/kennisbank/")
    assert geocoder.url not in other["Content-Security-Policy"]  # only pages with a map load tiles
    # Without JavaScript the address fields alone make a melding (the map and search are extras).
    posted = client.post(
        reverse("melden:form"),
        {"category": category.code, "description": "Losse tegel", "street": "Coolsingel", "feedback": "geen"},
    )
    assert posted.status_code == 302 and Melding.objects.get().street == "Coolsingel"


def test_the_list_shows_meldingen_with_a_place_on_the_map(client, make_user, make_intake, demo):
    client.force_login(make_user(Role.TEAMLEADER))

    def queries_of_list() -> tuple[int, list]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("meldingen:list"))
        found = re.search(r'id="kaart-markers" type="application/json">(.*?)</script>', response.content.decode())
        return len(queries), json.loads(found.group(1))

    services.create_melding(make_intake(location=services.Location(lat=51.92, lon=4.48)))
    queries_of_list()  # the working-day calendar is cached per process after the first page
    one_count, _ = queries_of_list()
    for index in range(1, 3):
        services.create_melding(make_intake(location=services.Location(lat=51.92 + index / 1000, lon=4.48)))
    services.create_melding(make_intake(location=services.Location(street="Kerkstraat")))
    count, markers = queries_of_list()
    assert count == one_count  # no query per melding
    assert len(markers) == 3
    assert {marker["url"] for marker in markers} == {
        reverse("meldingen:detail", args=[melding.number]) for melding in Melding.objects.exclude(lat=None)
    }
