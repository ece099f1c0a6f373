from django.apps import AppConfig


class IntegratiesConfig(AppConfig):
    name = "kcc.integraties"
    label = "integraties"
    verbose_name = "Integraties"
    role_permissions = {
        "Beheerder": [
            "view_integrationjob",
            "resend_integrationjob",
            "view_serviceconfig",
            "add_serviceconfig",
            "change_serviceconfig",
            "delete_serviceconfig",
        ],
    }

    def ready(self) -> None:
        from kcc.integraties import workspace

        workspace.register()
