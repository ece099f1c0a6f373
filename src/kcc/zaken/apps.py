from django.apps import AppConfig

_READ = ["view_zaak", "view_zaaktype"]
_MANAGE = [*_READ, "add_zaak", "change_zaak", "add_zaaktype", "change_zaaktype"]


class ZakenConfig(AppConfig):
    name = "kcc.zaken"
    label = "zaken"
    verbose_name = "Zaken"
    default_auto_field = "django.db.models.BigAutoField"
    # A back-office user sees and handles the zaken of his own unit (and the units below it);
    # "view_all_zaken" lifts that limit: the KCC answers callers about every zaak.
    role_permissions = {
        "KCC-medewerker": [*_READ, "view_all_zaken"],
        "Teamleider KCC": [*_READ, "view_all_zaken"],
        "Backoffice-medewerker": _MANAGE,
        "Klachtcoördinator": [*_READ, "view_all_zaken"],
        "Beheerder": [*_MANAGE, "view_all_zaken", "delete_zaaktype"],
    }

    def ready(self) -> None:
        from kcc.contacten.selectors import KlantbeeldSection, register_klantbeeld_section
        from kcc.core.workspace import NavItem, register_nav
        from kcc.integraties.systems import register_system
        from kcc.zaken import notificaties, views

        register_system(notificaties.ZAKEN_SYSTEM)
        register_system(notificaties.NRC_SYSTEM)

        register_nav(NavItem("Zaken", "zaken:list", "zaken.view_zaak", order=46))
        register_klantbeeld_section(
            KlantbeeldSection(
                key="zaken",
                label="Zaken",
                template="zaken/klantbeeld_section.html",
                load=views.klantbeeld_zaken,
                order=25,
            )
        )
