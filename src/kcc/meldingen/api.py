"""The internal meldingen API (/api/v1/meldingen/). Thin: selectors read, services write."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from kcc.core.api import JSONParser
from kcc.core.models import OrganisationUnit
from kcc.meldingen import selectors, services, terms
from kcc.meldingen.models import Category, DelayReason, Melding, Status
from kcc.meldingen.serializers import (
    RESOLUTIONS,
    CategorySerializer,
    MeldingCreateSerializer,
    MeldingDetailSerializer,
    MeldingSerializer,
    TransitionSerializer,
)

TAG = ["Meldingen"]
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is.")
DENIED = OpenApiResponse(OpenApiTypes.OBJECT, description="Geen toegang.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Niet gevonden.")
UNREADABLE = OpenApiResponse(OpenApiTypes.OBJECT, description="De invoer is niet te lezen (soort of opmaak).")
NUMBER = OpenApiParameter("number", str, OpenApiParameter.PATH, description="Meldingnummer, bijv. M-2026-00042")
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="Code van de categorie")


@extend_schema_view(
    list=extend_schema(summary="Categorieën (subcategorieën waarin gemeld kan worden)", tags=TAG),
    retrieve=extend_schema(
        summary="Eén categorie", tags=TAG, parameters=[CODE], responses={200: CategorySerializer, 404: NOT_FOUND}
    ),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    required_permissions = ["meldingen.view_category"]
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return selectors.active_categories()


@extend_schema_view(
    list=extend_schema(
        summary="Meldingen (afdeling: alleen die van de eigen afdeling)",
        tags=TAG,
        parameters=[
            OpenApiParameter("licht", str, enum=list(terms.LIGHTS)),
            OpenApiParameter("status", str, enum=["open", *Status.values]),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén melding met geschiedenis",
        tags=TAG,
        parameters=[NUMBER],
        responses={200: MeldingDetailSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Melding maken",
        tags=TAG,
        request={"application/json": MeldingCreateSerializer, "multipart/form-data": MeldingCreateSerializer},
        responses={201: MeldingSerializer, 400: ERROR, 403: DENIED, 415: UNREADABLE},
    ),
)
class MeldingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    required_permissions = {
        "list": ["meldingen.view_melding"],
        "retrieve": ["meldingen.view_melding"],
        "create": ["meldingen.add_melding"],
        "transition": ["meldingen.view_melding"],
    }
    lookup_field = "number"
    lookup_value_regex = r"M-\d{4}-\d{5,}"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return {"retrieve": MeldingDetailSerializer, "create": MeldingCreateSerializer}.get(
            self.action, MeldingSerializer
        )

    def get_queryset(self):
        params = self.request.query_params
        if self.action == "list":
            return selectors.melding_list(
                self.request.user, light=params.get("licht", ""), status=params.get("status", ""), sort="nieuw"
            ).select_related("repeat_of")
        return (
            selectors.with_light(selectors.visible_meldingen(self.request.user))
            .select_related("category", "unit", "repeat_of")
            .annotate(repeat_count=Count("repeats"))
        )

    def get_object(self) -> Melding:
        melding = self.get_queryset().filter(number=self.kwargs["number"]).first()
        if melding is None:
            raise Http404
        return melding

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = MeldingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        category = Category.objects.filter(code=data["category"]).first()
        intake = services.Intake(
            category=category,
            description=data["description"],
            location=services.Location.from_cleaned(data),
            reporter=services.Reporter(
                name=data["reporter_name"],
                email=data["reporter_email"],
                phone=data["reporter_phone"],
                feedback=data["feedback"],
            ),
            channel=data["channel"],
            is_urgent=data["is_urgent"],
            extra=data["extra"],
            photos=data["photos"] or request.FILES.getlist("photos"),
            origin_type=data["origin_type"],
            origin_id=data["origin_id"],
        )
        melding = services.create_melding(intake, actor=request.user).melding
        created = (
            selectors.with_light(Melding.objects.filter(pk=melding.pk))
            .select_related("category", "unit", "repeat_of")
            .get()
        )
        return Response(MeldingSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Status wijzigen (doorzetten, in behandeling, afhandelen, annuleren, heropenen)",
        tags=TAG,
        parameters=[NUMBER],
        request=TransitionSerializer,
        responses={200: MeldingDetailSerializer, 400: ERROR, 403: DENIED, 404: NOT_FOUND, 415: UNREADABLE},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def transition(self, request: Request, number: str) -> Response:
        melding = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        name = data["action"]
        user = request.user
        delay_reason = DelayReason.objects.filter(code=data["delay_reason"]).first() if data["delay_reason"] else None
        if name == "doorzetten":
            unit = None
            if data["unit"]:
                unit = OrganisationUnit.objects.filter(code=data["unit"], is_active=True).first()
                if unit is None:
                    raise ValidationError({"unit": ["Onbekende afdeling."]})
            services.route_melding(melding, actor=user, unit=unit, note=data["text"])
        elif name == "in_behandeling":
            services.start_melding(melding, actor=user, note=data["text"])
        elif name == "annuleren":
            services.cancel_melding(
                melding, actor=user, text=data["text"], delay_reason=delay_reason, delay_text=data["delay_text"]
            )
        elif name == "heropenen":
            services.reopen_melding(melding, actor=user, text=data["text"])
        else:
            services.close_melding(
                melding,
                actor=user,
                resolution=RESOLUTIONS[name],
                text=data["text"],
                planned_date=data["planned_date"],
                delay_reason=delay_reason,
                delay_text=data["delay_text"],
            )
        return Response(MeldingDetailSerializer(self.get_object()).data)
