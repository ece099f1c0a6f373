"""API shapes. Input serializers only check types; the rules live in the services."""

from __future__ import annotations

from rest_framework import serializers

from kcc.meldingen import texts
from kcc.meldingen.models import Category, Channel, Event, Feedback, Melding, Status


class CategorySerializer(serializers.ModelSerializer):
    hoofdcategorie = serializers.CharField(source="parent.code", read_only=True)
    afdeling = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = [
            "code",
            "name",
            "hoofdcategorie",
            "description",
            "term_days",
            "term_day_type",
            "afdeling",
            "reporter_message",
            "urgency_hint",
            "is_active",
        ]

    def get_afdeling(self, category: Category) -> str | None:
        unit = category.unit or category.parent.unit
        return unit.code if unit else None


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = Event
        fields = ["at", "kind", "from_status", "to_status", "public_text", "note", "actor"]


class MeldingSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True, allow_null=True)
    light = serializers.CharField(read_only=True, help_text="zwart, groen, oranje, rood; leeg als afgesloten")
    deadline = serializers.SerializerMethodField()
    expected_date = serializers.SerializerMethodField()
    repeat_of = serializers.CharField(source="repeat_of.number", read_only=True, allow_null=True)
    # Plain strings: the documented values are in the help texts (and no enum names clash across apps).
    status = serializers.CharField(read_only=True, help_text=", ".join(Status.values))
    channel = serializers.CharField(read_only=True, help_text=", ".join(Channel.values))
    feedback = serializers.CharField(read_only=True, help_text=", ".join(Feedback.values))
    reporter_email = serializers.CharField(read_only=True)

    class Meta:
        model = Melding
        fields = [
            "number",
            "status",
            "light",
            "category",
            "unit",
            "description",
            "extra",
            "is_urgent",
            "channel",
            "street",
            "house_number",
            "postcode",
            "city",
            "location_note",
            "lat",
            "lon",
            "reporter_name",
            "reporter_email",
            "reporter_phone",
            "feedback",
            "term_days",
            "term_day_type",
            "term_start",
            "deadline",
            "expected_date",
            "resolution_text",
            "planned_date",
            "is_repeat",
            "repeat_of",
            "origin_type",
            "origin_id",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_deadline(self, melding: Melding) -> str:
        from kcc.meldingen import terms

        return terms.deadline(melding.term_start, melding.term_days, melding.term_day_type).isoformat()

    def get_expected_date(self, melding: Melding) -> str:
        return texts.expected_date(melding).isoformat()


class MeldingDetailSerializer(MeldingSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(MeldingSerializer.Meta):
        fields = [*MeldingSerializer.Meta.fields, "events"]
        read_only_fields = fields


INTERNAL_CHANNELS = [Channel.PHONE, Channel.DESK, Channel.EMAIL, Channel.API]


class MeldingCreateSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=120, help_text="Code van de subcategorie")
    description = serializers.CharField(max_length=20_000, help_text="Maximaal 4000 tekens")
    is_urgent = serializers.BooleanField(default=False)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    house_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    location_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    lat = serializers.FloatField(required=False, allow_null=True, default=None)
    lon = serializers.FloatField(required=False, allow_null=True, default=None)
    reporter_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reporter_email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    reporter_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    feedback = serializers.ChoiceField(choices=Feedback.choices, default=Feedback.NONE)
    channel = serializers.CharField(default=Channel.API, help_text=", ".join(INTERNAL_CHANNELS))
    extra = serializers.DictField(child=serializers.JSONField(), required=False, default=dict)
    origin_type = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    origin_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    photos = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, max_length=10, help_text="JPG of PNG"
    )

    def validate_channel(self, value: str) -> str:
        if value not in INTERNAL_CHANNELS:
            raise serializers.ValidationError(f"Kies een van: {', '.join(INTERNAL_CHANNELS)}.")
        return value


class TransitionSerializer(serializers.Serializer):
    ACTIONS = ["doorzetten", "in_behandeling", "opgelost", "niet_oplosbaar", "gepland", "annuleren", "heropenen"]

    action = serializers.ChoiceField(choices=ACTIONS)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    planned_date = serializers.DateField(required=False, allow_null=True, default=None)
    unit = serializers.CharField(required=False, allow_blank=True, default="", help_text="Code van de afdeling")
    delay_reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Code van de reden")
    delay_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


RESOLUTIONS = {"opgelost": Status.SOLVED, "niet_oplosbaar": Status.UNSOLVABLE, "gepland": Status.PLANNED}
