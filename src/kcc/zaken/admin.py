from django.contrib import admin
from django.urls import reverse

from kcc.core.admin import ReadOnlyAdmin, ReadOnlyInline
from kcc.zaken.models import Suspension, Zaak, ZaakStatus, ZaakType


@admin.register(ZaakType)
class ZaakTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "product", "is_active"]


class ZaakStatusInline(ReadOnlyInline):
    model = ZaakStatus
    fields = readonly_fields = ["status", "note", "set_at", "set_by"]


class SuspensionInline(ReadOnlyInline):
    """Suspensions are started and ended on the zaak page or through the API (kcc.zaken.services)."""

    model = Suspension
    fields = readonly_fields = ["reason", "start_date", "until", "end_date", "note", "started_by", "ended_by"]


@admin.register(Zaak)
class ZaakAdmin(ReadOnlyAdmin):
    """Read-only: status, outcome and suspensions change on the zaak page (status history, audit log)."""

    list_display = ["number", "zaaktype", "start_date", "deadline", "status", "outcome"]
    list_filter = ["status", "zaaktype"]
    search_fields = ["number"]
    exclude = ["bsn_hash", "token"]
    inlines = [ZaakStatusInline, SuspensionInline]

    def view_on_site(self, obj: Zaak) -> str:
        return reverse("zaken:detail", args=[obj.number])
