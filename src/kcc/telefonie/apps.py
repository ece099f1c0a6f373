from django.apps import AppConfig


class TelefonieConfig(AppConfig):
    name = "kcc.telefonie"
    label = "telefonie"
    verbose_name = "Telefonie"
    default_auto_field = "django.db.models.BigAutoField"
