"""/api/v1/meeluisteren/: the reviews the caller may see (teamleider all, agent his own), read only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from kcc.core.api import BoundedPagination
from kcc.meeluisteren import selectors
from kcc.meeluisteren.models import Review, ReviewAnswer


class AnswerSerializer(serializers.ModelSerializer):
    vraag = serializers.CharField(source="item")
    antwoord = serializers.CharField(source="answer")
    opmerking = serializers.CharField(source="remark")

    class Meta:
        model = ReviewAnswer
        fields = ["vraag", "antwoord", "opmerking"]


class ReviewSerializer(serializers.ModelSerializer):
    contactmoment = serializers.CharField(source="contact.number")
    medewerker = serializers.CharField(source="agent.username", allow_null=True, default=None)
    team = serializers.CharField(source="team.code", allow_null=True, default=None)
    beoordelaar = serializers.CharField(source="reviewer.username", allow_null=True, default=None)
    opmerkingen = serializers.CharField(source="summary")
    beoordeeld_op = serializers.DateTimeField(source="created_at")
    antwoorden = AnswerSerializer(source="answers", many=True)

    class Meta:
        model = Review
        fields = ["id", "contactmoment", "medewerker", "team", "beoordelaar", "beoordeeld_op", "opmerkingen",
                  "antwoorden"]  # fmt: skip


class ReviewListView(generics.ListAPIView):
    serializer_class = ReviewSerializer
    pagination_class = BoundedPagination
    required_permissions = ["meeluisteren.view_review"]

    @extend_schema(summary="Meeluisterbeoordelingen (teamleider: alle; medewerker: de eigen)", tags=["Meeluisteren"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.visible_reviews(self.request.user).prefetch_related("answers").order_by("-created_at", "-id")
