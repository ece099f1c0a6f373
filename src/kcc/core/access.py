"""One permission check for a page and for every link or button that leads to it (no dead ends).

A view states what it needs with :func:`permission_required` (a drop-in for Django's); templates
ask :func:`may_open` (the ``may_open`` filter of ``{% load access %}``) whether to show a link to a
URL. Both call :func:`user_may` with the permissions the view itself declared, so a link is shown
exactly to the roles whose request the view will accept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

ViewFunc = Callable[..., HttpResponse]


def user_may(user: Any, permissions: Iterable[str]) -> bool:
    """The check itself: an active, logged-in user holding every one of ``permissions``."""
    return bool(user is not None and user.is_authenticated and user.has_perms(tuple(permissions)))


def permission_required(permission: str | Iterable[str]) -> Callable[[ViewFunc], ViewFunc]:
    """Refuse (403) a user without the permission(s); the view carries them for :func:`may_open`.

    The same call as Django's decorator; it always answers 403, because the workspace's log-in is
    already required by ``LoginRequiredMiddleware``.
    """
    permissions = (permission,) if isinstance(permission, str) else tuple(permission)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_may(request.user, permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # functools.wraps copies __dict__, so decorators applied on top keep this attribute.
        checked.kcc_permissions = permissions
        return checked

    return decorator


def required_permissions(url: str) -> tuple[str, ...] | None:
    """What the view behind ``url`` (a path, query allowed) declared; None when it declared nothing."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return getattr(match.func, "kcc_permissions", None)


def may_open(user: Any, url: str) -> bool:
    """Show a link to ``url`` to this user? True when its view declares nothing this module checks."""
    permissions = required_permissions(url)
    return permissions is None or user_may(user, permissions)
