"""Single sign-on with OpenID Connect (mozilla-django-oidc), configured with KCC_OIDC_* settings.

Users are created at their first log-in; their KCC roles follow the identity provider's groups through
KCC_OIDC_ROLE_MAPPING at every log-in (``kcc.accounts.services.set_roles``, audited). Superuser status
never comes from the identity provider. SSO accounts have no local password, and an SSO log-in never
matches a local account (one with a password), so an identity provider cannot take one over.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from kcc.accounts import services
from kcc.core.models import User

USER_FIELDS = {"first_name": "given_name", "last_name": "family_name", "email": "email"}


def is_enabled() -> bool:
    return settings.KCC_OIDC_ENABLED


def roles_from_claims(claims: dict[str, Any]) -> set[str]:
    groups = claims.get(settings.KCC_OIDC_GROUPS_CLAIM, [])
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list):
        return set()
    mapping = settings.KCC_OIDC_ROLE_MAPPING
    return {mapping[group] for group in groups if isinstance(group, str) and group in mapping}


class KccOIDCBackend(OIDCAuthenticationBackend):
    def get_username(self, claims: dict[str, Any]) -> str:
        value = claims.get(settings.KCC_OIDC_USERNAME_CLAIM)
        return value[:150] if isinstance(value, str) else ""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(self.get_username(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]):
        return User.objects.filter(username=self.get_username(claims), password__startswith=UNUSABLE_PASSWORD_PREFIX)

    def create_user(self, claims: dict[str, Any]) -> User:
        username = self.get_username(claims)
        if User.objects.filter(username=username).exists():
            # A local account of that name: never taken over (mozilla-django-oidc turns this into a failure).
            raise SuspiciousOperation(f"SSO log-in for '{username}' refused: a local account has that name")
        user = User.objects.create_user(username=username)  # no password: unusable
        return self.update_user(user, claims)

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        for field, claim in USER_FIELDS.items():
            if isinstance(value := claims.get(claim), str):
                setattr(user, field, value[: User._meta.get_field(field).max_length])
        user.save(update_fields=list(USER_FIELDS))
        services.set_roles(actor=None, user=user, roles=roles_from_claims(claims), via="sso")
        return user


class KccOIDCLoginView(OIDCAuthenticationRequestView):
    """``/inloggen/sso/?next=...``: off to the identity provider (404 while SSO is not configured)."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def __init__(self, *args, **kwargs) -> None:
        # The parent reads the endpoints at construction; without SSO they do not exist.
        if is_enabled():
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class KccOIDCCallbackView(OIDCAuthenticationCallbackView):
    """Back from the identity provider: the user and their roles are written in one transaction."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not is_enabled():
            raise Http404
        with transaction.atomic():
            return super().get(request)
