"""The IVR menu over HTTP: ``GET /api/v1/telefonie/ivr/`` for the phone system (its token) and the
preview page ``/telefonie/ivr/`` for the beheerder and the teamleider. Thin: parse, call ivr, answer."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kcc.core.access import permission_required
from kcc.telefonie import ivr
from kcc.telefonie.auth import IsPhoneSystem, PhoneSystemAuthentication
from kcc.telefonie.models import IvrMenu


class _HoursSerializer(serializers.Serializer):
    dag = serializers.CharField(help_text="maandag ... zondag")
    van = serializers.CharField(help_text="UU:MM")
    tot = serializers.CharField(help_text="UU:MM (tot, niet tot en met)")


class _OptionSerializer(serializers.Serializer):
    toets = serializers.CharField(help_text="0–9, * of #")
    tekst = serializers.CharField()
    lijn = serializers.CharField(help_text="De wachtrij in de telefooncentrale.")
    open = serializers.BooleanField(help_text="Of deze keuze nu beschikbaar is.")
    van = serializers.CharField(allow_null=True, help_text="Alleen beschikbaar vanaf (UU:MM), of null.")
    tot = serializers.CharField(allow_null=True, help_text="Alleen beschikbaar tot (UU:MM), of null.")


class IvrSerializer(serializers.Serializer):
    nummer = serializers.CharField()
    naam = serializers.CharField()
    tijdstip = serializers.DateTimeField(help_text="Het moment waarvoor ‘open’ geldt (lokale tijd van de gemeente).")
    open = serializers.BooleanField()
    reden_gesloten = serializers.ChoiceField(
        choices=[ivr.HOLIDAY, ivr.CLOSING_DAY, ivr.OUTSIDE_HOURS], allow_null=True, help_text="null als open."
    )
    omschrijving_gesloten = serializers.CharField(
        allow_null=True, help_text="Naam van de feestdag of omschrijving van de sluitingsdag."
    )
    welkomsttekst = serializers.CharField()
    gesloten_tekst = serializers.CharField(help_text="De tekst om af te spelen als het nummer gesloten is.")
    open_vanaf = serializers.DateTimeField(
        allow_null=True, help_text="Wanneer het nummer weer opengaat (als gesloten)."
    )
    openingstijden = _HoursSerializer(many=True)
    keuzes = _OptionSerializer(many=True)


class IvrView(APIView):
    authentication_classes = [PhoneSystemAuthentication]
    permission_classes = [IsPhoneSystem]
    throttle_classes: list = []

    def permission_denied(self, request: Request, message: object = None, code: object = None) -> None:
        raise exceptions.AuthenticationFailed(
            "Onbekende of ingetrokken token: stuur Authorization: Token <token> van een telefooncentrale."
        )

    @extend_schema(
        summary="Het keuzemenu (IVR) van het 14 0xx-nummer",
        description=(
            "Keuzes, teksten en openingstijden zoals beheerd in KCC, en of het nummer nu open is. "
            "Feestdagen en sluitingsdagen komen uit de werkdagenkalender van de gemeente. "
            "Met `tijdstip` vraagt de centrale het menu op voor een ander moment."
        ),
        tags=["Telefonie"],
        parameters=[
            OpenApiParameter(
                "nummer",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="Het gebelde nummer; nodig als er meer dan één actief menu is.",
            ),
            OpenApiParameter(
                "tijdstip",
                OpenApiTypes.DATETIME,
                OpenApiParameter.QUERY,
                description="ISO 8601; zonder tijdzone: lokale tijd. Standaard: nu.",
            ),
        ],
        responses={
            200: IvrSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldig tijdstip of nummer, of geen menu."),
            401: OpenApiResponse(OpenApiTypes.OBJECT, description="Geen of een ongeldige token."),
        },
    )
    def get(self, request: Request) -> Response:
        moment = _moment(request.query_params.get("tijdstip"))
        menu = ivr.menu_for(request.query_params.get("nummer"))
        return Response(IvrSerializer(ivr.menu_json(menu, moment)).data)


def _moment(value: str | None):
    if value is None or not value.strip():
        return timezone.now()
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError({"tijdstip": f"‘{value[:40]}’ is geen tijdstip; gebruik ISO 8601, bijvoorbeeld "
                                           "2026-03-10T09:30:00+01:00."})  # fmt: skip
    # Far-off years have no meaningful opening hours (and local mean time offsets are not RFC 3339).
    if not ivr.FIRST_YEAR <= moment.year <= ivr.LAST_YEAR:
        raise ValidationError({"tijdstip": f"Kies een tijdstip tussen {ivr.FIRST_YEAR} en {ivr.LAST_YEAR}."})
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))


@require_GET
@permission_required("telefonie.view_ivrmenu")
def ivr_preview(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    menus = [ivr.menu_json(menu, now) for menu in IvrMenu.objects.filter(is_active=True).order_by("number")
             .prefetch_related("opening_hours", "options")]  # fmt: skip
    return render(request, "telefonie/ivr.html", {"menus": menus})
