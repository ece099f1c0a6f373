from django.apps import AppConfig

VIEW = ["view_person", "view_membership", "view_absence", "add_flag"]


class MedewerkersConfig(AppConfig):
    name = "kcc.medewerkers"
    label = "medewerkers"
    verbose_name = "Medewerkersgids"
    role_permissions = {
        "KCC-medewerker": VIEW,
        "Teamleider KCC": [*VIEW, "view_freshness", "view_unitprofile", "view_flag"],
        # Back office: the department enters absences and its coordinator confirms (unit checked in services).
        "Backoffice-medewerker": [*VIEW, "add_absence", "delete_absence", "confirm_unit", "view_flag"],
        "Redacteur": ["view_person", "view_membership"],
        "Klachtcoördinator": ["view_person", "view_membership"],
        "Beheerder": [
            *VIEW,
            "add_person",
            "change_person",
            "delete_person",
            "add_membership",
            "change_membership",
            "delete_membership",
            "add_absence",
            "change_absence",
            "delete_absence",
            "view_unitprofile",
            "change_unitprofile",
            "view_flag",
            "see_all_mobile",
            "confirm_unit",
            "view_freshness",
        ],
    }

    def ready(self) -> None:
        from kcc.core.search import register_source
        from kcc.core.signals import units_imported
        from kcc.core.workspace import NavItem, SearchSection, register_nav, register_search_section
        from kcc.medewerkers import indexing, signals, tasks  # noqa: F401  (periodic task, token receivers)
        from kcc.medewerkers.views import search_section

        register_search_section(
            SearchSection(
                key="medewerkers",
                label="Medewerkers en afdelingen",
                permission="medewerkers.view_person",
                template="medewerkers/search_section.html",
                search=search_section,
                order=20,
            )
        )
        register_nav(NavItem("Medewerkersgids", "medewerkers:index", "medewerkers.view_person", order=20))
        register_nav(NavItem("Actualiteit gids", "medewerkers:freshness", "medewerkers.view_freshness", order=60))
        register_nav(NavItem("Gegevens bevestigen", "medewerkers:coordinator", "medewerkers.confirm_unit", order=61))
        register_source(indexing.PERSON_SOURCE, indexing.person_documents)
        register_source(indexing.UNIT_SOURCE, indexing.unit_documents)
        units_imported.connect(indexing.index_imported_units, dispatch_uid="kcc.medewerkers.index_imported_units")
