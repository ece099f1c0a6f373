"""Admin pages of third-party identity models, made safe: no secret is ever shown.

django-otp's device pages show the TOTP key and the recovery codes, DRF's token page the token
itself; they are replaced. Roles (groups) are declared in code and only readable here.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from kcc.core import audit

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
admin.site.unregister(TokenProxy)
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(admin.ModelAdmin):
    """Roles are code (``role_permissions`` of each app, synchronised on every migrate)."""

    list_display = ["name"]
    fields = ["name", "permissions"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TokenProxy)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens: the token is shown once, when it is made; after that only who has one and since when."""

    list_display = ["user", "created"]
    fields = ["user"]
    search_fields = ["user__username"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, "api_token_aangemaakt", obj.user)
        messages.warning(request, f"Het nieuwe token is: {obj.key} — bewaar het nu, het wordt niet nog eens getoond.")

    def delete_model(self, request, obj) -> None:
        audit.record(request.user, "api_token_ingetrokken", obj.user)
        super().delete_model(request, obj)
