from django.apps import AppConfig

_AGENT = [
    "view_contactmoment",
    "add_contactmoment",
    "change_contactmoment",
    "view_question",
    "view_callback",
    "view_all_callbacks",
    "add_callback",
    "view_signal",
    "add_signal",
    "view_klant",
    "view_bsn",
]
_SEE_ALL = [*_AGENT, "view_all_signals", "handle_signal", "view_transferattempt", "view_handoff"]


class ContactenConfig(AppConfig):
    name = "kcc.contacten"
    label = "contacten"
    verbose_name = "Contacten"
    role_permissions = {
        "KCC-medewerker": _AGENT,
        # A senior agent gets ``handle_handoff`` as a user permission from the beheerder.
        "Teamleider KCC": [*_SEE_ALL, "handle_handoff"],
        # Scoped to the user's own unit (and himself) by the selectors.
        "Backoffice-medewerker": ["view_callback", "handle_callback", "view_signal", "handle_signal"],
        "Beheerder": [
            *_SEE_ALL,
            "handle_callback",
            "change_callback",
        ],
    }

    def ready(self) -> None:
        from kcc.contacten import workspace
        from kcc.contacten.selectors import ContactAction, register_contact_action

        workspace.register()
        register_contact_action(
            ContactAction(
                "doorzetten",
                "Doorzetten naar senior",
                "contacten:handoff-new",
                "contacten.add_contactmoment",
                order=95,
                contact_in_path=True,
            )
        )
