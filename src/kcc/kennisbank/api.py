"""The knowledge base API (``/api/v1/kennisbank/``): VAC's with CRUD, and the search."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kcc.core.search import QueryTooLong
from kcc.kennisbank import selectors, services
from kcc.kennisbank.models import VAC, SearchLog
from kcc.kennisbank.serializers import SearchParametersSerializer, SearchResultSerializer, VACSerializer

TAG = "Kennisbank"
ERRORS = {
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="Geen toegang: log in of vraag de juiste rol aan."),
}
NOT_FOUND = {404: OpenApiResponse(OpenApiTypes.OBJECT, description="Deze VAC bestaat niet of is niet zichtbaar.")}
INVALID = {400: OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer; per veld de reden.")}


@extend_schema_view(
    list=extend_schema(
        summary="VAC's opvragen",
        description="Redacteuren zien alle VAC's, andere rollen alleen de actieve.",
        parameters=[OpenApiParameter("status", enum=VAC.Status.values, description="Alleen VAC's met deze status.")],
        responses={200: VACSerializer(many=True), **INVALID, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="Eén VAC opvragen",
        description="Een VAC met antwoord en toelichting.",
        responses={200: VACSerializer, **ERRORS, **NOT_FOUND},
    ),
    create=extend_schema(
        summary="VAC toevoegen",
        description="Het antwoord wordt opgeschoond (alleen veilige HTML); de VAC krijgt versie 1 en is direct "
        "vindbaar.",
        responses={201: VACSerializer, **INVALID, **ERRORS},
    ),
    update=extend_schema(
        summary="VAC vervangen",
        description="Elke wijziging is een nieuwe versie.",
        responses={200: VACSerializer, **INVALID, **ERRORS, **NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="VAC wijzigen",
        description="Alleen de meegestuurde velden veranderen. Elke wijziging is een nieuwe versie.",
        responses={200: VACSerializer, **INVALID, **ERRORS, **NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="VAC verwijderen",
        description="Feedback en zoekgeschiedenis blijven bewaard. Zet een VAC liever op non-actief.",
        responses={204: None, **ERRORS, **NOT_FOUND},
    ),
)
@extend_schema(tags=[TAG])
class VACViewSet(viewsets.ModelViewSet):
    """VAC's (vraag-antwoordcombinaties). Every write is sanitised, versioned and indexed."""

    serializer_class = VACSerializer
    required_permissions = {
        "list": ["kennisbank.view_vac"],
        "retrieve": ["kennisbank.view_vac"],
        "create": ["kennisbank.add_vac"],
        "update": ["kennisbank.change_vac"],
        "partial_update": ["kennisbank.change_vac"],
        "destroy": ["kennisbank.delete_vac"],
    }

    def get_queryset(self) -> QuerySet[VAC]:
        vacs = (
            selectors.visible_vacs(self.request.user)
            .select_related("owner_user", "owner_unit")
            .prefetch_related("afdelingen", "related")
            .order_by("pk")
        )
        if self.action == "list" and (wanted := self.request.query_params.get("status")):
            if wanted not in VAC.Status.values:
                raise serializers.ValidationError({"status": f"Kies een van: {', '.join(VAC.Status.values)}."})
            vacs = vacs.filter(status=wanted)
        return vacs

    def perform_create(self, serializer: VACSerializer) -> None:
        serializer.instance = services.save_vac(actor=self.request.user, **serializer.service_arguments())

    def perform_update(self, serializer: VACSerializer) -> None:
        serializer.instance = services.save_vac(
            vac=serializer.instance, actor=self.request.user, **serializer.service_arguments()
        )

    def perform_destroy(self, instance: VAC) -> None:
        services.delete_vac(vac=instance, actor=self.request.user)


class SearchView(APIView):
    """Search the knowledge base as an agent does: ranked, best first, with a highlighted snippet."""

    required_permissions = ["kennisbank.search_vac"]

    @extend_schema(
        tags=[TAG],
        summary="Zoeken in de kennisbank",
        description="Zoekt in de actieve VAC's zoals een medewerker dat doet: beste resultaat eerst, met een "
        "fragment waarin de gevonden woorden in <mark> staan. Elke zoekopdracht wordt gelogd.",
        operation_id="kennisbank_zoeken",
        parameters=[SearchParametersSerializer],
        responses={200: SearchResultSerializer, **INVALID, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        parameters = SearchParametersSerializer(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        try:
            log, results = services.search_and_log(
                query=parameters.validated_data["q"],
                channel=SearchLog.Channel.API,
                user=request.user,
                limit=parameters.validated_data["limit"],
            )
        except (services.EmptyQuery, QueryTooLong) as error:
            return Response({"q": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        payload: dict[str, Any] = {"query": log.query, "took_ms": log.took_ms, "results": results}
        return Response(SearchResultSerializer(payload).data)
