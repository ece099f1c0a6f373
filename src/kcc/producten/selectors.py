"""Reads of the product catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from kcc.producten.models import Product


def products_with_details() -> QuerySet[Product]:
    return Product.objects.select_related("unit").prefetch_related("vacs")


def product_list(*, active_only: bool = True, unit_code: str = "") -> QuerySet[Product]:
    products = Product.objects.select_related("unit").order_by("upl_name")
    if active_only:
        products = products.filter(is_active=True)
    if unit_code := unit_code.replace("\x00", ""):
        products = products.filter(unit__code=unit_code)
    return products


def product_by_slug(slug: str) -> Product | None:
    """The product with this slug; None for anything else (also text a database cannot hold, like NUL)."""
    return products_with_details().filter(slug=slug.replace("\x00", "")).first() if slug else None
