"""A spec-validating stand-in of any Common Ground API, on loopback, for tests.

Built from one of the official OpenAPI documents in ``shared/specs/common-ground/``, it checks
EVERY request KCC sends (path, method, query, headers including authentication, body) and EVERY
response its handlers return against that document (with ``openapi-core``), and records each
violation; :meth:`SpecStandIn.assert_clean` fails the test on any. A request the spec rejects is
answered 400, as the real server would.

Use::

    from kcc.integraties.testing import SpecStandIn, Store

    @pytest.fixture(scope="module")
    def standin():
        api = SpecStandIn("klantinteracties-openapi.yaml", headers={"Authorization": "Token geheim"})
        # headers: exact values every request must carry; check=f(call) -> [problems] for more (a JWT)
        store = Store(api)

        @api.handler("klantcontactenCreate")
        def create(call):
            return 201, store.create("klantcontacten", call.body, {"hadBetrokkenen": [], ...})

        with api:                      # starts the thread; stops and closes on exit
            yield api

    def test_something(standin, settings):
        settings.KCC_KLANTINTERACTIES_URL = standin.base_url   # http://127.0.0.1:<port>/klantinteracties/api/v1
        ...
        standin.assert_clean()         # no request or response outside the spec
        assert [c.operation_id for c in standin.calls] == [...]

Faults, for outage tests (each consumes one matching call; ``operation`` limits them to one operationId):

* ``api.fail(times=2, status=503)``: answer 503 (a problem+json body) N times;
* ``api.hang(times=1, seconds=2)``: wait longer than the client's time-out before answering;
* ``api.html(times=1, status=200)``: answer an HTML page (a proxy's error or log-in page).

A handler gets a :class:`Call` (operation_id, method, path, path_params, query, headers, body)
and returns ``(status, body)`` or ``(status, body, headers)``; an operation without a handler
answers 501 and counts as a violation. One normalisation is applied to the documents: a nullable
reference (``allOf: [$ref]`` + ``nullable``) accepts ``null``, as the real servers do; a reference into
another API's document (Zaken → Catalogi) accepts any value; a URL filter the Open Zaak document
types as ``integer`` (``statussen?zaak=``) takes a URL, as the server does.
:meth:`reset` clears calls, violations and faults between tests when the stand-in is shared by a module.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.paths.finders import APICallPathFinder
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

SPECS = Path("shared") / "specs" / "common-ground"


def spec_path(name: str | Path) -> Path:
    """A spec by file name: from ``KCC_SPECS_DIR``, ``$KCC_SHARED_DIR/specs/common-ground``, or the
    ``shared/`` beside the checkout (or beside any folder above it, e.g. a worktree's)."""
    path = Path(name)
    if path.is_absolute():
        return path
    candidates = [Path(os.environ["KCC_SPECS_DIR"])] if os.environ.get("KCC_SPECS_DIR") else []
    if os.environ.get("KCC_SHARED_DIR"):
        candidates.append(Path(os.environ["KCC_SHARED_DIR"]) / "specs" / "common-ground")
    candidates += [parent / SPECS for parent in Path(__file__).resolve().parents]
    for directory in candidates:
        if (directory / path).exists():
            return directory / path
    raise FileNotFoundError(f"OpenAPI document {name} not found (set KCC_SPECS_DIR)")


def _nullable_refs(node: Any, document: dict) -> Any:
    """``{allOf: [$ref], nullable: true}`` (how drf-spectacular writes a nullable reference) → the
    referenced schema with ``nullable: true``: what the servers accept, and what openapi-core would
    otherwise reject for ``null`` (it applies ``nullable`` to the wrapper, not the reference)."""
    if isinstance(node, list):
        return [_nullable_refs(item, document) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_refs(value, document) for key, value in node.items()}
    if isinstance(node.get("$ref"), str) and not node["$ref"].startswith("#"):
        # A schema of another API's document (the Zaken API points into the Catalogi API): not
        # fetched (no network in tests), accepted as any value.
        return {}
    parts = node.get("allOf")
    if node.get("nullable") and isinstance(parts, list) and len(parts) == 1 and "$ref" in parts[0]:
        target = document
        for step in parts[0]["$ref"].lstrip("#/").split("/"):
            target = target[step]
        node = {**target, **{key: value for key, value in node.items() if key != "allOf"}}
    return node


def _url_filters_are_strings(paths: dict) -> None:
    """Erratum of the Open Zaak documents: a filter on a related resource (``statussen?zaak=``) is
    typed ``integer`` although its description, the standard and the server take a URL."""
    for item in paths.values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                described = str(parameter.get("description", "")).startswith("URL-referentie")
                if described and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"] = {"type": "string", "format": "uri"}


@cache
def _load(path: Path) -> tuple[dict, OpenAPI, str]:
    """The parsed spec, its validator and the server's base path (a server URL made host-free)."""
    document = yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    document["paths"] = _nullable_refs(document["paths"], document)
    document["components"] = _nullable_refs(document["components"], document)
    _url_filters_are_strings(document["paths"])
    base_path = urlparse(document.get("servers", [{"url": "/"}])[0]["url"]).path.rstrip("/")
    # Absolute server URLs (BRP) would only match their own host: serve the same path on loopback.
    document["servers"] = [{"url": base_path or "/"}]
    # Problem details (RFC 7807) are JSON too: read them so their schema is checked, not skipped as bytes.
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return document, OpenAPI.from_dict(document, config=config), base_path


@dataclass
class Call:
    operation_id: str
    method: str
    path: str
    path_params: dict[str, Any]
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class _Fault:
    kind: str
    times: int
    status: int = 503
    seconds: float = 0.0
    operation: str | None = None


@dataclass
class SpecStandIn:
    spec: str | Path
    headers: dict[str, str] = field(default_factory=dict)
    check: Callable[[Call], list[str]] | None = None
    calls: list[Call] = field(default_factory=list, init=False)
    violations: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.document, self.openapi, self.base_path = _load(spec_path(self.spec))
        self.finder = APICallPathFinder(self.openapi.spec)
        self.handlers: dict[str, Callable[[Call], tuple]] = {}
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self.server = make_server("127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_QuietHandler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.base_url = f"{self.origin}{self.base_path}"
        self._thread: threading.Thread | None = None

    # --- set-up -------------------------------------------------------------------------------

    def handler(self, operation_id: str) -> Callable:
        """Decorator: ``@api.handler("klantcontactenCreate")``; the id must exist in the spec."""
        if operation_id not in self.operation_ids():
            raise KeyError(f"{operation_id} is not an operation of {self.spec}")

        def register(function: Callable[[Call], tuple]) -> Callable[[Call], tuple]:
            self.handlers[operation_id] = function
            return function

        return register

    def operation_ids(self) -> set[str]:
        return {
            operation["operationId"]
            for item in self.document["paths"].values()
            for method, operation in item.items()
            if isinstance(operation, dict) and "operationId" in operation
        }

    def fail(self, times: int = 1, *, status: int = 503, operation: str | None = None) -> None:
        self._faults.append(_Fault("status", times, status=status, operation=operation))

    def hang(self, times: int = 1, *, seconds: float = 2.0, operation: str | None = None) -> None:
        self._faults.append(_Fault("hang", times, seconds=seconds, operation=operation))

    def html(self, times: int = 1, *, status: int = 200, operation: str | None = None) -> None:
        self._faults.append(_Fault("html", times, status=status, operation=operation))

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.violations.clear()
            self._faults.clear()

    def assert_clean(self) -> None:
        assert not self.violations, "stand-in saw requests or responses outside the spec:\n" + "\n".join(
            self.violations
        )

    def called(self, operation_id: str) -> list[Call]:
        return [call for call in self.calls if call.operation_id == operation_id]

    # --- life cycle ---------------------------------------------------------------------------

    def start(self) -> SpecStandIn:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> SpecStandIn:
        return self.start()

    def __exit__(self, *args: Any) -> None:
        self.stop()

    # --- serving ------------------------------------------------------------------------------

    def _wsgi(self, environ: dict, start_response: Callable) -> Any:
        request = Request(environ)
        response = self._answer(request)
        return response(environ, start_response)

    def _violation(self, text: str) -> None:
        with self._lock:
            self.violations.append(text)

    def _answer(self, request: Request) -> Response:
        label = f"{request.method} {request.full_path.rstrip('?')}"
        try:
            found = self.finder.find(request.method.lower(), f"{self.origin}{request.path}")
        except PathError as error:
            self._violation(f"{label}: no such operation in the spec ({type(error).__name__})")
            return _json(404, {"detail": "Niet gevonden."})
        operation_id = found.operation["operationId"]
        body = None
        if request.get_data():
            try:
                body = json.loads(request.get_data())
            except ValueError:
                self._violation(f"{label}: body is not JSON")
        call = Call(
            operation_id=operation_id,
            method=request.method,
            path=request.path,
            path_params=dict(found.path_result.variables),
            query={key: request.args.getlist(key) for key in request.args},
            headers=dict(request.headers),
            body=body,
        )
        with self._lock:
            self.calls.append(call)
        problems = [_describe(error) for error in self.openapi.iter_request_errors(WerkzeugOpenAPIRequest(request))]
        problems += _unknown_fields(found.operation, body, self)
        problems += [
            f"header {name} is {request.headers.get(name)!r}, expected {value!r}"
            for name, value in self.headers.items()
            if request.headers.get(name) != value
        ]
        problems += self.check(call) if self.check else []
        if problems:
            self._violation(f"{label} ({operation_id}) request: " + "; ".join(problems))
            return _json(
                400,
                {"title": "Ongeldig verzoek", "invalidParams": [{"name": "verzoek", "reason": p} for p in problems]},
            )
        if (fault := self._take_fault(operation_id)) is not None:
            return fault
        function = self.handlers.get(operation_id)
        if function is None:
            self._violation(f"{label}: no handler for {operation_id}")
            return _json(501, {"detail": f"{operation_id} not handled by this stand-in"})
        status, payload, *rest = function(call)
        responses = found.operation / "responses"
        answered = responses / str(status) if str(status) in responses else None
        media_types = list((answered / "content").keys()) if answered is not None and "content" in answered else []
        declared = next((media for media in media_types if "json" in media), None)
        # Answer with the media type the spec declares (BRP: "application/json; charset=utf-8").
        response = _json(status, payload, rest[0] if rest else None, content_type=declared)
        errors = self.openapi.iter_response_errors(WerkzeugOpenAPIRequest(request), _OpenAPIResponse(response))
        for error in errors:
            self._violation(f"{label} ({operation_id}) response {status}: {_describe(error)}")
        if answered is not None and "content" in answered:
            content = answered / "content"
            media = next((content / key for key in content.keys() if "json" in key), None)  # noqa: SIM118
            if media is not None and "schema" in media:
                for problem in self.subtype_problems(media / "schema", payload)[1]:
                    self._violation(f"{label} ({operation_id}) response {status}: {problem}")
        return response

    def subtype_problems(self, schema: Any, value: Any) -> tuple[Any, list[str]]:
        """A schema with a ``discriminator`` (BRP: ``type``) stands for the subtype its mapping names,
        which openapi-core does not check: validate ``value`` against that subtype. Returns the
        subtype (or ``schema``) and the problems found."""
        if "discriminator" not in schema or not isinstance(value, dict):
            return schema, []
        discriminator = (schema / "discriminator").read_value()
        name, mapping = discriminator["propertyName"], discriminator.get("mapping", {})
        if value.get(name) not in mapping:
            return schema, [f"{name} {value.get(name)!r} is not one of {sorted(mapping)}"]
        reference = mapping[value[name]]
        validator = OAS30Validator(
            {"$ref": reference, "components": self.document["components"]}, format_checker=oas30_format_checker
        )
        problems = [
            f"{'/'.join(map(str, error.absolute_path)) or 'body'}: {error.message}"
            for error in validator.iter_errors(value)
        ]
        return self.openapi.spec.joinpath(*reference.lstrip("#/").split("/")), problems

    def _take_fault(self, operation_id: str) -> Response | None:
        with self._lock:
            for fault in self._faults:
                if fault.times > 0 and fault.operation in (None, operation_id):
                    fault.times -= 1
                    break
            else:
                return None
        if fault.kind == "hang":
            time.sleep(fault.seconds)
            return _json(503, {"detail": "te laat"})
        if fault.kind == "html":
            page = "<!doctype html><html><body><h1>Even geduld</h1></body></html>"
            return Response(page, status=fault.status, content_type="text/html; charset=utf-8")
        return _json(fault.status, {"title": "Service niet beschikbaar", "status": fault.status})


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any) -> None:
        pass


class _OpenAPIResponse(WerkzeugOpenAPIResponse):
    """The full Content-Type with its parameters, as openapi-core reads requests: a spec that declares
    ``application/json; charset=utf-8`` (BRP) is matched, not reported as an unknown media type."""

    @property
    def content_type(self) -> str:
        return str(self.response.content_type)


def _json(status: int, payload: Any, headers: dict | None = None, *, content_type: str | None = None) -> Response:
    content_type = content_type or ("application/problem+json" if status >= 400 else "application/json")
    return Response(json.dumps(payload), status=status, content_type=content_type, headers=headers)


def _describe(error: Exception) -> str:
    cause = error.__cause__
    details = getattr(cause, "schema_errors", None) or ([cause] if cause else [])
    text = "; ".join(getattr(item, "message", str(item)) for item in details)
    return f"{type(error).__name__}: {text or error}"


def _schema_properties(schema: Any) -> set[str] | None:
    """The property names a body schema knows (through allOf/oneOf/anyOf); None when it allows any."""
    names: set[str] = set()
    if "properties" in schema:
        names.update((schema / "properties").keys())
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            for part in schema / combinator:
                sub = _schema_properties(part)
                if sub is None:
                    return None
                names |= sub
    if not names or "additionalProperties" in schema:
        return None
    return names


def _unknown_fields(operation: Any, body: Any, standin: SpecStandIn) -> list[str]:
    """Fields KCC sends that the spec does not define: a real server drops them silently, so a typo
    would go unnoticed; the stand-in reports them. A discriminated body is checked as its subtype."""
    if not isinstance(body, dict) or "requestBody" not in operation:
        return []
    content = operation / "requestBody" / "content"
    media = next((content / key for key in content.keys() if "json" in key), None)  # noqa: SIM118 (a SchemaPath)
    if media is None:
        return []
    schema, problems = standin.subtype_problems(media / "schema", body)
    known = _schema_properties(schema)
    if known is None:
        return problems
    return problems + [f"unknown field {name!r}" for name in sorted(set(body) - known)]


class Store:
    """In-memory resources of a stand-in: ``create`` gives an object its uuid and url like the server."""

    def __init__(self, api: SpecStandIn) -> None:
        self.api = api
        self.items: dict[str, dict[str, dict]] = {}

    def url(self, collection: str, item_uuid: str) -> str:
        return f"{self.api.base_url}/{collection}/{item_uuid}"

    def create(self, collection: str, body: dict | None, extra: dict | None = None) -> dict:
        item_uuid = str(uuid.uuid4())
        item = {**(body or {}), **(extra or {}), "uuid": item_uuid, "url": self.url(collection, item_uuid)}
        self.items.setdefault(collection, {})[item_uuid] = item
        return item

    def get(self, collection: str, item_uuid: str) -> dict | None:
        return self.items.get(collection, {}).get(item_uuid)

    def all(self, collection: str) -> list[dict]:
        return list(self.items.get(collection, {}).values())

    def page(self, items: list[dict]) -> dict:
        return {"count": len(items), "next": None, "previous": None, "results": items}
