"""Configuration for beheerders: categories with their extra questions, delay reasons, settings, API keys."""

from django.contrib import admin, messages
from django.http import HttpRequest

from kcc.meldingen import services
from kcc.meldingen.models import Category, CategoryQuestion, DelayReason, MeldingenConfig, Open311ApiKey


class QuestionInline(admin.TabularInline):
    model = CategoryQuestion
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "code", "term_days", "term_day_type", "unit", "is_active")
    list_filter = ("is_active", "term_day_type", "parent")
    search_fields = ("name", "code", "keywords")
    list_select_related = ("parent", "unit")
    inlines = [QuestionInline]


@admin.register(DelayReason)
class DelayReasonAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "is_active", "order")
    list_editable = ("is_active", "order")


@admin.register(MeldingenConfig)
class MeldingenConfigAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not MeldingenConfig.objects.exists()

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = 1  # one row of settings
        super().save_model(request, obj, form, change)


@admin.register(Open311ApiKey)
class Open311ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "is_active", "created_at", "last_used_at")
    fields = ("name", "is_active")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        api_key, plain = services.create_api_key(name=obj.name, actor=request.user)
        obj.pk, obj.prefix, obj.key_hash = api_key.pk, api_key.prefix, api_key.key_hash
        messages.warning(request, f"De nieuwe sleutel is: {plain} — bewaar hem nu, hij wordt niet nog eens getoond.")
