from django.apps import AppConfig

_VIEW = ["view_melding", "view_category"]
_INTAKE = [*_VIEW, "add_melding"]
_HANDLE = [*_VIEW, "handle_melding"]
_MANAGE = [
    "add_category",
    "change_category",
    "delete_category",
    "view_categoryquestion",
    "add_categoryquestion",
    "change_categoryquestion",
    "delete_categoryquestion",
    "view_delayreason",
    "add_delayreason",
    "change_delayreason",
    "delete_delayreason",
    "view_open311apikey",
    "add_open311apikey",
    "change_open311apikey",
    "view_meldingenconfig",
    "change_meldingenconfig",
]


class MeldingenConfig(AppConfig):
    name = "kcc.meldingen"
    label = "meldingen"
    verbose_name = "Meldingen openbare ruimte"
    default_auto_field = "django.db.models.BigAutoField"
    # Scope on top of these: a backoffice user handles the meldingen of his own unit (and the
    # units below it); "view_all_meldingen" lifts that limit (teamleider, beheerder).
    role_permissions = {
        "KCC-medewerker": [*_INTAKE, "view_all_meldingen"],
        "Teamleider KCC": [*_INTAKE, "view_all_meldingen"],
        "Backoffice-medewerker": _HANDLE,
        "Beheerder": [*_INTAKE, "view_all_meldingen", *_MANAGE],
        "Klachtcoördinator": [*_VIEW, "view_all_meldingen"],
    }

    def ready(self) -> None:
        from kcc.contacten.selectors import (
            ContactAction,
            KlantbeeldSection,
            register_contact_action,
            register_klantbeeld_section,
        )
        from kcc.core.workspace import NavItem, register_nav
        from kcc.meldingen import tasks  # noqa: F401  (registers the periodic deadline scan)

        for item in (
            NavItem("Melding maken", "meldingen:intake", "meldingen.add_melding", order=40),
            NavItem("Meldingen", "meldingen:list", "meldingen.view_melding", order=41),
        ):
            register_nav(item)
        register_contact_action(
            ContactAction("melding", "Melding maken", "meldingen:intake", "meldingen.add_melding", order=40)
        )
        register_klantbeeld_section(
            KlantbeeldSection(
                key="meldingen",
                label="Meldingen",
                template="meldingen/klantbeeld_section.html",
                load=_klantbeeld_meldingen,
                order=30,
            )
        )


def _klantbeeld_meldingen(keys) -> dict | None:
    """The caller's meldingen (by phone number or e-mail) for the contact screen's klantbeeld."""
    from kcc.meldingen.selectors import meldingen_for_reporter

    meldingen = list(meldingen_for_reporter(phone=keys.phone, email=keys.email)[:10])
    return {"meldingen": meldingen} if meldingen else None
