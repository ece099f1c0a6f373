from django.apps import AppConfig

_READ = ["view_appointment", "view_appointmenttype", "view_location"]
_BOOK = [*_READ, "add_appointment", "change_appointment"]
_MANAGE = [
    "add_appointmenttype",
    "change_appointmenttype",
    "view_intakequestion",
    "add_intakequestion",
    "change_intakequestion",
    "add_location",
    "change_location",
    "view_desk",
    "add_desk",
    "change_desk",
    "view_openinghours",
    "add_openinghours",
    "change_openinghours",
    "delete_openinghours",
]


class AfsprakenConfig(AppConfig):
    name = "kcc.afspraken"
    label = "afspraken"
    verbose_name = "Afspraken"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "KCC-medewerker": _BOOK,
        "Teamleider KCC": _BOOK,
        "Backoffice-medewerker": _READ,
        "Beheerder": [*_BOOK, *_MANAGE],
    }

    def ready(self) -> None:
        from kcc.afspraken import tasks  # noqa: F401  (registers the reminder scan)
        from kcc.contacten.selectors import ContactAction, register_contact_action
        from kcc.core.workspace import NavItem, register_nav

        register_nav(NavItem("Afspraken", "afspraken:list", "afspraken.view_appointment", order=47))
        register_contact_action(
            ContactAction("afspraak", "Afspraak maken", "afspraken:book", "afspraken.add_appointment", order=45)
        )
