from django.apps import AppConfig


class BrpConfig(AppConfig):
    name = "kcc.brp"
    label = "brp"
    verbose_name = "BRP (Haal Centraal BRP Personen)"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "KCC-medewerker": ["lookup_person", "view_identification"],
        "Teamleider KCC": ["lookup_person", "view_identification"],
        "Beheerder": ["view_identification"],
    }
