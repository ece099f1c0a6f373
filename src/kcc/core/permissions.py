"""Deny by default, for the API and the workspace alike.

An API view states ``required_permissions``: a list of ``app_label.codename`` strings, or a
dict from action (``list``, ``retrieve``, ``create``, ...; ``*`` as fallback) to such a list,
or :data:`PUBLIC`. A view that states nothing is closed to everybody.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

PUBLIC = "public"


def _required(view: Any, request: Any) -> Any:
    declared = getattr(view, "required_permissions", None)
    if isinstance(declared, dict):
        action = getattr(view, "action", None) or request.method.lower()
        return declared.get(action, declared.get("*"))
    return declared


class DenyByDefault(BasePermission):
    message = "U heeft geen toegang tot deze gegevens."

    def has_permission(self, request: Any, view: Any) -> bool:
        required = _required(view, request)
        if required is None:
            return False
        if required == PUBLIC:
            return True
        user = request.user
        return bool(user and user.is_authenticated and user.has_perms(required))
