"""Telefonie writes: tokens, and the CTI events that build a call, its contact and screen-pop."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kcc.core import audit
from kcc.core.models import User
from kcc.telefonie.auth import hash_token, new_token
from kcc.telefonie.models import PhoneSystem


@transaction.atomic
def create_token(name: str) -> tuple[PhoneSystem, str]:
    """A new phone system with its token; the token itself is returned once and never stored."""
    token = new_token()
    system = PhoneSystem(name=name.strip(), token_hash=hash_token(token), token_hint=token[:6])
    system.full_clean()
    system.save()
    return system, token


@transaction.atomic
def revoke_token(system: PhoneSystem, *, user: User | None) -> None:
    if system.revoked_at is None:
        system.revoked_at = timezone.now()
        system.save(update_fields=["revoked_at"])
        audit.record(user, "telefonie_token_ingetrokken", system)
