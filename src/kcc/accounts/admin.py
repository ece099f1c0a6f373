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

from kcc.accounts.services import issue_api_token

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

    Only a digest of each token is stored (``kcc.accounts.authentication``). It is still the row's
    primary key, so nothing here links to, names or logs a token object; revoking is an action on
    the user list.
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
        # Only the digest is stored; the token itself exists in this one response.
        request.new_api_token = issue_api_token(actor=request.user, user=obj.user)

    def response_add(self, request, obj, post_url_continue=None):
        once = f"Het nieuwe token is: {request.new_api_token} — bewaar het nu, het wordt niet nog eens getoond."
        self.message_user(request, once, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:authtoken_tokenproxy_changelist"))

    def log_addition(self, request, obj, message):
        """Recorded in the KCC audit log (save_model) without the token's text."""
