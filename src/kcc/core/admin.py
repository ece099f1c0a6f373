from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from kcc.core import outbox
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
    """Read-only; a dead letter (status mislukt) can be sent again through the audited service."""

    list_display = ["created_at", "subject", "status", "attempts", "sent_at", "failed_at", "last_error"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["requeue_selected"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_requeue_permission(self, request) -> bool:
        return request.user.has_perm("core.requeue_outboxmessage")

    @admin.action(description="Opnieuw versturen (mislukte e-mail)", permissions=["requeue"])
    def requeue_selected(self, request, queryset):
        done = 0
        for message in queryset.filter(status=OutboxMessage.Status.FAILED):
            outbox.requeue(message, user=request.user)
            done += 1
        skipped = queryset.exclude(status=OutboxMessage.Status.FAILED).count()
        self.message_user(request, f"{done} e-mail(s) staan weer in de wachtrij.")
        if skipped:
            self.message_user(
                request, f"{skipped} e-mail(s) overgeslagen: alleen mislukte e-mail kan opnieuw.", messages.WARNING
            )


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "assignee", "unit", "deadline", "status"]
    list_filter = ["kind", "status"]
