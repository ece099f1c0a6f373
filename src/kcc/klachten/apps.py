from django.apps import AppConfig

_COORDINATOR = [
    "view_complaint",
    "add_complaint",
    "change_complaint",
    "coordinate_complaint",
    "register_complaint",
    "view_letter",
    "view_postponement",
    "view_recognitiondecision",
    "add_recognitiondecision",
]
_AGENT = ["register_complaint", "add_recognitiondecision"]


class KlachtenConfig(AppConfig):
    name = "kcc.klachten"
    label = "klachten"
    verbose_name = "Klachten"
    # Handlers need no role: the assigned handler sees and works on their own complaints only
    # (object level, see ``selectors.can_see``).
    role_permissions = {
        "Klachtcoördinator": _COORDINATOR,
        "KCC-medewerker": _AGENT,
        "Teamleider KCC": [*_AGENT, "view_recognitiondecision"],
        "Backoffice-medewerker": ["add_recognitiondecision"],
        "Beheerder": ["view_complaintsettings", "add_complaintsettings", "change_complaintsettings"],
    }

    def ready(self) -> None:
        from kcc.core.workspace import NavItem, register_nav

        register_nav(NavItem("Klachten", "klachten:list", "klachten.coordinate_complaint", order=50))
        register_nav(NavItem("Klacht registreren", "klachten:register", "klachten.register_complaint", order=55))
