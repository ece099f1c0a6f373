from django.apps import AppConfig

_VIEW = ["view_dashboard", "view_servicenorm"]
_MANAGE_NORMS = ["add_servicenorm", "change_servicenorm", "delete_servicenorm"]


class RapportageConfig(AppConfig):
    name = "kcc.rapportage"
    label = "rapportage"
    verbose_name = "Managementinformatie"
    default_auto_field = "django.db.models.BigAutoField"
    # There is no separate management role: the teamleider and the beheerder read the dashboards
    # and the annual report; the beheerder configures the service norms.
    role_permissions = {
        "Teamleider KCC": _VIEW,
        "Beheerder": [*_VIEW, *_MANAGE_NORMS],
    }

    def ready(self) -> None:
        from django.apps import apps

        from kcc.core.workspace import NavItem, register_nav
        from kcc.rapportage import tables

        register_nav(NavItem("Managementinformatie", "rapportage:dashboard", "rapportage.view_dashboard", order=80))
        if apps.is_installed("kcc.mail"):
            from kcc.rapportage import mail_table

            tables.register(mail_table.TABLE)
