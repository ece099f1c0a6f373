"""The staff directory API: units, people and their reachability at a moment. Thin: services write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kcc.core.models import OrganisationUnit
from kcc.core.search import QueryTooLong, get_engine
from kcc.medewerkers import selectors, services
from kcc.medewerkers.indexing import PERSON_SOURCE
from kcc.medewerkers.models import Membership, Person
from kcc.medewerkers.selectors import parse_moment
from kcc.medewerkers.serializers import (
    PersonSerializer,
    ReachabilitySerializer,
    UnitSerializer,
    reachability_data,
)

TIJDSTIP = OpenApiParameter(
    "tijdstip",
    OpenApiTypes.DATETIME,
    description="ISO 8601, bijv. 2025-03-04T14:30:00+01:00. Zonder tijdzone: Nederlandse tijd. Leeg: nu.",
)
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is.")
PERSON_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Nummer van de medewerker.")
UNIT_CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Code van de eenheid, bijv. belastingen.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Niet gevonden.")


def moment_of(request: Request) -> datetime:
    """The ``tijdstip`` query parameter as an aware datetime; now when absent; 400 when unreadable."""
    try:
        return parse_moment(request.query_params.get("tijdstip", ""))
    except ValueError as error:
        raise ValidationError({"tijdstip": str(error)}) from error


@extend_schema_view(
    list=extend_schema(summary="Organisatie-eenheden", tags=["Medewerkersgids"]),
    retrieve=extend_schema(
        parameters=[UNIT_CODE],
        summary="Eén eenheid",
        tags=["Medewerkersgids"],
        responses={200: UnitSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Eenheid toevoegen (beheer)", tags=["Medewerkersgids"], responses={201: UnitSerializer, 400: ERROR}
    ),
    update=extend_schema(
        parameters=[UNIT_CODE],
        summary="Eenheid wijzigen (beheer)",
        tags=["Medewerkersgids"],
        responses={200: UnitSerializer, 400: ERROR, 404: NOT_FOUND},
    ),
)
class UnitViewSet(viewsets.GenericViewSet):
    serializer_class = UnitSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    http_method_names = ["get", "post", "put", "head", "options"]
    required_permissions = {
        "list": ["core.view_organisationunit"],
        "retrieve": ["core.view_organisationunit"],
        "bereikbaarheid": ["medewerkers.view_person"],
        "create": ["core.add_organisationunit", "core.change_organisationunit"],
        "update": ["core.change_organisationunit"],
    }

    def get_queryset(self) -> QuerySet[OrganisationUnit]:
        return (
            OrganisationUnit.objects.filter(is_active=True)
            .select_related("parent", "coordinator", "directory_profile")
            .prefetch_related("windows")
            .order_by("code")
        )

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, code: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def _save(self, request: Request, code: str | None) -> OrganisationUnit:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        weeks = data.pop("bevestigen_elke_weken", None)
        if code is not None and data["code"] != code:
            raise ValidationError({"code": "De code in de URL en in de gegevens verschillen."})
        unit = services.save_unit(data, actor=request.user, confirm_every_weeks=weeks)
        return self.get_queryset().get(pk=unit.pk)

    def create(self, request: Request) -> Response:
        if OrganisationUnit.objects.filter(code=request.data.get("code")).exists():
            raise ValidationError({"code": "Er is al een eenheid met deze code; wijzig haar met PUT."})
        return Response(self.get_serializer(self._save(request, None)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, code: str) -> Response:
        self.get_object()
        return Response(self.get_serializer(self._save(request, code)).data)

    @extend_schema(
        summary="Bereikbaarheid van een eenheid op een tijdstip",
        tags=["Medewerkersgids"],
        parameters=[TIJDSTIP, UNIT_CODE],
        request=None,
        responses={200: ReachabilitySerializer, 400: ERROR, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def bereikbaarheid(self, request: Request, code: str) -> Response:
        unit = self.get_object()
        return Response(reachability_data(selectors.unit_reachability(unit, at=moment_of(request))))


@extend_schema_view(
    list=extend_schema(
        summary="Medewerkers",
        tags=["Medewerkersgids"],
        parameters=[
            OpenApiParameter("q", str, description="Zoeken op naam, functie, eenheid, onderwerp of nummer."),
            OpenApiParameter("eenheid", str, description="Alleen medewerkers van deze eenheidscode."),
        ],
        responses={200: PersonSerializer(many=True), 400: ERROR},
    ),
    retrieve=extend_schema(
        parameters=[PERSON_ID],
        summary="Eén medewerker",
        tags=["Medewerkersgids"],
        responses={200: PersonSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Medewerker toevoegen (beheer)", tags=["Medewerkersgids"], responses={201: PersonSerializer, 400: ERROR}
    ),
    update=extend_schema(
        parameters=[PERSON_ID],
        summary="Medewerker wijzigen (beheer)",
        tags=["Medewerkersgids"],
        responses={200: PersonSerializer, 400: ERROR, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        parameters=[PERSON_ID],
        summary="Medewerker verwijderen (beheer)",
        tags=["Medewerkersgids"],
        responses={204: None, 404: NOT_FOUND},
    ),
)
class PersonViewSet(viewsets.GenericViewSet):
    serializer_class = PersonSerializer
    lookup_value_regex = r"[^/]+"
    http_method_names = ["get", "post", "put", "delete", "head", "options"]
    required_permissions = {
        "list": ["medewerkers.view_person"],
        "retrieve": ["medewerkers.view_person"],
        "bereikbaarheid": ["medewerkers.view_person"],
        "create": ["medewerkers.add_person"],
        "update": ["medewerkers.change_person"],
        "destroy": ["medewerkers.delete_person"],
    }

    def get_queryset(self) -> QuerySet[Person]:
        return (
            Person.objects.select_related("stand_in_person", "stand_in_unit")
            .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("unit")))
            .order_by("name", "id")
        )

    def list(self, request: Request) -> Response:
        people = self.get_queryset()
        if code := request.query_params.get("eenheid"):
            people = people.filter(memberships__unit__code=code)
        if query := request.query_params.get("q", "").strip():
            try:
                ids = [hit.object_id for hit in get_engine().search(PERSON_SOURCE, query, limit=50)]
            except QueryTooLong as error:
                raise ValidationError({"q": str(error)}) from error
            found = {person.pk: person for person in people.filter(pk__in=ids)}
            people = [found[pk] for pk in ids if pk in found]
        page = self.paginate_queryset(people)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def _save(self, request: Request, person: Person | None) -> Person:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = serializer.validated_data
        codes = data["eenheden"]
        units = {unit.code: unit for unit in OrganisationUnit.objects.filter(code__in=codes)}
        if unknown := [code for code in codes if code not in units]:
            raise ValidationError({"eenheden": f"Onbekende eenheidscode(s): {', '.join(unknown)}."})
        saved = services.save_person(
            actor=request.user,
            person=person,
            units=[units[code] for code in codes],
            stand_in=self._stand_in(data.get("vervanger")),
            name=data["naam"],
            function=data["functie"],
            email=data["email"],
            phone_internal=data["telefoon_intern"],
            phone_mobile=data["mobiel"] or "",
            show_mobile=data["mobiel_tonen"],
            skills=data["vaardigheden"],
            schedule=data["rooster"],
            is_active=data["actief"],
        )
        return self.get_queryset().get(pk=saved.pk)

    @staticmethod
    def _stand_in(data: dict[str, Any] | None) -> Person | OrganisationUnit | None:
        if not data:
            return None
        if data["soort"] == "medewerker":
            person = Person.objects.filter(pk=data.get("id")).first() if data.get("id") is not None else None
            if person is None:
                raise ValidationError({"vervanger": "De vervanger (medewerker) bestaat niet."})
            return person
        unit = OrganisationUnit.objects.filter(code=data.get("code") or "").first()
        if unit is None:
            raise ValidationError({"vervanger": "De vervanger (eenheid) bestaat niet."})
        return unit

    def create(self, request: Request) -> Response:
        return Response(self.get_serializer(self._save(request, None)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._save(request, self.get_object())).data)

    def destroy(self, request: Request, pk: str) -> Response:
        services.delete_person(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Bereikbaarheid van een medewerker op een tijdstip",
        tags=["Medewerkersgids"],
        parameters=[TIJDSTIP, PERSON_ID],
        request=None,
        responses={200: ReachabilitySerializer, 400: ERROR, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"])
    def bereikbaarheid(self, request: Request, pk: str) -> Response:
        person = get_object_or_404(Person, pk=self.get_object().pk, is_active=True)
        return Response(
            reachability_data(selectors.person_reachability(person, viewer=request.user, at=moment_of(request)))
        )
