from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from kcc.core.models import (
    AuditEntry,
    ClosingDay,
    OrganisationUnit,
    OutboxMessage,
    ReachabilityWindow,
    Task,
    User,
)


class ReachabilityWindowInline(admin.TabularInline):
    model = ReachabilityWindow
    extra = 0


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "transfer_policy", "is_external", "is_active"]
    list_filter = ["kind", "transfer_policy", "is_external", "is_active"]
    search_fields = ["name", "code"]
    inlines = [ReachabilityWindowInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("KCC", {"fields": ("unit",)}))
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ["date", "description"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id", "purpose"]
    list_filter = ["action", "object_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "assignee", "unit", "deadline", "status"]
    list_filter = ["kind", "status"]
