from django.apps import AppConfig

_SYNONYM_ALL = ["view_synonym", "add_synonym", "change_synonym", "delete_synonym"]


class SearchConfig(AppConfig):
    name = "kcc.core.search"
    label = "search"
    verbose_name = "Zoeken"
    role_permissions = {
        "Redacteur": _SYNONYM_ALL,
        "Beheerder": _SYNONYM_ALL,
        "KCC-medewerker": ["view_synonym"],
        "Teamleider KCC": ["view_synonym"],
    }

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from kcc.core.workspace import NavItem, register_nav

        register_nav(
            NavItem(label="Synoniemen", url_name="search:synonyms", permission="search.view_synonym", order=60)
        )
        # Each app's ``search`` module registers its sources (kcc zoekindex opbouwen rebuilds them).
        autodiscover_modules("search")
