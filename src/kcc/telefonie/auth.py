"""The phone system's API token: ``Authorization: Token <token>``, looked up by its SHA-256 hash.

A token is 32 random bytes, so a plain hash is enough (no slow password hash needed) and the
lookup is one indexed read. The principal is the :class:`PhoneSystem`, not a user: ``request.user``
stays anonymous, so every endpoint that does not name this class explicitly refuses the token.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from kcc.telefonie.models import PhoneSystem

KEYWORD = "Token"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def phone_system_for(token: str) -> PhoneSystem | None:
    return PhoneSystem.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True).first()


class PhoneSystemAuthentication(BaseAuthentication):
    """Authenticates a phone system; returns None for any other token so the next class may try it."""

    def authenticate(self, request: Request) -> tuple[Any, PhoneSystem] | None:
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != KEYWORD.lower().encode():
            return None
        try:
            token = parts[1].decode()
        except UnicodeDecodeError:
            return None
        system = phone_system_for(token)
        return None if system is None else (AnonymousUser(), system)

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class IsPhoneSystem(BasePermission):
    message = "Gebruik de token van een telefooncentrale: Authorization: Token <token>."

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, PhoneSystem)


class PhoneSystemReadsOwnContacts(BasePermission):
    """For the contactmomenten API: the phone system may list and read (scoped by the view) only."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, PhoneSystem) and getattr(view, "action", None) in ("list", "retrieve")


class PhoneSystemTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kcc.telefonie.auth.PhoneSystemAuthentication"
    name = "telefooncentraleToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "‘Token <token>’ van een telefooncentrale (kcc telefonie token create NAAM).",
        }
