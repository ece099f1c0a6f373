"""The zaken API (/api/v1/zaken): the local register, and look-ups in the configured source."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework import status as http_status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kcc.zaken import notificaties, selectors, services
from kcc.zaken.bronnen import ZakenBronFout, bron_kind, get_bron
from kcc.zaken.models import Status, Zaak, ZaakType
from kcc.zaken.serializers import (
    NotificatieSerializer,
    ZaakActieSerializer,
    ZaakCreateSerializer,
    ZaakInfoSerializer,
    ZaakSerializer,
    ZoekenSerializer,
)

TAG = ["Zaken"]
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Niet gevonden.")
UNREADABLE = OpenApiResponse(OpenApiTypes.OBJECT, description="De invoer is niet te lezen (soort of opmaak).")
DENIED = OpenApiResponse(OpenApiTypes.OBJECT, description="Geen toegang.")
UNAVAILABLE = OpenApiResponse(OpenApiTypes.OBJECT, description="Het zaaksysteem kon niet antwoorden.")
# "zoeken" is the path of the search (POST zaken/zoeken), so no zaak of that identificatie can be read here.
NUMMER = OpenApiParameter(
    "nummer",
    {"type": "string", "pattern": "^(?!zoeken$)[^/]+$"},
    OpenApiParameter.PATH,
    description="Zaakidentificatie, bijv. Z-2026-00042 (niet 'zoeken': dat pad is de zoekvraag).",
)


class ZaakViewSet(viewsets.GenericViewSet):
    required_permissions = {
        "list": ["zaken.view_zaak"],
        "retrieve": ["zaken.view_zaak"],
        "zoeken": ["zaken.view_zaak"],
        "create": ["zaken.add_zaak"],
        "actie": ["zaken.view_zaak", "zaken.change_zaak"],
    }
    serializer_class = ZaakSerializer
    lookup_field = "nummer"
    lookup_value_regex = r"[-A-Za-z0-9_.]{1,40}"

    def get_queryset(self):
        return selectors.zaak_list(self.request.user, status=self.request.query_params.get("status", ""))

    @extend_schema(
        summary="Zaken in het lokale register",
        tags=TAG,
        parameters=[OpenApiParameter("status", str, enum=["open", *Status.values])],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset().select_related("zaaktype__product"))
        return self.get_paginated_response(ZaakSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén zaak met statusgeschiedenis (uit de ingestelde bron: lokaal of zaaksysteem)",
        tags=TAG,
        parameters=[NUMMER],
        responses={200: ZaakInfoSerializer, 404: NOT_FOUND, 502: UNAVAILABLE},
    )
    def retrieve(self, request: Request, nummer: str) -> Response:
        if bron_kind() == "lokaal" and selectors.local_zaak(nummer, request.user) is None:
            return Response({"detail": "Deze zaak bestaat niet."}, status=http_status.HTTP_404_NOT_FOUND)
        try:
            info = get_bron().zaak(nummer)
        except ZakenBronFout as error:
            return Response({"detail": str(error)}, status=http_status.HTTP_502_BAD_GATEWAY)
        if info is None:
            return Response({"detail": "Deze zaak bestaat niet."}, status=http_status.HTTP_404_NOT_FOUND)
        return Response(ZaakInfoSerializer(info).data)

    @extend_schema(
        summary="Zaken van een persoon op BSN (met doel; wordt vastgelegd)",
        tags=TAG,
        request=ZoekenSerializer,
        responses={200: ZaakInfoSerializer(many=True), 400: ERROR, 403: DENIED, 415: UNREADABLE, 502: UNAVAILABLE},
    )
    @action(detail=False, methods=["post"], url_path="zoeken")
    def zoeken(self, request: Request) -> Response:
        serializer = ZoekenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            infos = selectors.zaken_voor_bsn(
                serializer.validated_data["bsn"], user=request.user, purpose=serializer.validated_data["doel"]
            )
        except ZakenBronFout as error:
            return Response({"detail": str(error)}, status=http_status.HTTP_502_BAD_GATEWAY)
        return Response(ZaakInfoSerializer(infos, many=True).data)

    @extend_schema(
        summary="Zaak registreren in het lokale register (de uiterste beslisdatum volgt uit het product)",
        tags=TAG,
        request=ZaakCreateSerializer,
        responses={201: ZaakSerializer, 400: ERROR, 403: DENIED, 415: UNREADABLE},
    )
    def create(self, request: Request) -> Response:
        serializer = ZaakCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        zaaktype = ZaakType.objects.filter(code=data["zaaktype"]).select_related("product__unit").first()
        if zaaktype is None:
            raise ValidationError({"zaaktype": "Onbekend zaaktype."})
        if not selectors.may_register(request.user, zaaktype):
            raise ValidationError({"zaaktype": "Dit zaaktype hoort niet bij uw afdeling."})
        zaak = services.create_zaak(
            zaaktype=zaaktype,
            start_date=data["startdatum"],
            actor=request.user,
            description=data["omschrijving"],
            bsn=data["bsn"],
            bsn_purpose=data["bsn_doel"],
            phone=data["telefoon"],
            email=data["email"],
        )
        return Response(ZaakSerializer(selectors.local_zaak(zaak.number)).data, status=http_status.HTTP_201_CREATED)

    @extend_schema(
        summary="Status zetten, termijn verlengen, termijn opschorten (Awb 4:15) of de opschorting beëindigen, "
        "of afhandelen met een uitkomst",
        tags=TAG,
        parameters=[NUMMER],
        request=ZaakActieSerializer,
        responses={200: ZaakSerializer, 400: ERROR, 403: DENIED, 415: UNREADABLE, 404: NOT_FOUND},
    )
    def actie(self, request: Request, nummer: str) -> Response:
        zaak = selectors.local_zaak(nummer, request.user)
        if zaak is None:
            return Response({"detail": "Deze zaak bestaat niet."}, status=http_status.HTTP_404_NOT_FOUND)
        serializer = ZaakActieSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            self._apply(zaak, data, request)
        except ValidationError as error:
            names = {
                "reason": "opschorting_reden" if data["actie"] == "opschorten" else "toelichting",
                "outcome": "uitkomst",
                "start_date": "datum",
                "end_date": "datum",
                "until": "gestelde_termijn",
            }
            raise ValidationError({names.get(k, k): v for k, v in error.message_dict.items()}) from None
        return Response(ZaakSerializer(selectors.local_zaak(nummer)).data)

    def _apply(self, zaak: Zaak, data: dict, request: Request) -> None:
        if data["actie"] == "status":
            if "status" not in data:
                raise ValidationError({"status": "Kies de nieuwe status."})
            services.set_status(zaak, status=data["status"], actor=request.user, note=data["toelichting"])
        elif data["actie"] == "verlengen":
            services.extend_term(zaak, reason=data["toelichting"], actor=request.user)
        elif data["actie"] == "opschorten":
            if "opschorting_reden" not in data:
                raise ValidationError({"reason": "Kies de grond voor de opschorting."})
            services.suspend_term(
                zaak,
                reason=data["opschorting_reden"],
                start_date=data.get("datum") or timezone.localdate(),
                until=data.get("gestelde_termijn"),
                actor=request.user,
                note=data["toelichting"],
            )
        elif data["actie"] == "opschorting_beeindigen":
            services.end_suspension(
                zaak, end_date=data.get("datum") or timezone.localdate(), actor=request.user, note=data["toelichting"]
            )
        else:
            if "uitkomst" not in data:
                raise ValidationError({"uitkomst": "Kies een uitkomst."})
            services.close_zaak(zaak, outcome=data["uitkomst"], actor=request.user, note=data["toelichting"])


class NotificatieView(APIView):
    """The Notificaties API's callback for kanaal ``zaken`` (see :mod:`kcc.zaken.notificaties`)."""

    # The NRC signs with the token KCC registered, not as a user: checked in ``post``.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Notificatie ontvangen (kanaal zaken)",
        description=(
            "De Notificaties API levert hier de notificaties van kanaal ‘zaken’ af, met in de "
            "Authorization-header de waarde die KCC bij het abonnement opgaf (Token <token>). KCC "
            "haalt daarna de zaak op en werkt de getoonde status bij. 204: ontvangen en bewaard."
        ),
        tags=TAG,
        request=NotificatieSerializer,
        responses={
            204: OpenApiResponse(description="Ontvangen; de zaak wordt bijgewerkt."),
            400: ERROR,
            403: DENIED,
            415: UNREADABLE,
            503: UNAVAILABLE,
        },
    )
    def post(self, request: Request) -> Response:
        if not notificaties.authorised(request.headers.get("Authorization", "")):
            return Response(
                {"detail": "Onbekende afzender: gebruik de Authorization-waarde van het abonnement."},
                status=http_status.HTTP_403_FORBIDDEN,
            )
        try:
            data = request.data
        except exceptions.ParseError as error:
            raise exceptions.ParseError({"detail": "De inhoud is geen geldige JSON-notificatie."}) from error
        if not isinstance(data, dict):
            raise exceptions.ValidationError({"detail": "Stuur één notificatie als JSON-object."})
        serializer = NotificatieSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                job = notificaties.receive(serializer.validated_data)
        except notificaties.NotificationRefused as error:
            raise exceptions.ValidationError({"kanaal": [str(error)]}) from error
        if job is None:
            return Response(
                {"detail": "Het zaaksysteem is niet ingesteld (KCC_ZGW_ZAKEN_URL); de notificatie is niet verwerkt."},
                status=http_status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response(status=http_status.HTTP_204_NO_CONTENT)
