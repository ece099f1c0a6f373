"""/api/v1/rapportage/: the dashboard tables as JSON, the same figures as page, CSV and CLI."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kcc.rapportage import selectors, tables
from kcc.rapportage.tables import Report

TAGS = ["Managementinformatie"]
PERMISSION = ["rapportage.view_dashboard"]


def report_json(report: Report) -> dict:
    context = report.context
    return {
        "tabel": report.key,
        "titel": report.title,
        "van": context.period.start.isoformat(),
        "tot": context.period.end.isoformat(),
        "eenheid": context.unit.code if context.unit else None,
        "niveau": context.level,
        "normen": [figure.as_json() for figure in report.figures],
        **report.data,
    }


def _query(name: str, description: str, required: bool = False, **extra) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, required=required,
                            description=description, **extra)  # fmt: skip


class TableListView(APIView):
    required_permissions = PERMISSION

    @extend_schema(
        operation_id="rapportage_tabellen_list",
        summary="De beschikbare tabellen",
        tags=TAGS,
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Lijst met sleutel, titel en omschrijving.")},
    )
    def get(self, request: Request) -> Response:
        return Response({"tabellen": [
            {"tabel": t.key, "titel": t.title, "omschrijving": t.description} for t in tables.all_tables()
        ]})  # fmt: skip


class TableView(APIView):
    required_permissions = PERMISSION

    @extend_schema(
        operation_id="rapportage_tabel_retrieve",
        summary="Eén tabel over een periode",
        description=(
            "De cijfers van een dashboardtabel: `normen` (gemeten waarde, norm en verkeerslicht) en de rijen. "
            "De periode is inclusief en geldt in de tijdzone van de gemeente."
        ),
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "tabel",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Sleutel van de tabel.",
                enum=[t.key for t in tables.all_tables()],
            ),
            _query("van", "Eerste dag (JJJJ-MM-DD), inclusief.", required=True, pattern=r"^\d{4}-\d{2}-\d{2}$"),
            _query("tot", "Laatste dag (JJJJ-MM-DD), inclusief.", required=True, pattern=r"^\d{4}-\d{2}-\d{2}$"),
            _query("eenheid", "Code van een eenheid: alleen die eenheid en wat eronder valt."),
            _query("niveau", "Niveau voor bereikbaarheid.", enum=["dienst", "sector", "afdeling"]),
        ],
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="De cijfers."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige periode, eenheid of niveau."),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Onbekende tabel."),
        },
    )
    def get(self, request: Request, tabel: str) -> Response:
        if tables.get(tabel) is None:
            raise Http404
        params = request.query_params
        context = selectors.build_context(params.get("van"), params.get("tot"), params.get("eenheid"),
                                          params.get("niveau"))  # fmt: skip
        return Response(report_json(selectors.report(tabel, context)))
