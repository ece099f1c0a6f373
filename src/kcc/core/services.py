"""Writes shared by the capabilities: tasks for people and units."""

from __future__ import annotations

from datetime import date

from django.db import models, transaction
from django.utils import timezone

from kcc.core.models import OrganisationUnit, Task, User


@transaction.atomic
def create_task(
    *,
    kind: str,
    title: str,
    deadline: date,
    subject: models.Model | None = None,
    assignee: User | None = None,
    unit: OrganisationUnit | None = None,
    created_by: User | None = None,
    description: str = "",
) -> Task:
    if assignee is None and unit is None:
        raise ValueError("A task needs an assignee or a unit.")
    return Task.objects.create(
        kind=kind,
        title=title[:300],
        description=description,
        deadline=deadline,
        assignee=assignee,
        unit=unit,
        created_by=created_by,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
    )


@transaction.atomic
def resolve_task(task: Task, *, status: str, resolution: str) -> Task:
    if status not in {Task.Status.DONE, Task.Status.REJECTED, Task.Status.IN_PROGRESS}:
        raise ValueError(f"Unknown task status: {status}")
    task.status = status
    task.resolution = resolution
    task.resolved_at = timezone.now() if status != Task.Status.IN_PROGRESS else None
    task.save(update_fields=["status", "resolution", "resolved_at"])
    return task
