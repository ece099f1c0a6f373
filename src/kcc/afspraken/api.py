"""The appointments API (/api/v1/afspraken). Thin: selectors read, services write."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kcc.afspraken import selectors, services
from kcc.afspraken.models import Appointment, Channel
from kcc.afspraken.serializers import AppointmentCreateSerializer, AppointmentSerializer, FreeSlotsSerializer
from kcc.producten.models import Product

TAG = ["Afspraken"]
ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is; er is niets geboekt."
)
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Niet gevonden.")
UNREADABLE = OpenApiResponse(OpenApiTypes.OBJECT, description="De invoer is niet te lezen (soort of opmaak).")
DENIED = OpenApiResponse(OpenApiTypes.OBJECT, description="Geen toegang.")
NUMMER = OpenApiParameter("nummer", str, OpenApiParameter.PATH, description="Afspraaknummer, bijv. A-2026-00042")


class AppointmentViewSet(viewsets.GenericViewSet):
    required_permissions = {
        "list": ["afspraken.view_appointment"],
        "retrieve": ["afspraken.view_appointment"],
        "tijden": ["afspraken.view_appointment"],
        "create": ["afspraken.add_appointment"],
        "annuleren": ["afspraken.change_appointment"],
    }
    serializer_class = AppointmentSerializer
    lookup_field = "nummer"

    def get_queryset(self):
        return selectors.upcoming(location_code=self.request.query_params.get("locatie", ""))

    @extend_schema(
        summary="Komende afspraken",
        tags=TAG,
        parameters=[OpenApiParameter("locatie", str, description="Code van de locatie")],
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(AppointmentSerializer(page, many=True).data)

    def _get(self, nummer: str) -> Appointment:
        appointment = selectors.with_details(Appointment.objects.filter(number=nummer.replace("\x00", ""))).first()
        if appointment is None:
            raise Http404
        return appointment

    @extend_schema(
        summary="Eén afspraak", tags=TAG, parameters=[NUMMER], responses={200: AppointmentSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request: Request, nummer: str) -> Response:
        return Response(AppointmentSerializer(self._get(nummer)).data)

    @extend_schema(
        summary="Afspraak maken (de intake-antwoorden bepalen de soort)",
        tags=TAG,
        request=AppointmentCreateSerializer,
        responses={201: AppointmentSerializer, 400: ERROR, 403: DENIED, 415: UNREADABLE},
    )
    def create(self, request: Request) -> Response:
        serializer = AppointmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        product = Product.objects.filter(slug=data["product"]).first()
        location = selectors.location_by_code(data["locatie"])
        try:
            appointment = services.book(
                product=product,
                location=location,
                starts_at=data["begin"],
                booker=services.Booker(data["naam"], data["email"], data["telefoon"]),
                answers=data["antwoorden"],
                channel=Channel.API,
                actor=request.user,
                origin_type=data["herkomst_type"],
                origin_id=data["herkomst_id"],
            )
        except ValidationError as error:
            names = {"starts_at": "begin", "location": "locatie", "name": "naam", "phone": "telefoon"}
            return Response(
                {names.get(k, k): v for k, v in error.message_dict.items()}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(AppointmentSerializer(self._get(appointment.number)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Afspraak annuleren",
        tags=TAG,
        parameters=[NUMMER],
        request=None,
        responses={200: AppointmentSerializer, 400: ERROR, 403: DENIED, 415: UNREADABLE, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def annuleren(self, request: Request, nummer: str) -> Response:
        services.cancel(self._get(nummer), actor=request.user)
        return Response(AppointmentSerializer(self._get(nummer)).data)

    @extend_schema(
        summary="Vrije tijden voor een product op een dag (zonder intake: de standaardsoort)",
        tags=TAG,
        parameters=[
            OpenApiParameter("product", str, required=True),
            OpenApiParameter("locatie", str, required=True),
            OpenApiParameter("datum", OpenApiTypes.DATE, required=True),
        ],
        responses={200: FreeSlotsSerializer, 400: ERROR, 403: DENIED, 415: UNREADABLE},
    )
    @action(detail=False, methods=["get"])
    def tijden(self, request: Request) -> Response:
        params = request.query_params
        product = Product.objects.filter(slug=params.get("product", "").replace("\x00", "")).first()
        location = selectors.location_by_code(params.get("locatie", ""))
        try:
            day = date.fromisoformat(params.get("datum", ""))
        except ValueError:
            return Response({"datum": ["Geef een datum als JJJJ-MM-DD."]}, status=status.HTTP_400_BAD_REQUEST)
        if location is None:
            return Response({"locatie": ["Onbekende locatie."]}, status=status.HTTP_400_BAD_REQUEST)
        appointment_type = services.default_type(product)
        slots = services.free_slots(appointment_type, location, day)
        return Response(
            {"soort": appointment_type.name, "duur_minuten": appointment_type.duration_minutes, "tijden": slots}
        )
