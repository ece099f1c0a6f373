from django.apps import AppConfig


class RetentieConfig(AppConfig):
    name = "kcc.retentie"
    label = "retentie"
    verbose_name = "Bewaartermijnen en verwerkingsregister"
    role_permissions = {
        "Beheerder": [
            "view_retentionterm",
            "add_retentionterm",
            "change_retentionterm",
            "delete_retentionterm",
            "view_legalhold",
            "add_legalhold",
            "change_legalhold",
            "view_processingregister",
        ],
        # The klachtcoördinator knows which complaint or ombudsman investigation is running.
        "Klachtcoördinator": ["view_legalhold", "add_legalhold", "change_legalhold"],
    }

    def ready(self) -> None:
        from kcc.core.workspace import NavItem, register_nav

        register_nav(NavItem("Verwerkingsregister", "retentie:register", "retentie.view_processingregister", order=98))
