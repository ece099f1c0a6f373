"""The admin for configuration and inspection; day-to-day editing happens in the workspace."""

from django.contrib import admin
from django.urls import reverse

from kcc.core.admin import ReadOnlyAdmin
from kcc.kennisbank.models import VAC, Feedback, LearnedTerm, NewsItem, SearchLog, VACVersion


@admin.register(VAC)
class VACAdmin(ReadOnlyAdmin):
    """Read-only: VAC's are written through ``save_vac`` (sanitise, version, index) in the workspace."""

    list_display = ["vraag", "status", "is_public", "owner_user", "owner_unit", "review_date", "version"]
    list_filter = ["status", "is_public", "doelgroep", "source"]
    search_fields = ["vraag", "external_id"]

    def view_on_site(self, obj: VAC) -> str:
        return reverse("kennisbank:answer", args=[obj.pk])


@admin.register(VACVersion)
class VACVersionAdmin(ReadOnlyAdmin):
    list_display = ["vac", "version", "changed_by", "changed_at"]


@admin.register(SearchLog)
class SearchLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "query", "result_count", "opened_vac", "backoffice_contacted", "took_ms"]
    list_filter = ["channel", "backoffice_contacted"]
    search_fields = ["query"]


@admin.register(LearnedTerm)
class LearnedTermAdmin(ReadOnlyAdmin):
    """Inspection only: terms are learned by ``learn_search_terms`` and vetoed in the workspace."""

    list_display = ["term", "vac", "weight", "agents", "active", "last_used_at", "vetoed_at"]
    list_filter = ["active"]
    search_fields = ["term"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "vac", "query", "given_by", "task"]
    list_filter = ["kind"]


@admin.register(NewsItem)
class NewsItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "importance", "published_from", "published_until"]
    list_filter = ["importance"]
