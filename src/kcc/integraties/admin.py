from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from kcc.integraties import services
from kcc.integraties.models import IntegrationJob, ServiceConfig


class ServiceConfigForm(forms.ModelForm):
    """The token is write-only: never shown again, and left empty it stays as it was."""

    api_root = forms.URLField(label="API-root", max_length=300, assume_scheme="https")
    token = forms.CharField(
        label="Token of API-sleutel",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Leeg laten: het bestaande token (of de omgevingsvariabele) blijft gelden.",
    )

    class Meta:
        model = ServiceConfig
        fields = ["system", "api_root", "token", "enabled", "timeout"]

    def clean_token(self) -> str:
        return self.cleaned_data["token"] or (self.instance.token if self.instance.pk else "")


@admin.register(ServiceConfig)
class ServiceConfigAdmin(admin.ModelAdmin):
    form = ServiceConfigForm
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
