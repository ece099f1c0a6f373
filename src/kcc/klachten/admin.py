from django.contrib import admin

from kcc.klachten.models import ComplaintSettings


@admin.register(ComplaintSettings)
class ComplaintSettingsAdmin(admin.ModelAdmin):
    """The Beheerder's configuration; complaint files themselves are only in the workspace."""

    list_display = ["ombudsman_name", "warn_days_before", "signatory"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not ComplaintSettings.objects.exists()
