from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from kcc.integraties import services
from kcc.integraties.models import IntegrationJob, ServiceConfig


@admin.register(ServiceConfig)
class ServiceConfigAdmin(admin.ModelAdmin):
    list_display = ["system", "api_root", "enabled", "timeout"]


@admin.register(IntegrationJob)
class IntegrationJobAdmin(admin.ModelAdmin):
    list_display = ["pk", "system", "operation", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["system", "status", "operation"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in IntegrationJob._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Opnieuw versturen", permissions=["resend"])
    def resend(self, request, queryset) -> None:
        count = 0
        for job in queryset:
            try:
                services.resend(job, user=request.user)
            except ValidationError:
                continue
            count += 1
        messages.success(request, f"{count} taak/taken worden opnieuw verstuurd.")

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("integraties.resend_integrationjob")
