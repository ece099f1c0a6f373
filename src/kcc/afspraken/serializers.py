from __future__ import annotations

from rest_framework import serializers

from kcc.afspraken.models import Appointment


class AppointmentSerializer(serializers.ModelSerializer):
    nummer = serializers.CharField(source="number")
    soort = serializers.CharField(source="appointment_type.name")
    product = serializers.CharField(source="appointment_type.product.slug")
    locatie = serializers.CharField(source="location.code")
    balie = serializers.CharField(source="desk.name")
    begin = serializers.DateTimeField(source="starts_at")
    einde = serializers.DateTimeField(source="ends_at")
    naam = serializers.CharField(source="name")
    telefoon = serializers.CharField(source="phone")
    kanaal = serializers.CharField(source="channel", help_text="web, medewerker of api")
    status = serializers.CharField(help_text="gepland of geannuleerd")
    herkomst_type = serializers.CharField(source="origin_type")
    herkomst_id = serializers.CharField(source="origin_id")

    class Meta:
        model = Appointment
        fields = [
            "nummer",
            "soort",
            "product",
            "locatie",
            "balie",
            "begin",
            "einde",
            "naam",
            "email",
            "telefoon",
            "status",
            "kanaal",
            "herkomst_type",
            "herkomst_id",
        ]


class AppointmentCreateSerializer(serializers.Serializer):
    product = serializers.CharField(max_length=100, help_text="Korte naam van het product, bijv. rijbewijs")
    locatie = serializers.CharField(max_length=50, help_text="Code van de locatie")
    begin = serializers.DateTimeField(help_text="Begintijd (ISO 8601 met tijdzone)")
    naam = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    telefoon = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    antwoorden = serializers.DictField(
        child=serializers.CharField(max_length=20, allow_blank=True),
        required=False,
        default=dict,
        help_text="Antwoorden op de intakevragen per code",
    )
    herkomst_type = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    herkomst_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class FreeSlotsSerializer(serializers.Serializer):
    soort = serializers.CharField()
    duur_minuten = serializers.IntegerField()
    tijden = serializers.ListField(child=serializers.DateTimeField())
