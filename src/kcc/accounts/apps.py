from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kcc.accounts"
    label = "accounts"
    verbose_name = "Inloggen en beveiliging"
    role_permissions = {
        "Beheerder": [
            # Lock-outs: see who was locked and unlock (delete the attempts).
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "axes.view_accesslog",
        ],
    }

    def ready(self) -> None:
        from kcc.accounts import checks, signals  # noqa: F401  (the SSO settings check, the log-in hooks)
