"""Writes about identity: roles, superuser status, sessions, the second factor. Each one audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from kcc.accounts.authentication import api_token_digest
from kcc.accounts.selectors import roles_of
from kcc.core import audit
from kcc.core.models import User
from kcc.core.roles import Role
from kcc.core.tokens import new_secret_token

RECOVERY_CODE_COUNT = 10


def end_all_sessions(user: User) -> None:
    """Log ``user`` out everywhere: every session's stored hash stops matching (see ``User``)."""
    User.objects.filter(pk=user.pk).update(session_version=F("session_version") + 1)
    user.refresh_from_db(fields=["session_version"])


def _clean_roles(roles: Iterable[str]) -> set[str]:
    try:
        return {Role(role).value for role in roles}
    except ValueError as error:
        raise ValidationError({"rollen": f"Onbekende rol: {error.args[0]}"}) from error


@transaction.atomic
def set_roles(*, actor: User | None, user: User, roles: Iterable[str], via: str) -> bool:
    """Give ``user`` exactly ``roles``. Nobody changes their own roles. True when something changed.

    ``actor`` is None for the system (the identity provider's groups at an SSO log-in, the CLI).
    """
    wanted = _clean_roles(roles)
    before = roles_of(user)
    if before == wanted:
        return False
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({"rollen": "U kunt uw eigen rollen niet wijzigen. Vraag een andere beheerder."})
    user.groups.remove(*Group.objects.filter(name__in=before - wanted))
    user.groups.add(*Group.objects.filter(name__in=wanted - before))
    # The admin site is for beheerders; nobody gets in by a flag set by hand.
    user.is_staff = Role.ADMIN.value in wanted or user.is_superuser
    user.save(update_fields=["is_staff"])
    end_all_sessions(user)
    audit.record(actor, "rollen_gewijzigd", user, via=via, voor=sorted(before), na=sorted(wanted))
    return True


@transaction.atomic
def set_superuser(*, user: User, value: bool, via: str) -> bool:
    """Superuser status, only from the command line (``kcc superuser``). True when something changed."""
    if user.is_superuser == value:
        return False
    user.is_superuser = value
    user.is_staff = value or Role.ADMIN.value in roles_of(user)
    user.save(update_fields=["is_superuser", "is_staff"])
    end_all_sessions(user)
    audit.record(None, "superuser_toegekend" if value else "superuser_ingetrokken", user, via=via)
    return True


def record_password_change(*, actor: User | None, user: User, via: str) -> None:
    # The new password hash already ends the user's other sessions (Django checks it per request).
    audit.record(actor, "wachtwoord_gewijzigd", user, via=via)


@transaction.atomic
def start_totp_enrolment(user: User) -> TOTPDevice:
    """A fresh unconfirmed authenticator for ``user``; earlier unconfirmed ones are dropped."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the authenticator with a first code; returns the new recovery codes, or None if wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record(user, "tweestaps_ingesteld", user)
    return codes


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record(user, "herstelcodes_vernieuwd", user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Herstelcodes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def reset_second_factor(*, actor: User, user: User) -> None:
    """Remove every device of ``user`` (lost phone): at the next log-in they enrol again."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    end_all_sessions(user)
    audit.record(actor, "tweestaps_gereset", user)


@transaction.atomic
def issue_api_token(*, actor: User | None, user: User) -> str:
    """A new API token for ``user``, replacing any earlier one; returned once, only its digest is kept."""
    token = new_secret_token()
    Token.objects.filter(user=user).delete()
    Token.objects.create(user=user, key=api_token_digest(token))
    audit.record(actor, "api_token_aangemaakt", user)
    return token


@transaction.atomic
def revoke_api_tokens(*, actor: User, users: Iterable[User]) -> int:
    revoked = 0
    for token in Token.objects.filter(user__in=users).select_related("user"):
        audit.record(actor, "api_token_ingetrokken", token.user)
        token.delete()
        revoked += 1
    return revoked
