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
        from django.urls import reverse

        from kcc.contacten.selectors import (
            ContactAction,
            KlantbeeldSection,
            register_contact_action,
            register_klantbeeld_section,
        )
        from kcc.core.workspace import NavItem, register_nav, register_task_subject_url, register_work
        from kcc.klachten.workspace import complaint_work

        register_nav(NavItem("Klachten", "klachten:list", "klachten.coordinate_complaint", order=50))
        register_work(complaint_work)
        register_task_subject_url("klachten.complaint", lambda pk: reverse("klachten:detail", args=[pk]))
        register_nav(NavItem("Klacht registreren", "klachten:register", "klachten.register_complaint", order=55))
        register_contact_action(
            ContactAction("klacht", "Klacht registreren", "klachten:register", "klachten.register_complaint", order=50)
        )
        register_klantbeeld_section(
            KlantbeeldSection(
                key="klachten",
                label="Klachten",
                template="klachten/klantbeeld_section.html",
                load=_klantbeeld_complaints,
                order=40,
            )
        )


def _klantbeeld_complaints(keys) -> dict | None:
    """Complaints filed with the caller's phone number or e-mail: number, status and dates only."""
    from kcc.klachten.selectors import complaints_for_caller

    complaints = list(complaints_for_caller(phone=keys.phone, email=keys.email)[:10])
    return {"complaints": complaints} if complaints else None
