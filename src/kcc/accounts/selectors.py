"""Reads about identity: roles, whether a session still owes its second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest
from django_otp import devices_for_user

from kcc.core.models import User
from kcc.core.roles import Role

ROLE_NAMES = frozenset(role.value for role in Role)


def roles_of(user: User) -> set[str]:
    return set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))


def has_second_factor(user: User) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def second_factor_required_for(user: User) -> bool:
    """Superusers and the roles in KCC_SECOND_FACTOR_ROLES, and anybody who enrolled a device."""
    if user.is_superuser:
        return True
    if user.groups.filter(name__in=settings.KCC_SECOND_FACTOR_ROLES).exists():
        return True
    return has_second_factor(user)


def session_owes_second_factor(request: HttpRequest) -> bool:
    """True while a password log-in that needs a second factor has not given it yet (once per request)."""
    if not hasattr(request, "_kcc_owes_second_factor"):
        request._kcc_owes_second_factor = _owes_second_factor(request)
    return request._kcc_owes_second_factor


def _owes_second_factor(request: HttpRequest) -> bool:
    user = request.user
    # No session (a request built by hand to render a template): nothing was logged in with a password.
    if not user.is_authenticated or not hasattr(request, "session"):
        return False
    # Single sign-on (and the test suite's force_login) vouched for the person elsewhere.
    if request.session.get(BACKEND_SESSION_KEY) in settings.KCC_SECOND_FACTOR_EXEMPT_BACKENDS:
        return False
    if user.is_verified():
        return False
    return second_factor_required_for(user)
