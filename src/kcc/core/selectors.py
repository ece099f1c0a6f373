"""Reads of the core: the organisation tree, tasks."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kcc.core.models import OrganisationUnit, Task, User


def unit_subtree_ids(unit: OrganisationUnit) -> set[int]:
    """The unit and all units below it (the tree is at most four levels deep)."""
    ids, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(OrganisationUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return ids


def tasks_for(user: User) -> QuerySet[Task]:
    """Tasks addressed to the user, or to the unit the user works for."""
    mine = Q(assignee=user)
    if user.unit_id:
        mine |= Q(unit_id=user.unit_id, assignee__isnull=True)
    return Task.objects.filter(mine).select_related("unit", "assignee").order_by("deadline", "id")


def open_tasks_for(user: User) -> QuerySet[Task]:
    return tasks_for(user).filter(status__in=[Task.Status.OPEN, Task.Status.IN_PROGRESS])


def users_with_role(role: str) -> QuerySet[User]:
    """Active users who have ``role`` (a ``kcc.core.roles.Role``), by name."""
    return User.objects.filter(groups__name=role, is_active=True).order_by("last_name", "first_name", "username")
