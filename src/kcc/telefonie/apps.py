from django.apps import AppConfig

# The beheerder maintains the IVR menu (options and opening hours are edited inside the menu).
_MANAGE_IVR = [f"{action}_{model}" for model in ("ivrmenu", "ivroption", "ivropeninghours")
               for action in ("view", "add", "change", "delete")]  # fmt: skip


class TelefonieConfig(AppConfig):
    name = "kcc.telefonie"
    label = "telefonie"
    verbose_name = "Telefonie"
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "Beheerder": ["view_phonesystem", "change_phonesystem", "view_call", "view_callevent", *_MANAGE_IVR],
        "Teamleider KCC": ["view_call", "view_callevent", "view_ivrmenu"],
    }
