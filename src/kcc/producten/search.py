"""Products in the shared full-text index (``kcc.core.search``), source ``product``.

Title, UPL name and synonyms weigh most; the description least. Inactive products are indexed
without the ``actief`` tag, so searches that ask for it skip them.
"""

from __future__ import annotations

from collections.abc import Iterator

from kcc.core.search import Document, QueryTooLong, get_engine, register_source
from kcc.producten.models import Product

SOURCE = "product"
ACTIVE = "actief"


def product_document(product: Product) -> Document:
    return Document(
        source=SOURCE,
        object_id=product.pk,
        title=f"{product.display_title} {product.upl_name}",
        keywords=" ".join(product.synonyms or []),
        body=product.description,
        tags=frozenset({ACTIVE} if product.is_active else set()),
    )


def index_product(product: Product) -> None:
    get_engine().index(product_document(product))


def search_products(query: str, *, limit: int = 8) -> list[Product]:
    """Active products matching ``query``, best first; raises ``QueryTooLong``."""
    hits = get_engine().search(SOURCE, query, limit=limit, tags=frozenset({ACTIVE}))
    products = Product.objects.select_related("unit").in_bulk([hit.object_id for hit in hits])
    return [products[hit.object_id] for hit in hits if hit.object_id in products and products[hit.object_id].is_active]


def _all_documents() -> Iterator[Document]:
    for product in Product.objects.iterator(chunk_size=500):
        yield product_document(product)


register_source(SOURCE, _all_documents)

__all__ = ["QueryTooLong", "index_product", "search_products"]
