"""A stand-in of the PDOK Locatieserver v3.1 (and a tile server) on loopback, for the map's tests.

It answers ``suggest``, ``lookup``, ``reverse`` and ``free`` in the documented shape
(https://api.pdok.nl/bzk/locatieserver/search/v3_1/ui/, github.com/PDOK/locatieserver/wiki):
``{"response": {"numFound", "start", "maxScore", "numFoundExact", "docs": [...]}}``, and it refuses
what the real service refuses: a parameter that is not in the specification (release 3.1, point 3),
a missing ``q`` on ``suggest`` or ``id`` on ``lookup``, a malformed number. Every request is kept in
``requests`` so tests can assert what KCC asked. ``mode`` switches on failures: ``"down"`` (500),
``"garbage"`` (HTML instead of JSON), ``"odd"`` (JSON without the fields KCC needs).
"""

from __future__ import annotations

import base64
import json
import math
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ALLOWED = {
    "suggest": {"q", "fl", "fq", "sort", "qf", "bq", "rows", "start", "wt", "lat", "lon"},
    "free": {"q", "fl", "fq", "sort", "qf", "bq", "rows", "start", "wt", "lat", "lon", "df"},
    "lookup": {"id", "fl", "wt"},
    "reverse": {"lat", "lon", "X", "Y", "type", "distance", "fq", "fl", "rows", "start", "wt"},
}
# One grey 1x1 PNG: Leaflet stretches it over the 256 px tile.
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGPo6AAAAuQBcYKzrUcAAAAASUVORK5CYII=")


def _address(identifier, street, number, postcode, city, lon, lat) -> dict:
    return {
        "id": identifier,
        "type": "adres",
        "weergavenaam": f"{street} {number}, {postcode} {city}",
        "straatnaam": street,
        "huisnummer": int(number),
        "huisletter": "",
        "postcode": postcode,
        "woonplaatsnaam": city,
        "gemeentenaam": city,
        "centroide_ll": f"POINT({lon} {lat})",
        "centroide_rd": "POINT(92800 437500)",
    }


ADDRESSES = [
    _address("adr-coolsingel-40", "Coolsingel", "40", "3011AD", "Rotterdam", 4.4792, 51.9225),
    _address("adr-kerkstraat-12", "Kerkstraat", "12", "3011BA", "Rotterdam", 4.4830, 51.9210),
    _address("adr-kerkstraat-14", "Kerkstraat", "14", "3011BA", "Rotterdam", 4.4833, 51.9211),
    _address("adr-dam-1", "Dam", "1", "1012JS", "Amsterdam", 4.8926, 52.3731),
]


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * 111_320 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, (lat2 - lat1) * 111_320)


def _point(doc: dict) -> tuple[float, float]:
    lon, lat = re.match(r"POINT\((\S+) (\S+)\)", doc["centroide_ll"]).groups()
    return float(lat), float(lon)


class Locatieserver:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        self.mode = ""
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.tile_url = self.url + "/tiles/{z}/{x}/{y}.png"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> Locatieserver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def calls(self, endpoint: str) -> list[dict[str, list[str]]]:
        return [params for name, params in self.requests if name == endpoint]

    def answer(self, endpoint: str, params: dict[str, list[str]]) -> tuple[int, dict]:
        unknown = set(params) - ALLOWED[endpoint]
        if unknown:
            return 400, {"message": f"unknown query parameter(s): {sorted(unknown)}"}
        one = {key: values[-1] for key, values in params.items()}
        rows = int(one.get("rows", "10")) if one.get("rows", "10").isdigit() else -1
        if not 0 < rows <= 100:
            return 400, {"message": "rows must be between 1 and 100"}
        if endpoint in ("suggest", "free"):
            query = one.get("q", "").lower()
            if endpoint == "suggest" and not query:
                return 400, {"message": "q is required"}
            words = query.split()
            docs = [doc for doc in ADDRESSES if all(word in doc["weergavenaam"].lower() for word in words)]
            if endpoint == "suggest":
                docs = [{k: d[k] for k in ("id", "type", "weergavenaam")} | {"score": 10.0} for d in docs]
        elif endpoint == "lookup":
            if not one.get("id"):
                return 400, {"message": "id is required"}
            docs = [doc for doc in ADDRESSES if doc["id"] == one["id"]]
        else:
            try:
                lat, lon = float(one["lat"]), float(one["lon"])
            except (KeyError, ValueError):
                return 400, {"message": "lat and lon are required numbers"}
            ranked = sorted(((_distance_m(lat, lon, *_point(doc)), doc) for doc in ADDRESSES), key=lambda x: x[0])
            docs = [
                {
                    "type": "adres",
                    "weergavenaam": doc["weergavenaam"],
                    "id": doc["id"],
                    "score": 1.0,
                    "afstand": round(d, 1),
                }
                for d, doc in ranked
            ]
        docs = docs[:rows]
        return 200, {
            "response": {"numFound": len(docs), "start": 0, "maxScore": 10.0, "numFoundExact": True, "docs": docs}
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if re.fullmatch(r"/tiles/\d+/\d+/\d+\.png", parts.path):
                    self._send(200, TILE, "image/png")
                    return
                endpoint = parts.path.rsplit("/", 1)[-1]
                if endpoint not in ALLOWED:
                    self._send(404, b'{"message": "not found"}', "application/json")
                    return
                params = parse_qs(parts.query, keep_blank_values=True)
                standin.requests.append((endpoint, params))
                if standin.mode == "down":
                    self._send(500, b"Internal Server Error", "text/plain")
                elif standin.mode == "garbage":
                    self._send(200, b"<html>onderhoud</html>", "text/html")
                elif standin.mode == "odd":
                    self._send(200, json.dumps({"response": {"docs": [{"id": 7}]}}).encode(), "application/json")
                else:
                    status, body = standin.answer(endpoint, params)
                    self._send(status, json.dumps(body).encode(), "application/json")

        return Handler
