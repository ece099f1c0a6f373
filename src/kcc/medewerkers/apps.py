from django.apps import AppConfig


class MedewerkersConfig(AppConfig):
    name = "kcc.medewerkers"
    label = "medewerkers"
    verbose_name = "Medewerkersgids"
