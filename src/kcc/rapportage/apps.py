from django.apps import AppConfig

_VIEW = ["view_dashboard", "view_servicenorm"]
_MANAGE_NORMS = ["add_servicenorm", "change_servicenorm", "delete_servicenorm"]
# The teamleider writes the explanation for the council beside each section of the annual report.
_EXPLAIN = ["view_councilnote", "change_councilnote"]


class RapportageConfig(AppConfig):
    name = "kcc.rapportage"
    label = "rapportage"
    verbose_name = "Managementinformatie"
    default_auto_field = "django.db.models.BigAutoField"
    # There is no separate management role: the teamleider and the beheerder read the dashboards
    # and the annual report; the beheerder configures the service norms.
    role_permissions = {
        "Teamleider KCC": [*_VIEW, *_EXPLAIN],
        "Beheerder": [*_VIEW, *_MANAGE_NORMS, *_EXPLAIN],
    }

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from kcc.core.workspace import NavItem, register_nav
        from kcc.rapportage import signals, tables

        signals.connect()
        post_migrate.connect(_fill_aggregates, sender=self, dispatch_uid="rapportage-fill-aggregates")

        register_nav(NavItem("Managementinformatie", "rapportage:dashboard", "rapportage.view_dashboard", order=80))
        if apps.is_installed("kcc.mail"):
            from kcc.rapportage import mail_table

            tables.register(mail_table.TABLE)
        if apps.is_installed("kcc.telefonie"):
            from kcc.rapportage import telefonie_table

            tables.register(telefonie_table.TABLE)


def _fill_aggregates(**kwargs) -> None:
    """Counts the existing records once, when the aggregates arrive on an installation with history."""
    from kcc.contacten.models import Contactmoment
    from kcc.kennisbank.models import SearchLog
    from kcc.rapportage import services
    from kcc.rapportage.models import DailyContactCount, DailySearchCount

    empty = not DailyContactCount.objects.exists() and not DailySearchCount.objects.exists()
    if empty and (Contactmoment.objects.exists() or SearchLog.objects.exists()):
        services.rebuild_aggregates()
