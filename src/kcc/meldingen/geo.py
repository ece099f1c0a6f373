"""Where a melding is: the municipality's area and the address search (PDOK Locatieserver).

The area is a GeoJSON polygon (or multipolygon) the beheerder configures; without one the
bounding box of :mod:`kcc.meldingen.config` applies. The same check runs in the browser (the map
says at once that a point lies outside) and in :func:`kcc.meldingen.services.validate_intake`.

Address search goes through our own server rather than from the browser to PDOK: the citizen's
address never reaches a third party with his IP address, the answers are checked here (a broken or
changed answer gives a clear message, never a crash), and the Content-Security-Policy stays
``connect-src 'self'``.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ValidationError

from kcc.meldingen.config import BoundingBox, bounding_box
from kcc.meldingen.models import MeldingenConfig

Ring = list[tuple[float, float]]  # (lon, lat) pairs, GeoJSON order
POINT = re.compile(r"^POINT\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)$")
MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 3
SUGGESTIONS = 7
REVERSE_MAX_DISTANCE_M = 75


# --- The municipality's area ----------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """A multipolygon: each polygon an outer ring and its holes."""

    polygons: tuple[tuple[Ring, ...], ...]

    def contains(self, lat: float, lon: float) -> bool:
        return any(
            _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, hole) for hole in rings[1:])
            for rings in self.polygons
        )

    def as_geojson(self) -> dict[str, Any]:
        coordinates = [[[list(point) for point in [*ring, ring[0]]] for ring in rings] for rings in self.polygons]
        return {"type": "MultiPolygon", "coordinates": coordinates}


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    """Even-odd rule: a ray to the east crosses the ring's edges an odd number of times."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _ring(raw: Any) -> Ring:
    if not isinstance(raw, list) or len(raw) < 4:
        raise ValidationError("Een grens heeft minstens vier punten (het laatste gelijk aan het eerste).")
    ring = []
    for point in raw:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(value, int | float) and not isinstance(value, bool) for value in point[:2])
        ):
            raise ValidationError("Elk punt van de grens is een paar getallen: [lengtegraad, breedtegraad].")
        lon, lat = float(point[0]), float(point[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(f"Het punt [{lon}, {lat}] ligt niet op aarde (lengtegraad, breedtegraad).")
        ring.append((lon, lat))
    if ring[0] != ring[-1]:
        raise ValidationError("Een grens moet gesloten zijn: het laatste punt is gelijk aan het eerste.")
    return ring[:-1]


def parse_area(data: Any) -> Area:
    """An :class:`Area` from GeoJSON: a (Multi)Polygon, a Feature or a FeatureCollection of them."""
    if not isinstance(data, dict):
        raise ValidationError("De gemeentegrens moet een GeoJSON-object zijn.")
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or not features:
            raise ValidationError("De FeatureCollection van de gemeentegrens is leeg.")
        return Area(tuple(polygon for feature in features for polygon in parse_area(feature).polygons))
    if kind == "Feature":
        return parse_area(data.get("geometry"))
    coordinates = data.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        raise ValidationError("De gemeentegrens moet een Polygon of MultiPolygon zijn (GeoJSON).")
    if not isinstance(polygons, list) or not polygons or not all(isinstance(p, list) and p for p in polygons):
        raise ValidationError("De gemeentegrens heeft geen coördinaten.")
    return Area(tuple(tuple(_ring(ring) for ring in polygon) for polygon in polygons))


def municipality_area(config: MeldingenConfig) -> Area | BoundingBox:
    """The configured boundary, else the bounding box (both answer ``contains(lat, lon)``)."""
    if config.boundary:
        return parse_area(config.boundary)
    return bounding_box(config)


def area_geojson(config: MeldingenConfig) -> dict[str, Any]:
    area = municipality_area(config)
    if isinstance(area, Area):
        return area.as_geojson()
    box = area
    ring = [
        [box.min_lon, box.min_lat],
        [box.max_lon, box.min_lat],
        [box.max_lon, box.max_lat],
        [box.min_lon, box.max_lat],
        [box.min_lon, box.min_lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def load_area_file(text: str) -> dict[str, Any]:
    """Parse and check a GeoJSON file's text; the value to store as ``MeldingenConfig.boundary``."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ValidationError(f"Dit is geen geldige GeoJSON: {error}.") from None
    parse_area(data)
    return data


# --- Address search: PDOK Locatieserver v3.1 ------------------------------------------------------


class GeocoderError(Exception):
    """The address search could not answer; the message is for the user."""


@dataclass(frozen=True)
class Suggestion:
    id: str
    label: str


@dataclass(frozen=True)
class Address:
    id: str
    label: str
    street: str
    house_number: str
    postcode: str
    city: str
    lat: float
    lon: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


UNAVAILABLE = "De adreszoeker werkt nu niet. Vul het adres zelf in of zet een punt op de kaart."
UNEXPECTED = "De adreszoeker gaf een onverwacht antwoord. Vul het adres zelf in of zet een punt op de kaart."


def _get(endpoint: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``response.docs`` of one Locatieserver call, checked."""
    url = f"{settings.KCC_GEOCODER_URL.rstrip('/')}/{endpoint}"
    try:
        response = requests.get(
            url, params=params, timeout=settings.KCC_GEOCODER_TIMEOUT, headers={"Accept": "application/json"}
        )
    except requests.RequestException:
        raise GeocoderError(UNAVAILABLE) from None
    if response.status_code != 200:
        raise GeocoderError(UNAVAILABLE)
    try:
        docs = response.json()["response"]["docs"]
    except (ValueError, KeyError, TypeError):
        raise GeocoderError(UNEXPECTED) from None
    if not isinstance(docs, list) or not all(isinstance(doc, dict) for doc in docs):
        raise GeocoderError(UNEXPECTED)
    return docs


def _text(doc: dict[str, Any], key: str) -> str:
    value = doc.get(key, "")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise GeocoderError(UNEXPECTED)
    return value.strip()


def clean_query(query: str) -> str:
    query = " ".join(query.split())
    if len(query) < MIN_QUERY_LENGTH:
        raise ValidationError(f"Typ minstens {MIN_QUERY_LENGTH} tekens van het adres.")
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(f"Typ hoogstens {MAX_QUERY_LENGTH} tekens.")
    return query


def suggest(query: str) -> list[Suggestion]:
    """Addresses that match what was typed so far (the Locatieserver's ``suggest``)."""
    params: dict[str, Any] = {"q": clean_query(query), "fq": ["type:adres"], "rows": SUGGESTIONS}
    if settings.KCC_GEOCODER_FILTER:
        params["fq"].append(settings.KCC_GEOCODER_FILTER)
    suggestions = []
    for doc in _get("suggest", params):
        identifier, label = _text(doc, "id"), _text(doc, "weergavenaam")
        if not identifier or not label:
            raise GeocoderError(UNEXPECTED)
        suggestions.append(Suggestion(identifier, label))
    return suggestions


def _address(doc: dict[str, Any]) -> Address:
    match = POINT.match(_text(doc, "centroide_ll"))
    if not match:
        raise GeocoderError(UNEXPECTED)
    number = _text(doc, "huisnummer") + _text(doc, "huisletter")
    if addition := _text(doc, "huisnummertoevoeging"):
        number = f"{number}-{addition}"
    postcode = _text(doc, "postcode")
    if re.fullmatch(r"\d{4}[A-Z]{2}", postcode):
        postcode = f"{postcode[:4]} {postcode[4:]}"
    return Address(
        id=_text(doc, "id"),
        label=_text(doc, "weergavenaam"),
        street=_text(doc, "straatnaam"),
        house_number=number,
        postcode=postcode,
        city=_text(doc, "woonplaatsnaam"),
        lon=float(match.group(1)),
        lat=float(match.group(2)),
    )


def lookup(identifier: str) -> Address:
    """The full address of a suggestion (the Locatieserver's ``lookup``)."""
    identifier = identifier.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,80}", identifier):
        raise ValidationError("Dit adres bestaat niet. Zoek het opnieuw.")
    docs = _get("lookup", {"id": identifier})
    if not docs:
        raise ValidationError("Dit adres bestaat niet. Zoek het opnieuw.")
    return _address(docs[0])


def reverse(lat: float, lon: float) -> Address | None:
    """The address nearest to a point on the map, or None when there is none close by."""
    docs = _get("reverse", {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "type": "adres", "rows": 1})
    if not docs:
        return None
    distance = docs[0].get("afstand", 0)
    if not isinstance(distance, int | float) or isinstance(distance, bool):
        raise GeocoderError(UNEXPECTED)
    # A point in a park or on the water: an address 300 m away would mislead the back office.
    if distance > REVERSE_MAX_DISTANCE_M:
        return None
    return lookup(_text(docs[0], "id"))
