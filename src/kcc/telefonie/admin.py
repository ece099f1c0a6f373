from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from kcc.telefonie import services
from kcc.telefonie.models import Call, CallEvent, IvrMenu, IvrOpeningHours, IvrOption, PhoneSystem


@admin.register(PhoneSystem)
class PhoneSystemAdmin(admin.ModelAdmin):
    """List and revoke tokens here; a new token is made with ``kcc telefonie token create NAAM``."""

    list_display = ["name", "token_hint", "created_at", "revoked_at"]
    readonly_fields = ["name", "token_hint", "created_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Token intrekken", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[PhoneSystem]) -> None:
        for system in queryset:
            services.revoke_token(system, user=request.user)
        self.message_user(request, "De token is ingetrokken.", messages.SUCCESS)


class CallEventInline(admin.TabularInline):
    model = CallEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "occurred_at", "caller", "called", "line", "agent", "target", "answered", "transfer"]
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["call_id", "phone_system", "line", "caller", "agent", "arrived_at", "answered_at", "ended_at"]
    list_filter = ["phone_system", "line"]
    search_fields = ["call_id", "caller"]
    list_select_related = ["phone_system", "agent"]
    readonly_fields = [field.name for field in Call._meta.fields]
    inlines = [CallEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class IvrOptionInline(admin.TabularInline):
    model = IvrOption
    extra = 0
    fields = ["key", "text", "queue", "opens", "closes"]


class IvrOpeningHoursInline(admin.TabularInline):
    model = IvrOpeningHours
    extra = 0
    fields = ["weekday", "opens", "closes"]


@admin.register(IvrMenu)
class IvrMenuAdmin(admin.ModelAdmin):
    """The main menu of the 14 0xx number; closing days come from the working-day calendar (core)."""

    list_display = ["number", "name", "is_active"]
    fields = ["number", "name", "is_active", "welcome_text", "closed_text", "closing_day_text"]
    inlines = [IvrOptionInline, IvrOpeningHoursInline]
