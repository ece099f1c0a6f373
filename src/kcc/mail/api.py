"""The e-mail API (/api/v1/mail/): messages, threads and their actions. Thin: selectors read, services write."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kcc.core import audit
from kcc.core.params import parse_id
from kcc.mail import selectors, services
from kcc.mail.models import Forward, Message, Thread
from kcc.mail.serializers import (
    AnswerSerializer,
    CheckSerializer,
    CloseSerializer,
    ForwardAnswerSerializer,
    ForwardCreateSerializer,
    ForwardSerializer,
    MessageDetailSerializer,
    MessageSerializer,
    ThreadDetailSerializer,
    ThreadSerializer,
    TriageSerializer,
)

TAG = ["E-mail"]
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description="Ongeldige invoer: per veld staat erbij wat er mis is.")
DENIED = OpenApiResponse(OpenApiTypes.OBJECT, description="Geen toegang.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Niet gevonden.")
CHECKS = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Uitkomst van de controles: waarschuwingen, vragen, leesbaarheid."
)
THREAD_NUMBER = OpenApiParameter("nummer", str, OpenApiParameter.PATH, description="Nummer, bijv. E-2026-000123")
MESSAGE_NUMBER = OpenApiParameter("nummer", str, OpenApiParameter.PATH, description="Nummer, bijv. B-2026-0000042")
THREAD_REGEX = r"E-\d{4}-\d{6,}"
MESSAGE_REGEX = r"B-\d{4}-\d{7,}"


@extend_schema_view(
    list=extend_schema(
        summary="E-mailberichten (backoffice: alleen wat naar de eigen eenheid is doorgestuurd)", tags=TAG
    ),
    retrieve=extend_schema(
        summary="Eén bericht met tekst en bijlagen (wordt gelogd)",
        tags=TAG,
        parameters=[MESSAGE_NUMBER],
        responses={200: MessageDetailSerializer, 404: NOT_FOUND},
    ),
)
class MessageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_permissions = ["mail.view_message"]
    lookup_field = "nummer"
    lookup_value_regex = MESSAGE_REGEX

    def get_serializer_class(self):
        return MessageDetailSerializer if self.action == "retrieve" else MessageSerializer

    def get_queryset(self):
        user = self.request.user
        messages = Message.objects.select_related("thread").order_by("-received_at", "-id")
        if not user.has_perm("mail.view_all_threads"):
            messages = messages.filter(thread__in=selectors.threads_visible_to(user))
        return messages

    def get_object(self) -> Message:
        found = selectors.message_by_number(self.kwargs["nummer"])
        if found is None or not self.get_queryset().filter(pk=found.pk).exists():
            raise Http404
        audit.record(self.request.user, "mail.bericht_gelezen", found)
        return found


@extend_schema_view(
    list=extend_schema(
        summary="E-maildraden (KCC: alle; backoffice: doorgestuurd naar de eigen eenheid)",
        tags=TAG,
        parameters=[OpenApiParameter("status", str, enum=["open", "mijn", "doorgestuurd", "terug", "afgesloten"])],
    ),
    retrieve=extend_schema(
        summary="Eén draad met berichten en doorsturingen (wordt gelogd)",
        tags=TAG,
        parameters=[THREAD_NUMBER],
        responses={200: ThreadDetailSerializer, 404: NOT_FOUND},
    ),
)
class ThreadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_permissions = {
        "list": ["mail.view_thread"],
        "retrieve": ["mail.view_thread"],
        "*": ["mail.handle_thread"],
    }
    lookup_field = "nummer"
    lookup_value_regex = THREAD_REGEX

    def get_serializer_class(self):
        return ThreadDetailSerializer if self.action == "retrieve" else ThreadSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.queue(
                self.request.user, scope=self.request.query_params.get("status", "open")
            ).select_related("contact")
        return selectors.threads_visible_to(self.request.user)

    def get_object(self) -> Thread:
        found = selectors.thread_by_number(self.kwargs["nummer"])
        if found is None or not self.get_queryset().filter(pk=found.pk).exists():
            raise Http404
        return found

    def _detail(self, thread: Thread) -> Response:
        thread = selectors.thread_detail(thread.pk)
        context = {"messages": selectors.thread_messages(thread)}
        return Response(ThreadDetailSerializer(thread, context=context).data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        thread = self.get_object()
        audit.record(request.user, "mail.draad_gelezen", thread)
        return self._detail(thread)

    @extend_schema(
        summary="Triage: vraag, melding, klacht, intern of spam",
        tags=TAG,
        parameters=[THREAD_NUMBER],
        request=TriageSerializer,
        responses={200: ThreadDetailSerializer, 400: ERROR, 403: DENIED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def triage(self, request: Request, nummer: str) -> Response:
        serializer = TriageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        thread = services.triage(self.get_object(), user=request.user, kind=serializer.validated_data["soort"])
        return self._detail(thread)

    @extend_schema(
        summary="Controleer een concept-antwoord (verstuurt niets)",
        tags=TAG,
        parameters=[THREAD_NUMBER],
        request=CheckSerializer,
        responses={200: CHECKS, 400: ERROR, 403: DENIED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def controle(self, request: Request, nummer: str) -> Response:
        serializer = CheckSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = services.check_answer(self.get_object(), data["tekst"], ticked=data["afgevinkt"])
        return Response(report.as_dict())

    @extend_schema(
        summary="Antwoord versturen; waarschuwingen moeten gezien zijn (anders 400 met de controles)",
        tags=TAG,
        parameters=[THREAD_NUMBER],
        request=AnswerSerializer,
        responses={201: MessageDetailSerializer, 400: ERROR, 403: DENIED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def antwoord(self, request: Request, nummer: str) -> Response:
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            message = services.send_answer(
                self.get_object(),
                user=request.user,
                text=data["tekst"],
                ticked=data["afgevinkt"],
                acknowledged=data["waarschuwingen_gezien"],
            )
        except services.ChecksNotAcknowledged as unacknowledged:
            return Response(
                {**unacknowledged.message_dict, "controles": unacknowledged.report.as_dict()},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(MessageDetailSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Doorsturen naar een eenheid of persoon (Forward & Track)",
        tags=TAG,
        parameters=[THREAD_NUMBER],
        request=ForwardCreateSerializer,
        responses={201: ForwardSerializer, 400: ERROR, 403: DENIED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def doorsturen(self, request: Request, nummer: str) -> Response:
        serializer = ForwardCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = services.forward(
            self.get_object(),
            user=request.user,
            unit=data["eenheid"],
            person=data.get("persoon"),
            note=data["toelichting"],
        )
        return Response(ForwardSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Afsluiten met een eindstatus",
        tags=TAG,
        parameters=[THREAD_NUMBER],
        request=CloseSerializer,
        responses={200: ThreadDetailSerializer, 400: ERROR, 403: DENIED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def afsluiten(self, request: Request, nummer: str) -> Response:
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        thread = services.close(
            self.get_object(), user=request.user, end_state=data["eindstatus"], reason=data["reden"]
        )
        return self._detail(thread)


@extend_schema_view(
    list=extend_schema(summary="Doorgestuurde e-mails (backoffice: van de eigen eenheid of aan uzelf)", tags=TAG),
)
class ForwardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ForwardSerializer
    required_permissions = {"list": ["mail.view_forward"], "*": ["mail.view_forward"]}

    def get_queryset(self):
        return selectors.backoffice_inbox(self.request.user, status=self.request.query_params.get("status", "open"))

    def get_object(self) -> Forward:
        found = self.get_queryset().filter(pk=pk).first() if (pk := parse_id(self.kwargs["pk"])) else None
        if found is None:
            raise Http404
        return found

    @extend_schema(
        summary="Antwoord van de backoffice (terug naar het KCC, of rechtstreeks naar de inwoner als afgesproken)",
        tags=TAG,
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        request=ForwardAnswerSerializer,
        responses={200: ForwardSerializer, 400: ERROR, 403: DENIED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def antwoord(self, request: Request, pk: str) -> Response:
        serializer = ForwardAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.answer_forward(self.get_object(), user=request.user, text=serializer.validated_data["tekst"])
        return Response(ForwardSerializer(item).data)
