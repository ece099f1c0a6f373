"""The contacten API under /api/v1: contactmomenten, terugbelverzoeken and signalen."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from kcc.contacten import selectors, services
from kcc.contacten.models import Callback, Channel, Signal
from kcc.contacten.privacy import normalise_contact_phone, normalise_email
from kcc.contacten.serializers import (
    CallbackCloseSerializer,
    CallbackSerializer,
    ContactmomentSerializer,
    SignalAnswerSerializer,
    SignalSerializer,
)
from kcc.core.calendar import today
from kcc.core.params import parse_id
from kcc.core.permissions import DenyByDefault
from kcc.telefonie.auth import PhoneSystemAuthentication, PhoneSystemReadsOwnContacts
from kcc.telefonie.models import PhoneSystem
from kcc.telefonie.selectors import contact_ids_of_system

ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Niet gevonden (of niet zichtbaar voor u).")
TAGS = ["Contacten"]


def _param(name: str, description: str, type_: OpenApiTypes = OpenApiTypes.STR, enum: list | None = None):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False, description=description, enum=enum)


def _date_param(request: Request, name: str):
    value = request.query_params.get(name)
    if not value:
        return None
    field = ContactmomentSerializer().fields["start"]
    try:
        return field.to_internal_value(value)
    except ApiValidationError as error:
        raise ApiValidationError({name: f"‘{value}’ is geen geldig tijdstip."}) from error


def _text_param(request: Request, name: str) -> str:
    value = request.query_params.get(name, "")
    if "\x00" in value or len(value) > 254:
        raise ApiValidationError({name: "Ongeldige tekens of te lang (maximaal 254 tekens)."})
    return value.strip()


def _choice_param(request: Request, name: str, allowed: list[str]) -> str | None:
    value = _text_param(request, name)
    if value and value not in allowed:
        raise ApiValidationError({name: f"Onbekende waarde ‘{value}’. Kies uit: {', '.join(allowed)}."})
    return value or None


class _Base(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"[^/]+"  # any id reaches the view, so a malformed one gets the API's JSON 404


@extend_schema_view(
    list=extend_schema(
        summary="Contactmomenten zoeken",
        tags=TAGS,
        responses={200: ContactmomentSerializer(many=True), 400: ERROR},
        parameters=[
            _param("telefoonnummer", "Telefoonnummer van de beller (elke schrijfwijze)."),
            _param("email", "E-mailadres van de beller."),
            _param("kanaal", "Kanaal.", enum=list(Channel.values)),
            _param("nummer", "Contactnummer, bijvoorbeeld C-2026-000123."),
            _param("extern_id", "Extern id uit een import."),
            _param("gesprek_id", "Id van het gesprek in de telefooncentrale (ook met de token van de centrale)."),
            _param("start_vanaf", "Begonnen op of na dit tijdstip.", OpenApiTypes.DATETIME),
            _param("start_tot", "Begonnen vóór dit tijdstip.", OpenApiTypes.DATETIME),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén contactmoment", tags=TAGS, responses={200: ContactmomentSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Een afgerond contactmoment registreren (zelfde vorm als de import)",
        tags=TAGS,
        responses={201: ContactmomentSerializer, 400: ERROR},
    ),
)
class ContactmomentViewSet(_Base):
    serializer_class = ContactmomentSerializer
    # A phone system's token may read the contacts of its own calls, and nothing else.
    authentication_classes = [*api_settings.DEFAULT_AUTHENTICATION_CLASSES[:1], PhoneSystemAuthentication,
                              *api_settings.DEFAULT_AUTHENTICATION_CLASSES[1:]]  # fmt: skip
    permission_classes = [DenyByDefault | PhoneSystemReadsOwnContacts]
    required_permissions = {
        "list": ["contacten.view_contactmoment"],
        "retrieve": ["contacten.view_contactmoment"],
        "create": ["contacten.add_contactmoment"],
    }

    def get_queryset(self) -> QuerySet:
        contacts = selectors.contacts_with_details().order_by("-started_at", "-id")
        if isinstance(self.request.auth, PhoneSystem):
            contacts = contacts.filter(pk__in=contact_ids_of_system(self.request.auth))
        if self.action != "list":
            return contacts
        try:
            if phone := _text_param(self.request, "telefoonnummer"):
                contacts = contacts.filter(phone=normalise_contact_phone(phone))
        except DjangoValidationError as error:
            raise ApiValidationError({"telefoonnummer": f"‘{phone}’ is geen telefoonnummer."}) from error
        if email := _text_param(self.request, "email"):
            contacts = contacts.filter(email=normalise_email(email))
        if channel := _choice_param(self.request, "kanaal", Channel.values):
            contacts = contacts.filter(channel=channel)
        if call_id := _text_param(self.request, "gesprek_id"):
            contacts = contacts.filter(call__call_id=call_id)
        if extern_id := _text_param(self.request, "extern_id"):
            contacts = contacts.filter(extern_id=extern_id)
        if number := _text_param(self.request, "nummer"):
            found = selectors.contact_by_number(number)
            contacts = contacts.filter(pk=found.pk if found else None)
        if since := _date_param(self.request, "start_vanaf"):
            contacts = contacts.filter(started_at__gte=since)
        if until := _date_param(self.request, "start_tot"):
            contacts = contacts.filter(started_at__lt=until)
        return contacts

    def create(self, request: Request, *args, **kwargs) -> Response:
        self.get_serializer(data=request.data).is_valid(raise_exception=True)
        contact = services.register_contact(request.data, agent=request.user)
        output = self.get_serializer(self.get_queryset().get(pk=contact.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Terugbelverzoeken (een backoffice-medewerker ziet alleen die van zijn eenheid)",
        tags=TAGS,
        responses={200: CallbackSerializer(many=True), 400: ERROR},
        parameters=[
            _param("status", "Status.", enum=list(Callback.Status.values)),
            _param("eenheid", "Code van de eenheid."),
            _param("contactmoment", "Id van het contactmoment.", OpenApiTypes.INT),
            _param("te_laat", "Alleen open verzoeken waarvan de termijn verstreken is.", OpenApiTypes.BOOL),
        ],
    ),
    retrieve=extend_schema(
        summary="Eén terugbelverzoek", tags=TAGS, responses={200: CallbackSerializer, 404: NOT_FOUND}
    ),
    create=extend_schema(
        summary="Een terugbelverzoek maken; de termijn telt werkdagen van de eenheid",
        tags=TAGS,
        responses={201: CallbackSerializer, 400: ERROR},
    ),
)
class CallbackViewSet(_Base):
    serializer_class = CallbackSerializer
    required_permissions = {
        "list": ["contacten.view_callback"],
        "retrieve": ["contacten.view_callback"],
        "create": ["contacten.add_callback"],
        "take": ["contacten.handle_callback"],
        "close": ["contacten.handle_callback"],
    }

    def get_queryset(self) -> QuerySet:
        callbacks = (
            selectors.callbacks_visible_to(self.request.user)
            .select_related("contact", "unit", "handler")
            .order_by("deadline", "id")
        )
        if self.action != "list":
            return callbacks
        if value := _choice_param(self.request, "status", Callback.Status.values):
            callbacks = callbacks.filter(status=value)
        if value := _text_param(self.request, "eenheid"):
            callbacks = callbacks.filter(unit__code__iexact=value)
        if value := _text_param(self.request, "contactmoment"):
            if (contact_id := parse_id(value)) is None:
                raise ApiValidationError({"contactmoment": "Gebruik het id (een getal) van het contactmoment."})
            callbacks = callbacks.filter(contact_id=contact_id)
        if _choice_param(self.request, "te_laat", ["true", "false"]) == "true":
            callbacks = callbacks.filter(status__in=Callback.OPEN_STATUSES, deadline__lt=today())
        return callbacks

    def create(self, request: Request, *args, **kwargs) -> Response:
        from kcc.medewerkers.models import Person

        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person_id = data.pop("person_id", None)
        person = Person.objects.filter(pk=person_id).first() if person_id else None
        if person_id and person is None:
            raise ApiValidationError({"persoon": f"Onbekende medewerker ‘{person_id}’."})
        callback = services.create_callback(created_by=request.user, person=person, **{"contact": None, **data})
        return Response(self.get_serializer(callback).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="In behandeling nemen",
        tags=TAGS,
        request=None,
        responses={200: CallbackSerializer, 400: ERROR, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="in-behandeling")
    def take(self, request: Request, pk: str) -> Response:
        callback = services.take_callback(self.get_object(), user=request.user)
        return Response(self.get_serializer(callback).data)

    @extend_schema(
        summary="Afsluiten met de uitkomst",
        tags=TAGS,
        request=CallbackCloseSerializer,
        responses={200: CallbackSerializer, 400: ERROR, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="afsluiten")
    def close(self, request: Request, pk: str) -> Response:
        callback = self.get_object()
        serializer = CallbackCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        callback = services.close_callback(
            callback,
            user=request.user,
            outcome=data["uitkomst"],
            note=data["toelichting"],
            call_attempts=data["belpogingen"],
        )
        return Response(self.get_serializer(callback).data)


@extend_schema_view(
    list=extend_schema(
        summary="Signalen (eigen meldingen, die van de eigen eenheid, of alle voor de teamleider)",
        tags=TAGS,
        responses={200: SignalSerializer(many=True), 400: ERROR},
        parameters=[
            _param("status", "Status.", enum=list(Signal.Status.values)),
            _param("eigenaar", "Code van de eigenaar-eenheid."),
        ],
    ),
    retrieve=extend_schema(summary="Eén signaal", tags=TAGS, responses={200: SignalSerializer, 404: NOT_FOUND}),
    create=extend_schema(summary="Een signaal melden", tags=TAGS, responses={201: SignalSerializer, 400: ERROR}),
)
class SignalViewSet(_Base):
    serializer_class = SignalSerializer
    required_permissions = {
        "list": ["contacten.view_signal"],
        "retrieve": ["contacten.view_signal"],
        "create": ["contacten.add_signal"],
        "answer": ["contacten.handle_signal"],
    }

    def get_queryset(self) -> QuerySet:
        signals = selectors.signals_visible_to(self.request.user).order_by("-created_at", "-id")
        if self.action != "list":
            return signals
        if value := _choice_param(self.request, "status", Signal.Status.values):
            signals = signals.filter(status=value)
        if value := _text_param(self.request, "eigenaar"):
            signals = signals.filter(owner_unit__code__iexact=value)
        return signals

    def perform_create(self, serializer: SignalSerializer) -> None:
        serializer.instance = services.create_signal(reported_by=self.request.user, **serializer.validated_data)

    @extend_schema(
        summary="Beantwoorden of in behandeling nemen",
        tags=TAGS,
        request=SignalAnswerSerializer,
        responses={200: SignalSerializer, 400: ERROR, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="beantwoorden")
    def answer(self, request: Request, pk: str) -> Response:
        serializer = SignalAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = services.answer_signal(
            self.get_object(),
            user=request.user,
            status=serializer.validated_data["status"],
            answer=serializer.validated_data["antwoord"],
        )
        return Response(self.get_serializer(signal).data)
