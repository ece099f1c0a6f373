from __future__ import annotations

from rest_framework import serializers

from kcc.core.api import SlugRelatedField
from kcc.core.models import OrganisationUnit
from kcc.kennisbank.models import VAC
from kcc.producten import terms
from kcc.producten.models import Product, TermUnit


class ProductSerializer(serializers.ModelSerializer):
    upl_naam = serializers.CharField(source="upl_name", read_only=True)
    upl_uri = serializers.URLField(read_only=True)
    naam = serializers.CharField(source="display_title", read_only=True)
    titel = serializers.CharField(source="title", required=False, allow_blank=True, max_length=200)
    synoniemen = serializers.ListField(
        source="synonyms", child=serializers.CharField(max_length=200), required=False, max_length=50
    )
    omschrijving = serializers.CharField(source="description", required=False, allow_blank=True, max_length=5000)
    termijn_aantal = serializers.IntegerField(
        source="term_amount", required=False, allow_null=True, min_value=1, max_value=3650
    )
    termijn_eenheid = serializers.ChoiceField(
        source="term_unit", choices=[("", "geen"), *TermUnit.choices], required=False, allow_blank=True
    )
    verlengbaar = serializers.BooleanField(source="extendable", required=False)
    verlenging_aantal = serializers.IntegerField(
        source="extension_amount", required=False, allow_null=True, min_value=1, max_value=3650
    )
    lex_silencio = serializers.BooleanField(required=False)
    beslistermijn = serializers.SerializerMethodField(help_text="De termijn in gewone taal, zoals overal getoond.")
    kosten = serializers.CharField(source="costs", required=False, allow_blank=True, max_length=300)
    documenten = serializers.ListField(
        source="required_documents", child=serializers.CharField(max_length=200), required=False, max_length=50
    )
    afdeling = SlugRelatedField(
        source="unit",
        slug_field="code",
        queryset=OrganisationUnit.objects.all(),
        required=False,
        allow_null=True,
    )
    afspraak_nodig = serializers.BooleanField(source="appointment_required", required=False)
    vacs = serializers.PrimaryKeyRelatedField(many=True, queryset=VAC.objects.all(), required=False)
    actief = serializers.BooleanField(source="is_active", required=False)

    class Meta:
        model = Product
        fields = [
            "slug",
            "naam",
            "titel",
            "upl_naam",
            "upl_uri",
            "synoniemen",
            "omschrijving",
            "termijn_aantal",
            "termijn_eenheid",
            "verlengbaar",
            "verlenging_aantal",
            "lex_silencio",
            "beslistermijn",
            "kosten",
            "documenten",
            "afdeling",
            "afspraak_nodig",
            "vacs",
            "actief",
        ]
        read_only_fields = ["slug"]

    def get_beslistermijn(self, product: Product) -> str:
        return terms.term_text(product)
