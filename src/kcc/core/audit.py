"""The audit log: one call per event worth answering "who saw or changed this, and why?"."""

from __future__ import annotations

from typing import Any

from django.db import models

from kcc.core.models import AuditEntry, User


def record(
    actor: User | None,
    action: str,
    target: models.Model | tuple[str, Any],
    *,
    purpose: str = "",
    **detail: Any,
) -> AuditEntry:
    """Write one audit entry. ``target`` is a model instance or an ``(object_type, object_id)`` pair."""
    if isinstance(target, models.Model):
        object_type, object_id = target._meta.label_lower, target.pk
    else:
        object_type, object_id = target
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        purpose=purpose,
        detail=detail,
    )
