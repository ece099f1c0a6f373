"""Service norms for beheerders: a new row with a later ``valid_from`` changes a norm from that day on,
so earlier reports keep the norm of their own time."""

from django import forms
from django.contrib import admin

from kcc.rapportage import services
from kcc.rapportage.models import ServiceNorm


class ServiceNormForm(forms.ModelForm):
    class Meta:
        model = ServiceNorm
        fields = ("kind", "scope", "value", "valid_from", "note")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") and data.get("value") is not None:
            data["value"] = services.validate_norm(data["kind"], data["value"])
        return data


@admin.register(ServiceNorm)
class ServiceNormAdmin(admin.ModelAdmin):
    form = ServiceNormForm
    list_display = ("kind", "scope", "value", "valid_from", "note", "created_by")
    list_filter = ("kind",)
    search_fields = ("scope", "note")
    date_hierarchy = "valid_from"

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
