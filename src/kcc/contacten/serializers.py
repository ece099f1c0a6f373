"""API shapes with Dutch field names; the import contract and the API share them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kcc.contacten.models import (
    Callback,
    Channel,
    Contactmoment,
    FcrOutcome,
    FcrRow,
    Handling,
    Question,
    QuestionType,
    Signal,
    TransferAttempt,
)
from kcc.core.api import SlugRelatedField
from kcc.core.models import OrganisationUnit


class TransferAttemptSerializer(serializers.Serializer):
    doel = serializers.ChoiceField(TransferAttempt.Target.choices, source="target")
    eenheid = serializers.CharField(source="unit.code", required=False, allow_null=True, max_length=40)
    persoon = serializers.IntegerField(source="person_id", required=False, allow_null=True, min_value=1)
    resultaat = serializers.ChoiceField(TransferAttempt.Result.choices, source="result")
    bereikt = serializers.ChoiceField(
        TransferAttempt.Reached.choices, source="reached", required=False, allow_null=True, allow_blank=True
    )
    reden = serializers.ChoiceField(
        TransferAttempt.Reason.choices, source="reason", required=False, allow_null=True, allow_blank=True
    )
    warm = serializers.BooleanField(required=False, default=False)
    tijdstip = serializers.DateTimeField(source="attempted_at", required=False, allow_null=True)


class QuestionSerializer(serializers.Serializer):
    vraagsoort = serializers.ChoiceField(QuestionType.choices, source="question_type")
    afhandeling = serializers.ChoiceField(Handling.choices, source="handling")
    eenheid = serializers.CharField(source="unit.code", required=False, allow_null=True, max_length=40)
    onderwerp = serializers.CharField(source="subject", required=False, allow_blank=True, max_length=60)
    notities = serializers.CharField(source="notes", required=False, allow_blank=True, max_length=10_000)
    doorverbindpogingen = TransferAttemptSerializer(source="transfer_attempts.all", many=True, required=False)
    fcr_rij = serializers.ChoiceField(FcrRow.choices, source="fcr_row", read_only=True)
    in_een_keer_geholpen = serializers.ChoiceField(FcrOutcome.choices, source="fcr_outcome", read_only=True)
    herhaalcontact = serializers.IntegerField(
        source="repeat_count", read_only=True, help_text="Aantal eerdere contacten over hetzelfde onderwerp."
    )
    vacs = serializers.SerializerMethodField(help_text="Id's van de geraadpleegde VAC's.")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_vacs(self, question: Question) -> list[int]:
        return [vac.pk for vac in question.vacs.all()]


class CallbackSummarySerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(Callback.Status.choices)
    uitkomst = serializers.CharField(source="outcome")
    uiterlijk = serializers.DateField(source="deadline")

    class Meta:
        model = Callback
        fields = ["id", "status", "uitkomst", "uiterlijk"]


class ContactmomentSerializer(serializers.Serializer):
    """A contact in the documented form. On create: the import contract (plus optional caller details)."""

    id = serializers.IntegerField(read_only=True)
    nummer = serializers.CharField(source="number", read_only=True)
    extern_id = serializers.CharField(required=False, allow_null=True, max_length=100)
    kanaal = serializers.ChoiceField(Channel.choices, source="channel")
    start = serializers.DateTimeField(source="started_at")
    einde = serializers.DateTimeField(source="ended_at", required=False, allow_null=True)
    telefoonnummer = serializers.CharField(source="phone", required=False, allow_blank=True, max_length=30)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    adres = serializers.CharField(source="address", required=False, allow_blank=True, max_length=30)
    medewerker = serializers.CharField(source="agent.username", read_only=True, allow_null=True)
    klant = serializers.IntegerField(source="klant_id", read_only=True, allow_null=True)
    vragen = QuestionSerializer(source="questions.all", many=True)
    terugbelverzoeken = CallbackSummarySerializer(source="callbacks.all", many=True, read_only=True)


class CallbackSerializer(serializers.ModelSerializer):
    contactmoment = serializers.PrimaryKeyRelatedField(
        source="contact", queryset=Contactmoment.objects.all(), required=False, allow_null=True
    )
    contactnummer = serializers.CharField(source="contact.number", read_only=True)
    vraag = serializers.PrimaryKeyRelatedField(
        source="question", queryset=Question.objects.all(), required=False, allow_null=True
    )
    eenheid = SlugRelatedField(
        source="unit", slug_field="code", queryset=OrganisationUnit.objects.all(), required=False
    )
    persoon = serializers.IntegerField(source="person_id", required=False, allow_null=True, min_value=1)
    vraag_tekst = serializers.CharField(source="question_text", max_length=4000)
    terugbelnummer = serializers.CharField(source="callback_phone", max_length=30)
    voorkeurstijd = serializers.CharField(source="preferred_time", required=False, allow_blank=True, max_length=100)
    urgentie = serializers.ChoiceField(Callback.Urgency.choices, source="urgency", required=False)
    reden = serializers.ChoiceField(Callback.Reason.choices, source="reason")
    uiterlijk = serializers.DateField(source="deadline", read_only=True)
    status = serializers.ChoiceField(Callback.Status.choices, read_only=True)
    uitkomst = serializers.CharField(source="outcome", read_only=True)
    toelichting = serializers.CharField(source="outcome_note", read_only=True)
    belpogingen = serializers.IntegerField(source="call_attempts", read_only=True)
    behandelaar = SlugRelatedField(source="handler", slug_field="username", read_only=True, allow_null=True)
    aangemaakt = serializers.DateTimeField(source="created_at", read_only=True)
    afgesloten = serializers.DateTimeField(source="closed_at", read_only=True, allow_null=True)

    class Meta:
        model = Callback
        fields = [
            "id",
            "contactmoment",
            "contactnummer",
            "vraag",
            "eenheid",
            "persoon",
            "vraag_tekst",
            "terugbelnummer",
            "voorkeurstijd",
            "urgentie",
            "reden",
            "uiterlijk",
            "status",
            "uitkomst",
            "toelichting",
            "belpogingen",
            "behandelaar",
            "aangemaakt",
            "afgesloten",
        ]


class CallbackCloseSerializer(serializers.Serializer):
    uitkomst = serializers.ChoiceField(Callback.Outcome.choices)
    toelichting = serializers.CharField(max_length=4000)
    belpogingen = serializers.IntegerField(min_value=0, max_value=50)


class SignalSerializer(serializers.ModelSerializer):
    contactmoment = serializers.PrimaryKeyRelatedField(
        source="contact", queryset=Contactmoment.objects.all(), required=False, allow_null=True
    )
    soort = serializers.ChoiceField(Signal.Kind.choices, source="kind")
    omschrijving = serializers.CharField(source="description", max_length=4000)
    eigenaar = SlugRelatedField(
        source="owner_unit",
        slug_field="code",
        queryset=OrganisationUnit.objects.all(),
        required=False,
        allow_null=True,
        help_text="Code van de eenheid; leeg: de teamleider KCC.",
    )
    status = serializers.ChoiceField(Signal.Status.choices, read_only=True)
    antwoord = serializers.CharField(source="answer", read_only=True)
    melder = SlugRelatedField(source="reported_by", slug_field="username", read_only=True, allow_null=True)
    gemeld = serializers.DateTimeField(source="created_at", read_only=True)
    beantwoord = serializers.DateTimeField(source="answered_at", read_only=True, allow_null=True)

    class Meta:
        model = Signal
        fields = [
            "id",
            "contactmoment",
            "soort",
            "omschrijving",
            "eigenaar",
            "status",
            "antwoord",
            "melder",
            "gemeld",
            "beantwoord",
        ]


class SignalAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField([Signal.Status.IN_PROGRESS, Signal.Status.ANSWERED])
    antwoord = serializers.CharField(max_length=4000, allow_blank=True, required=False, default="")
