"""The CTI events API: ``POST /api/v1/telefonie/gebeurtenissen/`` with a phone system's token."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kcc.telefonie import services
from kcc.telefonie.auth import IsPhoneSystem, PhoneSystemAuthentication
from kcc.telefonie.events import EventResultSerializer, EventSerializer

TAGS = ["Telefonie"]
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is.")


class EventView(APIView):
    authentication_classes = [PhoneSystemAuthentication]
    permission_classes = [IsPhoneSystem]
    parser_classes = [JSONParser]
    # The token identifies a phone system, not a person: the per-visitor limit does not apply.
    throttle_classes: list = []

    def permission_denied(self, request: Request, message: Any = None, code: Any = None) -> None:
        raise exceptions.AuthenticationFailed(
            "Onbekende of ingetrokken token: stuur Authorization: Token <token> van een telefooncentrale."
        )

    @extend_schema(
        summary="Een gebeurtenis van een gesprek doorgeven (CTI)",
        description=(
            "Een telefooncentrale meldt per gesprek ‘binnenkomend’, ‘aangenomen’, ‘doorverbonden’ en "
            "‘beeindigd’. Dezelfde gebeurtenis nogmaals sturen verandert niets (200, herhaald). "
            "Gebeurtenissen mogen in een andere volgorde binnenkomen; KCC ordent ze op tijdstip. "
            "Een gebeurtenis van een gesprek waarvan ‘binnenkomend’ nog ontbreekt, wordt bewaard (202) "
            "en telt mee zodra het gesprek binnenkomt. Bij ‘aangenomen’ maakt KCC het contactmoment en "
            "opent het bij de medewerker."
        ),
        tags=TAGS,
        request=EventSerializer,
        responses={
            201: EventResultSerializer,
            200: EventResultSerializer,
            202: EventResultSerializer,
            400: ERROR,
            401: OpenApiResponse(OpenApiTypes.OBJECT, description="Geen of een ongeldige token."),
            409: OpenApiResponse(OpenApiTypes.OBJECT, description="Tegenstrijdig met een eerdere gebeurtenis."),
        },
        examples=[
            OpenApiExample(
                "Aangenomen",
                request_only=True,
                value={
                    "gesprek_id": "1733563200.42",
                    "gebeurtenis": "aangenomen",
                    "tijdstip": "2026-12-07T09:15:32+01:00",
                    "van": "0612345678",
                    "naar": "14020",
                    "lijn": "Algemeen",
                    "medewerker": "agent",
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        try:
            data = request.data
        except exceptions.ParseError as error:
            raise exceptions.ParseError(
                {"detail": "De inhoud is geen geldige JSON. Stuur één JSON-object met de velden van de gebeurtenis."}
            ) from error
        if not isinstance(data, dict):
            raise exceptions.ValidationError({"detail": "Stuur één JSON-object met de velden van de gebeurtenis."})
        serializer = EventSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        event = serializer.event()
        try:
            recorded = services.record_event(request.auth, event)
        except services.EventConflict as conflict:
            return Response({conflict.field: [conflict.message]}, status=status.HTTP_409_CONFLICT)
        call = recorded.call
        if recorded.repeated:
            code, message = status.HTTP_200_OK, "Deze gebeurtenis was al ontvangen; er is niets veranderd."
        elif not call.started:
            code = status.HTTP_202_ACCEPTED
            message = "Bewaard. ‘binnenkomend’ van dit gesprek ontbreekt nog; het telt mee zodra dat binnenkomt."
        else:
            code, message = status.HTTP_201_CREATED, "Verwerkt."
        result = {
            "gesprek_id": event.call_id,
            "gebeurtenis": event.kind,
            "herhaald": recorded.repeated,
            "gestart": call.started,
            "contactmoment": call.contact_id,
            "melding": message,
        }
        return Response(result, status=code)
