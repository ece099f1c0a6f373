from django.apps import AppConfig

_READ = ["view_vac", "search_vac"]
_AGENT = [*_READ, "add_feedback", "view_newsitem"]
_MANAGE_NEWS = ["add_newsitem", "change_newsitem", "delete_newsitem"]
_EDIT = [
    "add_vac",
    "change_vac",
    "delete_vac",
    "view_vacversion",
    "view_feedback",
    "handle_feedback",
    "view_searchlog",
]


class KennisbankConfig(AppConfig):
    name = "kcc.kennisbank"
    label = "kennisbank"
    verbose_name = "Kennisbank"
    role_permissions = {
        "KCC-medewerker": _AGENT,
        "Teamleider KCC": [*_AGENT, *_MANAGE_NEWS],
        "Redacteur": [*_AGENT, *_MANAGE_NEWS, *_EDIT],
        "Beheerder": [
            *_AGENT,
            *_MANAGE_NEWS,
            *_EDIT,
            "change_feedback",
            "delete_feedback",
            "delete_searchlog",
            "view_newsread",
        ],
        "Backoffice-medewerker": _READ,
        "Klachtcoördinator": _READ,
        "Privacyfunctionaris": _READ,
    }

    def ready(self) -> None:
        from django.urls import reverse

        from kcc.core.workspace import (
            NavItem,
            SearchSection,
            register_header_badge,
            register_nav,
            register_search_section,
            register_task_subject_url,
        )
        from kcc.integraties.systems import register_system
        from kcc.kennisbank import objects_api, views

        for item in (
            NavItem("Kennisbank", "kennisbank:search", "kennisbank.search_vac", order=10),
            NavItem("Nieuws", "kennisbank:news", "kennisbank.view_newsitem", order=15),
            NavItem("Mijn VAC's", "kennisbank:vac-list", "kennisbank.change_vac", order=20),
            NavItem("Feedback afhandelen", "kennisbank:feedback-inbox", "kennisbank.handle_feedback", order=25),
            NavItem("Hiaten", "kennisbank:content-gaps", "kennisbank.view_searchlog", order=30),
            NavItem("Nieuwsbeheer", "kennisbank:news-manage", "kennisbank.add_newsitem", order=35),
            NavItem("Mijn feedback", "kennisbank:my-feedback", "kennisbank.add_feedback", order=60),
        ):
            register_nav(item)
        register_search_section(
            SearchSection(
                key="kennisbank",
                label="Kennisbank",
                permission="kennisbank.search_vac",
                template="kennisbank/_results.html",
                search=views.workspace_section,
                order=10,
            )
        )
        register_header_badge(views.news_badge)
        register_task_subject_url("kennisbank.vac", lambda pk: reverse("kennisbank:answer", args=[pk]))
        register_system(objects_api.system())
