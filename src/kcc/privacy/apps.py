from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "kcc.privacy"
    label = "privacy"
    verbose_name = "Privacy"
