from django.apps import AppConfig

_READ = ["view_product"]
_EDIT = [*_READ, "change_product"]


class ProductenConfig(AppConfig):
    name = "kcc.producten"
    label = "producten"
    verbose_name = "Productencatalogus"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "KCC-medewerker": _READ,
        "Teamleider KCC": _READ,
        "Backoffice-medewerker": _READ,
        "Klachtcoördinator": _READ,
        "Redacteur": _EDIT,
        "Beheerder": [*_EDIT, "add_product", "delete_product"],
    }

    def ready(self) -> None:
        from kcc.core.workspace import NavItem, SearchSection, register_nav, register_search_section
        from kcc.kennisbank.html import register_fact_source
        from kcc.producten import facts, search, views  # noqa: F401  (search registers the index source)

        register_nav(NavItem("Producten", "producten:list", "producten.view_product", order=45))
        register_search_section(
            SearchSection(
                key="producten",
                label="Producten",
                permission="producten.view_product",
                template="producten/_search_results.html",
                search=views.workspace_section,
                order=15,
            )
        )
        register_fact_source("product", facts.resolve)
