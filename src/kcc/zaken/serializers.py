from __future__ import annotations

from rest_framework import serializers

from kcc.zaken.models import Zaak


class StatusRegelSerializer(serializers.Serializer):
    moment = serializers.DateTimeField()
    tekst = serializers.CharField()


class ZaakInfoSerializer(serializers.Serializer):
    """A zaak from the configured source (local register or ZGW zaaksysteem)."""

    identificatie = serializers.CharField()
    omschrijving = serializers.CharField()
    zaaktype = serializers.CharField()
    startdatum = serializers.DateField(allow_null=True)
    uiterste_datum = serializers.DateField(allow_null=True, help_text="Uiterste beslisdatum (met verlenging)")
    status = serializers.CharField()
    resultaat = serializers.CharField()
    einddatum = serializers.DateField(allow_null=True)
    historie = StatusRegelSerializer(many=True)
    bron = serializers.ChoiceField(choices=["lokaal", "zgw"])


class ZaakSerializer(serializers.ModelSerializer):
    """A zaak of the local register."""

    nummer = serializers.CharField(source="number")
    zaaktype = serializers.CharField(source="zaaktype.code")
    product = serializers.CharField(source="zaaktype.product.slug")
    omschrijving = serializers.CharField(source="description")
    startdatum = serializers.DateField(source="start_date")
    uiterste_datum = serializers.DateField(source="deadline", allow_null=True)
    verlengd = serializers.BooleanField(source="extended")
    status = serializers.CharField(help_text="ontvangen, in_behandeling, wacht_op_aanvulling of afgehandeld")
    uitkomst = serializers.CharField(source="outcome", help_text="leeg zolang er geen uitkomst is")
    afgehandeld_op = serializers.DateField(source="closed_on", allow_null=True)

    class Meta:
        model = Zaak
        fields = [
            "nummer",
            "zaaktype",
            "product",
            "omschrijving",
            "startdatum",
            "uiterste_datum",
            "verlengd",
            "status",
            "uitkomst",
            "afgehandeld_op",
        ]


class ZoekenSerializer(serializers.Serializer):
    bsn = serializers.CharField(max_length=11)
    doel = serializers.CharField(max_length=300, help_text="Waarom de zaken worden opgevraagd; wordt vastgelegd.")


class ZaakCreateSerializer(serializers.Serializer):
    zaaktype = serializers.CharField(max_length=50, help_text="Code van het zaaktype")
    startdatum = serializers.DateField()
    omschrijving = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    bsn = serializers.CharField(max_length=11, required=False, allow_blank=True, default="")
    bsn_doel = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    telefoon = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class ZaakActieSerializer(serializers.Serializer):
    actie = serializers.ChoiceField(choices=["status", "verlengen", "afhandelen"])
    status = serializers.ChoiceField(
        choices=["ontvangen", "in_behandeling", "wacht_op_aanvulling"], required=False, help_text="Bij actie status"
    )
    uitkomst = serializers.ChoiceField(
        choices=["verleend", "geweigerd", "buiten_behandeling", "ingetrokken", "van_rechtswege"],
        required=False,
        help_text="Bij actie afhandelen",
    )
    toelichting = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
