"""Roles are Django groups whose permissions are declared in code.

Each app's ``AppConfig`` may declare ``role_permissions``: a mapping of role name to the
codenames (of that app's models, or ``app_label.codename`` of a third-party app) the role gets.
After every ``migrate`` the groups are made to match exactly, so a permission nobody declared is
granted to nobody (deny by default).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.apps import apps


class Role(StrEnum):
    AGENT = "KCC-medewerker"
    TEAMLEADER = "Teamleider KCC"
    BACKOFFICE = "Backoffice-medewerker"
    EDITOR = "Redacteur"
    COMPLAINT_COORDINATOR = "Klachtcoördinator"
    ADMIN = "Beheerder"
    PRIVACY_OFFICER = "Privacyfunctionaris"


def declared_permissions() -> dict[str, set[tuple[str, str]]]:
    """Role name → {(app_label, codename)} collected from every installed app."""
    wanted: dict[str, set[tuple[str, str]]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        for role, codenames in getattr(config, "role_permissions", {}).items():
            for codename in codenames:
                # "app_label.codename" grants a permission of a third-party app (django-axes, ...).
                app_label, _, name = codename.rpartition(".")
                wanted[Role(role).value].add((app_label or config.label, name))
    return wanted


def sync_roles(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """Create the role groups and give each exactly its declared permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, pairs in declared_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        permissions = []
        for app_label, codename in sorted(pairs):
            permission = (
                Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename).first()
            )
            if permission is None:
                # Declared before its migration ran (post_migrate of an earlier app): the
                # sync after the last app's migration will find it.
                continue
            permissions.append(permission)
        group.permissions.set(permissions)
