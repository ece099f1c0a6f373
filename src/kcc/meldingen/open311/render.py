"""Open311 responses in JSON or XML, with the element names of the GeoReport v2 examples."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from django.http import HttpResponse

# The XML element wrapping a list, and the element of each item, per kind of response.
CONTAINERS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}
NESTED = {"attributes": "attribute", "values": "value"}


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: ElementTree.Element, data: dict[str, Any]) -> None:
    for key, value in data.items():
        child = ElementTree.SubElement(parent, key)
        if isinstance(value, list):
            for item in value:
                _fill(ElementTree.SubElement(child, NESTED.get(key, "item")), item)
        else:
            child.text = _value(value)


def to_xml(kind: str, payload: list[dict[str, Any]] | dict[str, Any]) -> bytes:
    if kind == "service_definition":
        root = ElementTree.Element("service_definition")
        _fill(root, payload)
    else:
        container, item = CONTAINERS[kind]
        root = ElementTree.Element(container)
        for entry in payload:
            _fill(ElementTree.SubElement(root, item), entry)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def respond(fmt: str, kind: str, payload: Any, *, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(to_xml(kind, payload), status=status, content_type="text/xml; charset=utf-8")
    return HttpResponse(
        json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error shape: a list of {code, description}, with the HTTP status as code."""
    return respond(fmt, "errors", [{"code": status, "description": text} for text in descriptions], status=status)
