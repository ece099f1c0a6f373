"""API plumbing shared by every capability: errors in one Dutch, machine-readable shape."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's field, refusing NUL characters before the look-up: PostgreSQL cannot compare text
    holding them, and would answer a 500 where the client sent a value that can never exist."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value="(met een ongeldig teken)")
        return super().to_internal_value(data)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn a Django ``ValidationError`` raised by a service into a 400 like DRF's own."""
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
    """drf-spectacular hook: every operation that reads a body can answer 415 (a content type its
    parsers do not read), so say so once here rather than on each view."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault(
                    "415",
                    {
                        "description": "Dit berichtformaat wordt niet ondersteund (gebruik JSON).",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                )
    return result
