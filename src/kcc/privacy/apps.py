from django.apps import AppConfig

_OFFICER = [
    "view_request",
    "add_request",
    "change_request",
    "handle_request",
    "view_secretregistration",
    "add_secretregistration",
    "change_secretregistration",
    "delete_secretregistration",
    # Who saw or changed a person's data, and why: the officer answers for it.
    "core.view_auditentry",
]


class PrivacyConfig(AppConfig):
    name = "kcc.privacy"
    label = "privacy"
    verbose_name = "Privacy"
    # Only the privacy officer sees everything about one person; nobody else handles AVG requests.
    role_permissions = {"Privacyfunctionaris": _OFFICER}

    def ready(self) -> None:
        from kcc.core.workspace import NavItem, register_nav

        register_nav(NavItem("AVG-verzoeken", "privacy:requests", "privacy.handle_request", order=80))
