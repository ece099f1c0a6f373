"""Workspace pages of the product catalogue, and its group in the header search box."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kcc.contacten import capture
from kcc.contacten.models import QuestionItem
from kcc.core.access import permission_required
from kcc.producten import selectors, services, terms
from kcc.producten.forms import ProductForm
from kcc.producten.search import QueryTooLong, search_products


def workspace_section(request: HttpRequest, query: str) -> dict[str, Any] | None:
    """The Producten group of the header search box: answered from the search index."""
    try:
        products = search_products(query, limit=5)
    except QueryTooLong:
        return None
    if not products:
        return None
    return {"products": [(product, terms.term_short(product)) for product in products]}


@permission_required("producten.view_product")
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    error = ""
    if query:
        try:
            products = search_products(query, limit=50)
        except QueryTooLong as too_long:
            products, error = [], str(too_long)
    else:
        products = selectors.product_list()
    page = Paginator(products, 50).get_page(request.GET.get("pagina"))
    return render(request, "producten/list.html", {"page": page, "query": query, "error": error})


def _product(slug: str):
    product = selectors.product_by_slug(slug)
    if product is None:
        raise Http404("Dit product bestaat niet.")
    return product


@permission_required("producten.view_product")
@require_GET
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = _product(slug)
    item = capture.item_opened(request, QuestionItem.Kind.PRODUCT, product.pk)
    response = render(request, "producten/detail.html", {"product": product, "term": terms.term_text(product)})
    return capture.opened_response(response, item)


@permission_required("producten.change_product")
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, slug: str) -> HttpResponse:
    product = _product(slug)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        vacs = list(data.pop("vacs"))
        try:
            services.save_product(product, actor=request.user, vacs=vacs, **data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "Het product is opgeslagen.")
            return redirect("producten:detail", slug=product.slug)
    return render(
        request, "producten/form.html", {"product": product, "form": form}, status=400 if form.errors else 200
    )
