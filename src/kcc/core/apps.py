from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "kcc.core"
    label = "core"
    verbose_name = "Kern"
    role_permissions = {
        "Beheerder": [
            "view_organisationunit",
            "add_organisationunit",
            "change_organisationunit",
            "view_reachabilitywindow",
            "add_reachabilitywindow",
            "change_reachabilitywindow",
            "delete_reachabilitywindow",
            "view_closingday",
            "add_closingday",
            "change_closingday",
            "delete_closingday",
            "view_user",
            "add_user",
            "change_user",
            "view_auditentry",
            "view_outboxmessage",
            "requeue_outboxmessage",
            "view_municipalityprofile",
            "change_municipalityprofile",
        ],
        "Teamleider KCC": ["view_organisationunit", "view_auditentry", "view_task"],
        "KCC-medewerker": ["view_organisationunit"],
        "Backoffice-medewerker": ["view_organisationunit"],
        "Redacteur": ["view_organisationunit"],
        "Klachtcoördinator": ["view_organisationunit"],
    }

    def ready(self) -> None:
        from kcc.core import signals  # noqa: F401  (connects the cache invalidation)
        from kcc.core.home import task_work
        from kcc.core.outbox import dead_letter_badge
        from kcc.core.roles import sync_roles
        from kcc.core.workspace import NavItem, register_header_badge, register_nav, register_work

        register_header_badge(dead_letter_badge)
        register_work(task_work)
        profile_page = "admin:core_municipalityprofile_changelist"
        register_nav(NavItem("Huisstijl en contact", profile_page, "core.change_municipalityprofile", 95, "Beheer"))
        # Roles are code: after every migrate the groups match what the apps declare.
        post_migrate.connect(sync_roles, dispatch_uid="kcc.core.sync_roles")
