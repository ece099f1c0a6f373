"""Admin pages of third-party identity models, made safe: no secret is ever shown.

django-otp's device pages show the TOTP key and the recovery codes, DRF's token page the token
itself; they are replaced. Roles (groups) are declared in code and only readable here.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.http import HttpResponseRedirect
from django.urls import reverse
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
    """API tokens: the token is shown once, when it is made; after that only who has one and since when.

    A token is its own primary key and its text, so nothing here links to, names or logs a token
    object (Django's admin log would keep its text); revoking is an action on the user list.
    """

    list_display = ["user", "created"]
    list_display_links = None
    actions = None
    fields = ["user"]
    search_fields = ["user__username"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, "api_token_aangemaakt", obj.user)

    def response_add(self, request, obj, post_url_continue=None):
        once = f"Het nieuwe token is: {obj.key} — bewaar het nu, het wordt niet nog eens getoond."
        self.message_user(request, once, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:authtoken_tokenproxy_changelist"))

    def log_addition(self, request, obj, message):
        """Recorded in the KCC audit log (save_model) without the token's text."""
