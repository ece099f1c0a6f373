"""The product catalogue API (/api/v1/producten). Thin: selectors read, services write."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from kcc.producten import selectors, services
from kcc.producten.models import Product
from kcc.producten.search import QueryTooLong, search_products
from kcc.producten.serializers import ProductSerializer

TAG = ["Producten"]
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Niet gevonden.")
UNREADABLE = OpenApiResponse(OpenApiTypes.OBJECT, description="De invoer is niet te lezen (soort of opmaak).")
DENIED = OpenApiResponse(OpenApiTypes.OBJECT, description="Geen toegang.")
SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Korte naam van het product, bijv. paspoort")


@extend_schema_view(
    list=extend_schema(
        summary="Producten (actief), of zoeken met q",
        tags=TAG,
        parameters=[
            OpenApiParameter("q", str, description="Zoekwoorden (zoals bellers ze zeggen)"),
            OpenApiParameter("afdeling", str, description="Code van de behandelende afdeling"),
        ],
        responses={200: ProductSerializer(many=True), 400: ERROR},
    ),
    retrieve=extend_schema(
        summary="Eén product", tags=TAG, parameters=[SLUG], responses={200: ProductSerializer, 404: NOT_FOUND}
    ),
    partial_update=extend_schema(
        summary="Eigen gegevens van een product wijzigen (titel, termijn, kosten, ...)",
        tags=TAG,
        parameters=[SLUG],
        responses={200: ProductSerializer, 400: ERROR, 403: DENIED, 415: UNREADABLE, 404: NOT_FOUND},
    ),
)
class ProductViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ProductSerializer
    required_permissions = {
        "list": ["producten.view_product"],
        "retrieve": ["producten.view_product"],
        "partial_update": ["producten.view_product", "producten.change_product"],
    }
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.product_list(unit_code=self.request.query_params.get("afdeling", "")).prefetch_related("vacs")

    def list(self, request: Request, *args, **kwargs) -> Response:
        query = request.query_params.get("q", "").strip()
        if not query:
            return super().list(request, *args, **kwargs)
        try:
            products = search_products(query, limit=20)
        except QueryTooLong as error:
            return Response({"q": [str(error)]}, status=400)
        page = self.paginate_queryset(products)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self) -> Product:
        product = selectors.product_by_slug(self.kwargs["slug"])
        if product is None:
            raise Http404
        return product

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        product = self.get_object()
        serializer = self.get_serializer(product, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        vacs = data.pop("vacs", None)
        services.save_product(product, actor=request.user, vacs=vacs, **data)
        return Response(self.get_serializer(selectors.product_by_slug(product.slug)).data)
