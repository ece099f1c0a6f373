"""A small Open Zaak look-alike on loopback: the Zaken API endpoints KCC reads, JWT-checked,
every response validated against the vendored fragment of the published OpenAPI before it is sent."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jsonschema
import yaml

FRAGMENT = Path(__file__).parent / "schemas" / "zaken-api-fragment.yaml"
PAGE_SIZE = 2


def _json_schema(node):
    """OpenAPI 3.0 schema → JSON Schema: ``nullable`` becomes a null alternative, objects are closed."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items() if key not in ("example", "readOnly")}
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def validator_for(component: str) -> jsonschema.Validator:
    spec = yaml.safe_load(FRAGMENT.read_text())
    root = {"components": _json_schema(spec["components"]), "$ref": f"#/components/schemas/{component}"}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class ZgwStub:
    def __init__(self, client_id: str, secret: str) -> None:
        self.client_id, self.secret = client_id, secret
        self.zaken: list[dict] = []
        self.bsn_of: dict[str, str] = {}
        self.statussen: list[dict] = []
        self.resultaten: dict[str, dict] = {}
        self.catalogus: dict[str, dict] = {}
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.validators = {
            name: validator_for(name) for name in ("PaginatedZaakList", "PaginatedStatusList", "Status", "Resultaat")
        }
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.zaken_url = f"{self.base}/zaken/api/v1"

    # --- data ---------------------------------------------------------------------------------

    def catalogue(self, kind: str, omschrijving: str) -> str:
        url = f"{self.base}/catalogi/api/v1/{kind}/{uuid.uuid4()}"
        self.catalogus[urlparse(url).path] = {"url": url, "omschrijving": omschrijving}
        return url

    def add_zaak(
        self,
        *,
        bsn: str,
        identificatie: str,
        zaaktype: str,
        startdatum: str,
        uiterlijk: str | None,
        statussen: list[tuple[str, str]],
        resultaat: str = "",
        opschorting: str = "",
    ) -> dict:
        zaak_uuid = str(uuid.uuid4())
        zaak = {
            "url": f"{self.zaken_url}/zaken/{zaak_uuid}",
            "uuid": zaak_uuid,
            "identificatie": identificatie,
            "bronorganisatie": "002220647",
            "omschrijving": f"Aanvraag {zaaktype.lower()}",
            "toelichting": "",
            "zaaktype": self.catalogue("zaaktypen", zaaktype),
            "registratiedatum": startdatum,
            "verantwoordelijkeOrganisatie": "002220647",
            "startdatum": startdatum,
            "einddatum": statussen[-1][0][:10] if resultaat else None,
            "einddatumGepland": None,
            "uiterlijkeEinddatumAfdoening": uiterlijk,
            "publicatiedatum": None,
            "productenOfDiensten": [],
            "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            "betalingsindicatie": "",
            "betalingsindicatieWeergave": "",
            "laatsteBetaaldatum": None,
            "verlenging": None,
            "opschorting": {"indicatie": bool(opschorting), "reden": opschorting},
            "hoofdzaak": None,
            "deelzaken": [],
            "eigenschappen": [],
            "rollen": [],
            "status": None,
            "zaakinformatieobjecten": [],
            "zaakobjecten": [],
            "archiefstatus": "nog_te_archiveren",
            "archiefactiedatum": None,
            "resultaat": None,
            "opdrachtgevendeOrganisatie": "",
        }
        for moment, toelichting in statussen:
            status_uuid = str(uuid.uuid4())
            status = {
                "url": f"{self.zaken_url}/statussen/{status_uuid}",
                "uuid": status_uuid,
                "zaak": zaak["url"],
                "statustype": self.catalogue("statustypen", toelichting or "Status"),
                "datumStatusGezet": moment,
                "statustoelichting": toelichting,
                "indicatieLaatstGezetteStatus": False,
                "gezetdoor": None,
                "zaakinformatieobjecten": [],
            }
            self.statussen.append(status)
            zaak["status"] = status["url"]
        if resultaat:
            resultaat_uuid = str(uuid.uuid4())
            zaak["resultaat"] = f"{self.zaken_url}/resultaten/{resultaat_uuid}"
            self.resultaten[resultaat_uuid] = {
                "url": zaak["resultaat"],
                "uuid": resultaat_uuid,
                "zaak": zaak["url"],
                "resultaattype": self.catalogue("resultaattypen", resultaat),
                "toelichting": "",
            }
        self.zaken.append(zaak)
        self.bsn_of[zaak["url"]] = bsn
        return zaak

    # --- HTTP ---------------------------------------------------------------------------------

    def _authorised(self, header: str) -> bool:
        if not header.startswith("Bearer "):
            return False
        try:
            head, payload, signature = header[7:].split(".")
            expected = hmac.new(self.secret.encode(), f"{head}.{payload}".encode(), hashlib.sha256).digest()
            claims = json.loads(_unb64(payload))
            header_claims = json.loads(_unb64(head))
        except ValueError:
            return False
        return (
            hmac.compare_digest(expected, _unb64(signature))
            and header_claims.get("alg") == "HS256"
            and claims.get("iss") == claims.get("client_id") == self.client_id
            and isinstance(claims.get("iat"), int)
        )

    def _page(self, items: list[dict], url: str, query: dict) -> dict:
        page = int(query.get("page", ["1"])[0])
        start = (page - 1) * PAGE_SIZE
        rest = {key: values[0] for key, values in query.items() if key != "page"}
        base = url.split("?")[0] + "?" + "&".join(f"{k}={v}" for k, v in rest.items())
        return {
            "count": len(items),
            "next": f"{base}&page={page + 1}" if start + PAGE_SIZE < len(items) else None,
            "previous": f"{base}&page={page - 1}" if page > 1 else None,
            "results": items[start : start + PAGE_SIZE],
        }

    def answer(self, path: str, query: dict) -> tuple[int, dict, str | None]:
        if path == "/zaken/api/v1/zaken":
            bsn = query.get("rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn", [None])[0]
            ident = query.get("identificatie", [None])[0]
            found = [
                z
                for z in self.zaken
                if (bsn is None or self.bsn_of[z["url"]] == bsn) and (ident is None or z["identificatie"] == ident)
            ]
            found.sort(key=lambda z: z["startdatum"], reverse=True)
            return 200, self._page(found, f"{self.zaken_url}/zaken", query), "PaginatedZaakList"
        if path == "/zaken/api/v1/statussen":
            zaak = query.get("zaak", [None])[0]
            found = [s for s in self.statussen if zaak is None or s["zaak"] == zaak]
            return 200, self._page(found, f"{self.zaken_url}/statussen", query), "PaginatedStatusList"
        if path.startswith("/zaken/api/v1/statussen/"):
            found = [s for s in self.statussen if s["uuid"] == path.rsplit("/", 1)[1]]
            return (200, found[0], "Status") if found else (404, {"detail": "Niet gevonden."}, None)
        if path.startswith("/zaken/api/v1/resultaten/"):
            resultaat = self.resultaten.get(path.rsplit("/", 1)[1])
            return (200, resultaat, "Resultaat") if resultaat else (404, {"detail": "Niet gevonden."}, None)
        if path in self.catalogus:
            return 200, self.catalogus[path], None
        return 404, {"detail": "Niet gevonden."}, None

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stub.requests.append(self.path)
                if not stub._authorised(self.headers.get("Authorization", "")):
                    self._send(401, {"detail": "Authenticatiegegevens zijn niet opgegeven."})
                    return
                parsed = urlparse(self.path)
                status, body, component = stub.answer(parsed.path, parse_qs(parsed.query))
                if component:
                    problems = [error.message for error in stub.validators[component].iter_errors(body)]
                    if problems:
                        stub.errors.extend(problems)
                        self._send(500, {"detail": "stub answer violates the published schema"})
                        return
                self._send(status, body)

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
