"""API /api/v1/klachten: the complaint file for the coordinator and the assigned handler only,
registration for whoever may register, and recognition as a service for every channel."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kcc.core.api import SlugRelatedField
from kcc.core.models import OrganisationUnit
from kcc.klachten import selectors, services
from kcc.klachten.models import Complaint, Letter
from kcc.klachten.recognition import Facts, recognise


class LetterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Letter
        fields = ["id", "kind", "recipient", "subject", "email", "created_at"]


class ComplaintSerializer(serializers.ModelSerializer):
    deadline = serializers.SerializerMethodField()
    letters = LetterSerializer(many=True, read_only=True)
    subject_unit = serializers.CharField(source="subject_unit.code", read_only=True, allow_null=True)
    complainant_email = serializers.CharField(read_only=True)
    handler = serializers.SerializerMethodField()
    hearing_skip = serializers.CharField(read_only=True, help_text="Grond van Awb 9:10 lid 2, of leeg.")
    judgment = serializers.CharField(
        read_only=True, help_text="gegrond, ongegrond, deels_gegrond, geen_oordeel of leeg."
    )

    class Meta:
        model = Complaint
        fields = [
            "id", "number", "channel", "form", "status", "received_on", "description", "conduct_date",
            "complainant_name", "complainant_address", "complainant_postcode", "complainant_city",
            "complainant_email", "complainant_phone", "subject_unit", "handler", "advisory_committee",
            "origin_type", "origin_id", "acknowledged_on", "copy_sent_on", "hearing_offered_on", "hearing_date",
            "hearing_skip", "extension_days", "judgment", "closed_on", "deadline", "letters",
        ]  # fmt: skip
        read_only_fields = fields

    def get_handler(self, complaint: Complaint) -> str | None:
        return str(complaint.handler) if complaint.handler else None

    def get_deadline(self, complaint: Complaint) -> str:
        return selectors.deadline(complaint).isoformat()


class ComplaintAboutMeSerializer(serializers.ModelSerializer):
    """What the person complained about is given: the complaint itself (9:9), the hearing, the outcome.

    Not the complainant's contact details, the handler's notes or letters to anyone else.
    """

    letters = serializers.SerializerMethodField()
    judgment = serializers.SerializerMethodField(help_text="Het oordeel, zodra de klacht is afgehandeld.")

    class Meta:
        model = Complaint
        fields = ["number", "received_on", "description", "conduct_date", "status", "hearing_date", "judgment",
                  "letters"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(LetterSerializer(many=True))
    def get_letters(self, complaint: Complaint) -> list[dict]:
        own = [
            letter for letter in complaint.letters.all() if letter.recipient == Letter.Recipient.PERSON_COMPLAINED_ABOUT
        ]
        return LetterSerializer(own, many=True).data

    def get_judgment(self, complaint: Complaint) -> str | None:
        return complaint.judgment or None if complaint.closed_on else None


class RegisterSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=10_000)
    channel = serializers.ChoiceField(choices=Complaint.Channel.choices)
    form = serializers.ChoiceField(choices=Complaint.Form.choices, required=False)
    received_on = serializers.DateField(required=False)
    conduct_date = serializers.DateField(required=False, allow_null=True)
    complainant_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    complainant_address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    complainant_postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    complainant_city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    complainant_email = serializers.EmailField(required=False, allow_blank=True, default="")
    complainant_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    subject_unit = SlugRelatedField(
        slug_field="code", queryset=OrganisationUnit.objects.all(), required=False, allow_null=True
    )
    advisory_committee = serializers.BooleanField(required=False, default=False)
    origin_type = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    origin_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class RegisteredSerializer(serializers.Serializer):
    """What the registrant gets back; the file itself is for the coordinator and the handler."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    deadline = serializers.DateField()


class RecognitionRequestSerializer(serializers.Serializer):
    tekst = serializers.CharField(max_length=50_000, allow_blank=True)
    herhaalcontact = serializers.BooleanField(required=False, default=False)
    herhaalmelding = serializers.BooleanField(required=False, default=False)
    verlopen_zaken = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1000)
    eerdere_klachten = serializers.IntegerField(required=False, default=0, min_value=0, max_value=1000)


class RecognitionResponseSerializer(serializers.Serializer):
    klachtsignaal = serializers.BooleanField()
    score = serializers.FloatField()
    redenen = serializers.ListField(child=serializers.CharField())


_ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT, description="Ongeldige invoer of een Awb-regel niet gehaald; niets gewijzigd."
    ),
    401: OpenApiResponse(OpenApiTypes.OBJECT, description="Niet ingelogd."),
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="Geen toegang."),
}


@extend_schema_view(
    list=extend_schema(responses={200: ComplaintSerializer, 401: _ERRORS[401], 403: _ERRORS[403]}),
    retrieve=extend_schema(
        responses={
            200: ComplaintSerializer,
            401: _ERRORS[401],
            403: _ERRORS[403],
            404: OpenApiResponse(OpenApiTypes.OBJECT, description="Bestaat niet of niet voor u zichtbaar."),
        }
    ),
)
class ComplaintViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Complaint files. Listing and reading need a log-in; the result holds only the files the
    user may see (the coordinator: all; an assigned handler: their own), others answer 404."""

    serializer_class = ComplaintSerializer
    lookup_value_regex = r"[0-9]{1,18}"  # other ids fall through to the JSON 404 in api_urls
    required_permissions = {
        "list": [],
        "retrieve": [],
        "create": ["klachten.register_complaint"],
        "herkenning": ["klachten.add_recognitiondecision"],
        "over_mij": [],
    }

    def get_queryset(self):
        return selectors.complaints_visible_to(self.request.user).prefetch_related("letters", "postponements")

    @extend_schema(request=RegisterSerializer, responses={201: RegisteredSerializer, **_ERRORS})
    def create(self, request: Request) -> Response:
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        complaint = services.register_complaint(
            description=data["description"],
            channel=data["channel"],
            form=data.get("form"),
            received_on=data.get("received_on"),
            conduct_date=data.get("conduct_date"),
            complainant=services.Complainant(
                name=data["complainant_name"],
                address=data["complainant_address"],
                postcode=data["complainant_postcode"],
                city=data["complainant_city"],
                email=data["complainant_email"],
                phone=data["complainant_phone"],
            ),
            subject_unit=data.get("subject_unit"),
            advisory_committee=data["advisory_committee"],
            origin_type=data["origin_type"] or None,
            origin_id=data["origin_id"] or None,
            actor=request.user,
        )
        result = {"id": complaint.pk, "number": complaint.number, "deadline": selectors.deadline(complaint)}
        return Response(RegisteredSerializer(result).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ComplaintAboutMeSerializer(many=True), 401: _ERRORS[401]})
    @action(detail=False, methods=["get"], url_path="over-mij", pagination_class=None)
    def over_mij(self, request: Request) -> Response:
        """Complaints about the caller's own conduct, with only what the Awb gives the person complained about."""
        complaints = selectors.complaints_about(request.user).prefetch_related("letters")
        return Response(ComplaintAboutMeSerializer(complaints, many=True).data)

    @extend_schema(request=RecognitionRequestSerializer, responses={200: RecognitionResponseSerializer, **_ERRORS})
    @action(detail=False, methods=["post"])
    def herkenning(self, request: Request) -> Response:
        """Klachtherkenning for any channel: the same answer as ``kcc klachtherkenning --json``."""
        serializer = RecognitionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        facts = Facts(
            repeat_contact=data["herhaalcontact"],
            repeat_report=data["herhaalmelding"],
            overdue_items=data["verlopen_zaken"],
            earlier_complaints=data["eerdere_klachten"],
        )
        return Response(recognise(data["tekst"], facts).as_json())
