"""Writes of the product catalogue: each call one transaction, the search index kept in step."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from kcc.core import audit
from kcc.core.models import User
from kcc.producten.models import Product, TermUnit
from kcc.producten.search import index_product

EDITABLE_FIELDS = (
    "title",
    "synonyms",
    "description",
    "term_amount",
    "term_unit",
    "extendable",
    "extension_amount",
    "lex_silencio",
    "costs",
    "required_documents",
    "unit",
    "appointment_required",
    "is_active",
)


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:90] or "product"
    slug, number = base, 2
    while Product.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _clean_list(values: Any, field: str) -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [line for line in values.replace(",", "\n").splitlines()]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: "Geef een lijst met teksten."})
    seen: list[str] = []
    for value in (v.strip() for v in values):
        if value and value not in seen:
            seen.append(value[:200])
    return seen


def _check_term(product: Product) -> None:
    errors: dict[str, str] = {}
    if product.term_amount and not product.term_unit:
        errors["term_unit"] = "Kies of de beslistermijn in werkdagen, dagen of weken is."
    if product.term_unit and not product.term_amount:
        errors["term_amount"] = "Vul de beslistermijn in (een getal groter dan 0)."
    if product.term_unit and product.term_unit not in TermUnit.values:
        errors["term_unit"] = "Kies werkdagen, dagen of weken."
    if product.extendable and not product.extension_amount:
        errors["extension_amount"] = "Vul in met hoeveel de termijn verlengd kan worden."
    if product.extendable and not product.term_amount:
        errors["extendable"] = "Alleen een beslistermijn kan worden verlengd."
    if product.lex_silencio and not product.term_amount:
        errors["lex_silencio"] = "Van rechtswege verlenen kan alleen bij een beslistermijn."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_product(product: Product, *, actor: User | None = None, vacs: list | None = None, **fields: Any) -> Product:
    """Change the municipality's own facts of a product (the UPL fields belong to the import)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(product, name, value)
    product.synonyms = _clean_list(product.synonyms, "synonyms")
    product.required_documents = _clean_list(product.required_documents, "required_documents")
    if not product.extendable:
        product.extension_amount = None
    if not product.term_amount:
        product.term_amount, product.term_unit = None, ""
    _check_term(product)
    product.full_clean(exclude=["vacs"], validate_constraints=False)
    product.save()
    if vacs is not None:
        product.vacs.set(vacs)
    index_product(product)
    audit.record(actor, "product_gewijzigd", product, fields=sorted(fields))
    return product
