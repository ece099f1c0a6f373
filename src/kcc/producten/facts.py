"""Product facts embedded in other texts: ``[[product:<slug>:<fact>]]`` in a VAC answer.

The kennisbank resolves placeholders through its registry (:func:`kcc.kennisbank.html.register_fact_source`)
at render time, so a VAC always shows the catalogue's current value.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape

from kcc.producten import terms
from kcc.producten.models import Product


def _documents(product: Product) -> str:
    return ", ".join(product.required_documents) or "geen"


FACTS: dict[str, Callable[[Product], str]] = {
    "titel": lambda product: product.display_title,
    "beslistermijn": terms.term_text,
    "termijn": terms.term_short,
    "kosten": lambda product: product.costs or "geen kosten",
    "documenten": _documents,
    "afdeling": lambda product: product.unit.name if product.unit else "",
    "afspraak": lambda product: (
        "U moet hiervoor een afspraak maken." if product.appointment_required else "U hebt geen afspraak nodig."
    ),
}


def resolve(slugs: set[str]) -> Callable[[str, str], str | None]:
    """Load the named products in one query; the returned function renders one fact as safe HTML."""
    products = {p.slug: p for p in Product.objects.filter(slug__in=slugs, is_active=True).select_related("unit")}

    def render(slug: str, fact: str) -> str | None:
        product = products.get(slug)
        render_fact = FACTS.get(fact)
        if product is None or render_fact is None:
            return None
        return escape(render_fact(product))

    return render
