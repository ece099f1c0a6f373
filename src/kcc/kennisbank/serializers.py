"""The API's shape of a VAC and of search results. Validation only: writes go through the services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from kcc.core.api import SlugRelatedField
from kcc.core.models import OrganisationUnit, User
from kcc.core.search import MAX_QUERY_LENGTH
from kcc.kennisbank.html import render_facts_many, sanitise_html
from kcc.kennisbank.models import VAC

MAX_SEARCH_LIMIT = 50


class LinkSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    url = serializers.URLField(max_length=1000)


class VACListSerializer(serializers.ListSerializer):
    """Fills in the embedded facts of a whole page of answers with one look-up per source."""

    def to_representation(self, data):
        vacs = list(data.all() if hasattr(data, "all") else data)
        self.context["antwoord_weergave"] = dict(
            zip((vac.pk for vac in vacs), render_facts_many([vac.antwoord for vac in vacs]), strict=True)
        )
        return super().to_representation(vacs)


class VACSerializer(serializers.ModelSerializer):
    """A VAC in the API. Field names follow the Dutch domain (and the KISS VAC schema where it has them)."""

    trefwoorden = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=100, help_text="Zoektermen."
    )
    afdelingen = SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=OrganisationUnit.objects.all(),
        required=False,
        help_text="Codes van de betrokken afdelingen.",
    )
    eigenaar = SlugRelatedField(
        source="owner_user",
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text="Gebruikersnaam van de eigenaar.",
    )
    eigenaar_afdeling = SlugRelatedField(
        source="owner_unit",
        slug_field="code",
        queryset=OrganisationUnit.objects.all(),
        allow_null=True,
        required=False,
        help_text="Code van de afdeling die eigenaar is.",
    )
    openbaar = serializers.BooleanField(source="is_public", required=False, help_text="Zichtbaar op de website.")
    toetsdatum = serializers.DateField(
        source="review_date",
        allow_null=True,
        required=False,
        error_messages={"invalid": "Vul de toetsdatum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-31."},
    )
    gerelateerd = serializers.PrimaryKeyRelatedField(
        source="related", many=True, queryset=VAC.objects.all(), required=False, help_text="Id's van verwante VAC's."
    )
    links = LinkSerializer(many=True, required=False)
    bron = serializers.CharField(source="source", max_length=100, allow_blank=True, required=False)
    externe_id = serializers.CharField(
        source="external_id",
        max_length=200,
        allow_null=True,
        required=False,
        validators=[UniqueValidator(VAC.objects.all(), message="Er is al een VAC met deze externe id.")],
    )
    antwoord_weergave = serializers.SerializerMethodField(
        help_text="Het antwoord zoals het wordt getoond: ingevoegde gegevens ([[product:…]]) ingevuld. "
        "Wijzig ‘antwoord’, niet dit veld."
    )
    versie = serializers.IntegerField(source="version", read_only=True)
    aangemaakt_op = serializers.DateTimeField(source="created_at", read_only=True)
    gewijzigd_op = serializers.DateTimeField(source="updated_at", read_only=True)

    class Meta:
        model = VAC
        fields = [
            "id",
            "uuid",
            "vraag",
            "antwoord",
            "antwoord_weergave",
            "toelichting",
            "trefwoorden",
            "doelgroep",
            "afdelingen",
            "eigenaar",
            "eigenaar_afdeling",
            "status",
            "openbaar",
            "toetsdatum",
            "gerelateerd",
            "links",
            "bron",
            "externe_id",
            "versie",
            "aangemaakt_op",
            "gewijzigd_op",
        ]
        read_only_fields = ["id", "uuid"]
        list_serializer_class = VACListSerializer

    def get_antwoord_weergave(self, vac: VAC) -> str:
        if (rendered := self.context.get("antwoord_weergave", {}).get(vac.pk)) is not None:
            return rendered
        return vac.antwoord_html

    def validate_antwoord(self, value: str) -> str:
        if not sanitise_html(value):
            raise serializers.ValidationError("Het antwoord is leeg (niet-toegestane HTML wordt verwijderd).")
        return value

    def validate_externe_id(self, value: str | None) -> str | None:
        return value or None

    def service_arguments(self) -> dict[str, Any]:
        """``validated_data`` as keyword arguments of ``save_vac``."""
        data = dict(self.validated_data)
        arguments: dict[str, Any] = {"afdelingen": data.pop("afdelingen", None), "related": data.pop("related", None)}
        if "links" in data:
            data["links"] = [dict(link) for link in data["links"]]
        return {**arguments, **data}


class SearchParametersSerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        help_text="De zoekvraag, 1 tot 4 woorden zoals de beller ze gebruikt.",
        error_messages={
            "required": "Vul een zoekvraag in (parameter q).",
            "blank": "Vul een zoekvraag in (parameter q).",
            "max_length": f"Uw zoekvraag is te lang. Gebruik maximaal {MAX_QUERY_LENGTH} tekens.",
        },
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_SEARCH_LIMIT, default=10, help_text="Het maximale aantal resultaten."
    )


@extend_schema_serializer(component_name="Zoektreffer")
class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="vac.pk")
    uuid = serializers.UUIDField(source="vac.uuid")
    externe_id = serializers.CharField(source="vac.external_id", allow_null=True)
    vraag = serializers.CharField(source="vac.vraag")
    score = serializers.FloatField()
    snippet = serializers.CharField(help_text="Fragment van de tekst; gevonden woorden staan in <mark>.")


@extend_schema_serializer(component_name="Zoekresultaat")
class SearchResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    took_ms = serializers.FloatField(help_text="Duur van de zoekopdracht in milliseconden.")
    results = SearchHitSerializer(many=True)
