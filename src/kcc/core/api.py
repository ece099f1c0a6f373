"""API plumbing shared by every capability: errors in one Dutch, machine-readable shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's field, refusing NUL characters before the look-up: PostgreSQL cannot compare text
    holding them, and would answer a 500 where the client sent a value that can never exist."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value="(met een ongeldig teken)")
        return super().to_internal_value(data)


MAX_JSON_DEPTH = 32
JSON_TOO_DEEP = f"De JSON is te diep genest (meer dan {MAX_JSON_DEPTH} niveaus)."


def json_depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion (the value may be as deep as the parser allowed)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_JSON_DEPTH:
                stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's parser with a depth limit: deeply nested JSON exhausts the recursion limit of the
    serializers (or of the decoder itself), which would otherwise surface as a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(JSON_TOO_DEEP) from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(JSON_TOO_DEEP)
        return data


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn a Django ``ValidationError`` raised by a service into a 400 like DRF's own."""
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.NotAuthenticated):
        response.data = {"detail": "Log in om deze gegevens te zien."}
    return response


class BoundedPagination(LimitOffsetPagination):
    """Every list is paginated, bounded so an absurd ``limit`` or ``offset`` cannot overflow the database."""

    default_limit = 50
    max_limit = 200
    max_offset = 10**9

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), self.max_offset)


def document_unsupported_media_type(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular hook: every operation answers 406 to an ``Accept`` header none of its
    renderers can meet (DRF's content negotiation), and every operation that reads a body can answer
    415 (a content type its parsers do not read), so say so once here rather than on each view."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "406",
                {
                    "description": "Geen antwoord mogelijk in het gevraagde formaat (vraag om JSON).",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            )
            if "requestBody" in operation:
                responses.setdefault(
                    "415",
                    {
                        "description": "Dit berichtformaat wordt niet ondersteund (gebruik JSON).",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                )
    return result
