from __future__ import annotations

from rest_framework import serializers

from kcc.zaken.models import SuspensionReason, Zaak


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
    opgeschort = serializers.BooleanField(help_text="Staat de beslistermijn nu stil (Awb 4:15)?")
    opschorting_reden = serializers.CharField(help_text="Waarom de termijn stilstaat; leeg als hij loopt")
    opgeschort_sinds = serializers.DateField(
        allow_null=True, help_text="Sinds wanneer (alleen lokaal; een zaaksysteem geeft alleen de reden)"
    )


class OpschortingSerializer(serializers.Serializer):
    """A suspension of the decision term (Awb 4:15) of a local zaak."""

    reden = serializers.ChoiceField(source="reason", choices=SuspensionReason.choices)
    reden_tekst = serializers.CharField(source="get_reason_display")
    toelichting = serializers.CharField(source="note")
    begindatum = serializers.DateField(
        source="start_date", help_text="Dag van het verzoek; de termijn staat stil vanaf de dag erna"
    )
    gestelde_termijn = serializers.DateField(
        source="until", allow_null=True, help_text="Termijn voor de aanvulling of het uitstel (tot en met)"
    )
    einddatum = serializers.DateField(
        source="end_date", allow_null=True, help_text="Dag waarop de opschorting eindigde (telt nog mee); leeg: loopt"
    )
    dagen = serializers.IntegerField(
        source="days_so_far", help_text="Kalenderdagen dat de termijn stilstond (een lopende: tot en met vandaag)"
    )


class ZaakSerializer(serializers.ModelSerializer):
    """A zaak of the local register."""

    nummer = serializers.CharField(source="number")
    zaaktype = serializers.CharField(source="zaaktype.code")
    product = serializers.CharField(source="zaaktype.product.slug")
    omschrijving = serializers.CharField(source="description")
    startdatum = serializers.DateField(source="start_date")
    uiterste_datum = serializers.DateField(
        source="deadline",
        allow_null=True,
        help_text="Uiterste beslisdatum, berekend bij het opvragen: termijn, verlenging en opschortingen. "
        "Staat de termijn nu stil, dan de datum als de opschorting vandaag eindigt.",
    )
    verlengd = serializers.BooleanField(source="extended")
    opgeschort = serializers.SerializerMethodField(help_text="Staat de beslistermijn nu stil (Awb 4:15)?")
    opschortingen = OpschortingSerializer(source="suspensions", many=True)
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
            "opgeschort",
            "opschortingen",
            "status",
            "uitkomst",
            "afgehandeld_op",
        ]

    def get_opgeschort(self, zaak: Zaak) -> bool:
        return zaak.running_suspension is not None


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
    actie = serializers.ChoiceField(
        choices=["status", "verlengen", "afhandelen", "opschorten", "opschorting_beeindigen"]
    )
    status = serializers.ChoiceField(
        choices=["ontvangen", "in_behandeling", "wacht_op_aanvulling"], required=False, help_text="Bij actie status"
    )
    uitkomst = serializers.ChoiceField(
        choices=["verleend", "geweigerd", "buiten_behandeling", "ingetrokken", "van_rechtswege"],
        required=False,
        help_text="Bij actie afhandelen",
    )
    opschorting_reden = serializers.ChoiceField(
        choices=SuspensionReason.choices, required=False, help_text="Bij actie opschorten: de grond uit Awb 4:15"
    )
    datum = serializers.DateField(
        required=False,
        help_text="Bij opschorten: dag van het verzoek (de termijn staat stil vanaf de dag erna); bij "
        "opschorting_beeindigen: dag waarop de aanvulling binnenkwam (telt nog mee). Standaard vandaag.",
    )
    gestelde_termijn = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Bij opschorten: tot en met wanneer de aanvrager mag aanvullen of met uitstel instemde "
        "(verplicht bij aanvulling en instemming)",
    )
    toelichting = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class NotificatieSerializer(serializers.Serializer):
    """A notification as the Notificaties API delivers it (the consumer side of the standard)."""

    kanaal = serializers.CharField(max_length=50)
    source = serializers.CharField(max_length=100, required=False)
    hoofdObject = serializers.URLField(max_length=1000)
    resource = serializers.CharField(max_length=100)
    resourceUrl = serializers.URLField(max_length=1000)
    actie = serializers.CharField(max_length=100)
    aanmaakdatum = serializers.DateTimeField()
    kenmerken = serializers.DictField(child=serializers.CharField(max_length=1000, allow_blank=True), required=False)
