from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kcc.core.search"
    label = "search"
    verbose_name = "Zoeken"
