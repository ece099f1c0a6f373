from django.contrib import admin

from kcc.retentie.models import LegalHold, RetentionTerm
from kcc.retentie.registers import get_register


@admin.register(RetentionTerm)
class RetentionTermAdmin(admin.ModelAdmin):
    list_display = ["register", "months", "default_months", "note"]

    @admin.display(description="standaard (maanden)")
    def default_months(self, term: RetentionTerm) -> int | None:
        register = get_register(term.register)
        return register.default_months if register else None


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["register", "record_id", "ground", "reference", "started_at", "ended_at"]
    list_filter = ["register", "ground", "ended_at"]
    readonly_fields = ["started_at", "created_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A hold is lifted (ended_at), never deleted: the history shows why a record was kept.
        return False

    def save_model(self, request, obj: LegalHold, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
