from django.contrib import admin

from kcc.zaken.models import Zaak, ZaakStatus, ZaakType


@admin.register(ZaakType)
class ZaakTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "product", "is_active"]


class ZaakStatusInline(admin.TabularInline):
    model = ZaakStatus
    extra = 0
    readonly_fields = ["status", "note", "set_at", "set_by"]


@admin.register(Zaak)
class ZaakAdmin(admin.ModelAdmin):
    list_display = ["number", "zaaktype", "start_date", "deadline", "status", "outcome"]
    list_filter = ["status", "zaaktype"]
    search_fields = ["number"]
    readonly_fields = ["number", "deadline", "bsn_hash", "token", "klant"]
    inlines = [ZaakStatusInline]
