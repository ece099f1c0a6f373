from django.apps import AppConfig


class KlantinteractiesConfig(AppConfig):
    name = "kcc.klantinteracties"
    label = "klantinteracties"
    verbose_name = "Klantinteracties (Open Klant)"
    role_permissions = {"Beheerder": ["view_partijlink", "view_actorlink"]}

    def ready(self) -> None:
        from kcc.contacten.models import Callback, Contactmoment
        from kcc.contacten.selectors import KlantbeeldSection, register_klantbeeld_section
        from kcc.contacten.signals import callback_closed, callback_created, contact_closed
        from kcc.integraties.systems import register_system
        from kcc.klantinteracties import selectors, services

        register_system(services.SYSTEM)
        contact_closed.connect(services.on_contact_closed, sender=Contactmoment, dispatch_uid="ki-contact")
        callback_created.connect(services.on_callback_created, sender=Callback, dispatch_uid="ki-callback")
        callback_closed.connect(services.on_callback_closed, sender=Callback, dispatch_uid="ki-callback-closed")
        register_klantbeeld_section(
            KlantbeeldSection(
                key="klantinteracties",
                label="Contacten in andere systemen",
                template="klantinteracties/klantbeeld_section.html",
                load=selectors.klantbeeld_klantcontacten,
                order=35,
            )
        )
