from django.contrib import admin

from kcc.zaken.models import Suspension, Zaak, ZaakStatus, ZaakType


@admin.register(ZaakType)
class ZaakTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "product", "is_active"]


class ZaakStatusInline(admin.TabularInline):
    model = ZaakStatus
    extra = 0
    readonly_fields = ["status", "note", "set_at", "set_by"]


class SuspensionInline(admin.TabularInline):
    """Read-only: suspensions are started and ended on the zaak page or through the API (kcc.zaken.services)."""

    model = Suspension
    extra = 0
    can_delete = False
    fields = readonly_fields = ["reason", "start_date", "until", "end_date", "note", "started_by", "ended_by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Zaak)
class ZaakAdmin(admin.ModelAdmin):
    list_display = ["number", "zaaktype", "start_date", "deadline", "status", "outcome"]
    list_filter = ["status", "zaaktype"]
    search_fields = ["number"]
    readonly_fields = ["number", "deadline", "bsn_hash", "token", "klant"]
    inlines = [ZaakStatusInline, SuspensionInline]
