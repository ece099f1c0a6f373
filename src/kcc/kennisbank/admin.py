"""The admin for configuration and inspection; day-to-day editing happens in the workspace."""

from django.contrib import admin

from kcc.kennisbank.models import VAC, Feedback, NewsItem, SearchLog, VACVersion


@admin.register(VAC)
class VACAdmin(admin.ModelAdmin):
    """Read-mostly: VAC's are written through ``save_vac`` (sanitise, version, index) in the workspace."""

    list_display = ["vraag", "status", "is_public", "owner_user", "owner_unit", "review_date", "version"]
    list_filter = ["status", "is_public", "doelgroep", "source"]
    search_fields = ["vraag", "external_id"]
    readonly_fields = [field.name for field in VAC._meta.concrete_fields] + ["afdelingen", "related"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(VACVersion)
class VACVersionAdmin(admin.ModelAdmin):
    list_display = ["vac", "version", "changed_by", "changed_at"]
    readonly_fields = ["vac", "version", "snapshot", "changed_by", "changed_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SearchLog)
class SearchLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "query", "result_count", "opened_vac", "backoffice_contacted", "took_ms"]
    list_filter = ["channel", "backoffice_contacted"]
    search_fields = ["query"]
    readonly_fields = [field.name for field in SearchLog._meta.concrete_fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "vac", "query", "given_by", "task"]
    list_filter = ["kind"]
    readonly_fields = ["vac", "kind", "note", "query", "search_log", "given_by", "created_at", "task"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "importance", "published_from", "published_until"]
    list_filter = ["importance"]
    readonly_fields = [field.name for field in NewsItem._meta.concrete_fields]

    def has_add_permission(self, request) -> bool:
        return False
