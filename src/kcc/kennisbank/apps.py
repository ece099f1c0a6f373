from django.apps import AppConfig


class KennisbankConfig(AppConfig):
    name = "kcc.kennisbank"
    label = "kennisbank"
    verbose_name = "Kennisbank"
