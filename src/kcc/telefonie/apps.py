from django.apps import AppConfig


class TelefonieConfig(AppConfig):
    name = "kcc.telefonie"
    label = "telefonie"
    verbose_name = "Telefonie"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "Beheerder": ["view_phonesystem", "change_phonesystem", "view_call", "view_callevent"],
        "Teamleider KCC": ["view_call", "view_callevent"],
    }
