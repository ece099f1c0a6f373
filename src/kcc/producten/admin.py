from django.contrib import admin

from kcc.producten.models import Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["upl_name", "title", "term_amount", "term_unit", "unit", "appointment_required", "is_active"]
    list_filter = ["is_active", "appointment_required", "term_unit"]
    search_fields = ["upl_name", "title", "slug"]
    readonly_fields = ["upl_name", "upl_uri", "legal_basis"]
    filter_horizontal = ["vacs"]
