"""API shapes of the e-mail channel (Dutch field names, as in the rest of the API)."""

from __future__ import annotations

from rest_framework import serializers

from kcc.core.api import SlugRelatedField
from kcc.core.models import OrganisationUnit, User
from kcc.mail.models import Attachment, EndState, Forward, Message, Thread, Triage


class AttachmentSerializer(serializers.ModelSerializer):
    bestandsnaam = serializers.CharField(source="filename")
    soort = serializers.CharField(source="content_type")
    grootte = serializers.IntegerField(source="size")
    geweigerd = serializers.CharField(source="refused_reason")
    opmerking = serializers.CharField(source="note")

    class Meta:
        model = Attachment
        fields = ["bestandsnaam", "soort", "grootte", "geweigerd", "opmerking"]


class MessageSerializer(serializers.ModelSerializer):
    nummer = serializers.CharField(source="number")
    thread = serializers.SerializerMethodField()
    richting = serializers.CharField(source="direction")
    soort = serializers.CharField(source="kind")
    van = serializers.CharField(source="sender")
    aan = serializers.ListField(source="recipients", child=serializers.CharField())
    onderwerp = serializers.CharField(source="subject")
    ontvangen = serializers.DateTimeField(source="received_at")
    automatisch = serializers.CharField(source="automatic_reason")
    quarantaine = serializers.CharField(source="quarantine_reason")
    controle_backoffice = serializers.CharField(
        source="verification",
        help_text="Hoe een antwoord van de backoffice bewees bij de doorsturing te horen, of waarom niet.",
    )

    class Meta:
        model = Message
        fields = [
            "nummer",
            "thread",
            "richting",
            "soort",
            "message_id",
            "van",
            "aan",
            "onderwerp",
            "ontvangen",
            "automatisch",
            "quarantaine",
            "controle_backoffice",
        ]

    def get_thread(self, message: Message) -> str:
        return message.thread.number if message.thread_id else ""


class MessageDetailSerializer(MessageSerializer):
    tekst = serializers.CharField(source="text")
    bijlagen = AttachmentSerializer(source="attachments", many=True)
    in_reply_to = serializers.CharField()
    controles = serializers.JSONField(source="checks")

    class Meta(MessageSerializer.Meta):
        fields = [*MessageSerializer.Meta.fields, "in_reply_to", "tekst", "bijlagen", "controles"]


class ForwardSerializer(serializers.ModelSerializer):
    eenheid = SlugRelatedField(source="unit", slug_field="code", read_only=True)
    persoon = serializers.CharField(source="person.username", default="", read_only=True)
    toelichting = serializers.CharField(source="note")
    termijn = serializers.DateField(source="deadline")
    rechtstreeks = serializers.BooleanField(source="direct")
    antwoord = serializers.CharField(source="answer")
    beantwoord_op = serializers.DateTimeField(source="answered_at", allow_null=True)
    status = serializers.CharField(help_text="open, beantwoord of ingetrokken")

    class Meta:
        model = Forward
        fields = [
            "id",
            "eenheid",
            "persoon",
            "toelichting",
            "termijn",
            "rechtstreeks",
            "status",
            "antwoord",
            "beantwoord_op",
        ]


class ThreadSerializer(serializers.ModelSerializer):
    nummer = serializers.CharField(source="number")
    onderwerp = serializers.CharField(source="subject")
    status = serializers.CharField(help_text="nieuw, in_behandeling, doorgestuurd, antwoord_backoffice, afgesloten")
    afzender = serializers.CharField(source="sender_email")
    naam = serializers.CharField(source="sender_name")
    ontvangen = serializers.DateTimeField(source="received_at")
    antwoord_uiterlijk = serializers.DateField(source="answer_due")
    soort = serializers.CharField(source="triage")
    eindstatus = serializers.CharField(source="end_state")
    reden = serializers.CharField(source="end_reason")
    eerste_antwoord = serializers.DateTimeField(source="first_answer_at", allow_null=True)
    omgezet_in = serializers.CharField(source="converted_number")
    contactmoment = serializers.SerializerMethodField()

    class Meta:
        model = Thread
        fields = [
            "nummer",
            "onderwerp",
            "afzender",
            "naam",
            "ontvangen",
            "antwoord_uiterlijk",
            "status",
            "soort",
            "eindstatus",
            "reden",
            "eerste_antwoord",
            "omgezet_in",
            "contactmoment",
        ]

    def get_contactmoment(self, thread: Thread) -> str:
        return thread.contact.number if thread.contact_id else ""


class ThreadDetailSerializer(ThreadSerializer):
    berichten = serializers.SerializerMethodField()
    doorsturingen = ForwardSerializer(source="forwards", many=True)

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "berichten", "doorsturingen"]

    def get_berichten(self, thread: Thread) -> list[dict]:
        return MessageDetailSerializer(self.context["messages"], many=True).data


class TriageSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=Triage.choices)


class AnswerSerializer(serializers.Serializer):
    tekst = serializers.CharField(max_length=20000)
    afgevinkt = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
    waarschuwingen_gezien = serializers.BooleanField(required=False, default=False)


class CheckSerializer(serializers.Serializer):
    tekst = serializers.CharField(max_length=20000)
    afgevinkt = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)


class ForwardCreateSerializer(serializers.Serializer):
    eenheid = SlugRelatedField(slug_field="code", queryset=OrganisationUnit.objects.filter(is_active=True))
    persoon = SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    toelichting = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    eindstatus = serializers.ChoiceField(choices=EndState.choices)
    reden = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ForwardAnswerSerializer(serializers.Serializer):
    tekst = serializers.CharField(max_length=20000)
