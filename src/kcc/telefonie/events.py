"""The CTI event contract: what a phone system may send, validated field by field in Dutch.

Every event carries ``gesprek_id``, ``gebeurtenis`` and ``tijdstip``. ``binnenkomend`` needs ``van``;
``aangenomen`` needs ``medewerker`` (the username of a KCC agent); ``doorverbonden`` needs ``doel``
and ``beantwoord``. ``van``, ``naar`` and ``lijn`` may be sent with every event; fields that do not
belong to the event type are checked but not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rest_framework import serializers

from kcc.core.models import User
from kcc.core.phone import normalise_phone
from kcc.telefonie.models import EventType

ANONYMOUS = "anoniem"
REGISTERS_CONTACTS = "contacten.add_contactmoment"


@dataclass(frozen=True)
class Event:
    call_id: str
    kind: str
    occurred_at: datetime
    caller: str = ""
    called: str = ""
    line: str = ""
    agent: User | None = None
    target: str = ""
    answered: bool | None = None


def _phone(value: str) -> str:
    try:
        return normalise_phone(value)
    except ValueError as error:
        raise serializers.ValidationError(str(error)) from error


class EventSerializer(serializers.Serializer):
    gesprek_id = serializers.CharField(
        max_length=100, help_text="Id van het gesprek in de telefooncentrale; hetzelfde voor alle gebeurtenissen."
    )
    gebeurtenis = serializers.ChoiceField(
        choices=EventType.choices,
        error_messages={"invalid_choice": "Onbekende gebeurtenis ‘{input}’. Kies uit: "
                        + ", ".join(EventType.values) + "."},
    )  # fmt: skip
    tijdstip = serializers.DateTimeField(help_text="Wanneer het gebeurde, ISO 8601 met tijdzone.")
    van = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="Nummer van de beller, of ‘anoniem’."
    )
    naar = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="Het gebelde nummer.")
    lijn = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text="Wachtrij of lijn.")
    medewerker = serializers.CharField(
        max_length=150, required=False, help_text="Gebruikersnaam van de medewerker (bij ‘aangenomen’)."
    )
    doel = serializers.CharField(
        max_length=30, required=False, help_text="Nummer waarnaar is doorverbonden (bij ‘doorverbonden’)."
    )
    beantwoord = serializers.BooleanField(required=False, help_text="Of het doel opnam (bij ‘doorverbonden’).")

    def validate_gesprek_id(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("Vul het id van het gesprek in.")
        return value

    def validate_van(self, value: str) -> str:
        return "" if value.strip().lower() in ("", ANONYMOUS) else _phone(value)

    def validate_naar(self, value: str) -> str:
        return _phone(value) if value.strip() else ""

    def validate_doel(self, value: str) -> str:
        return _phone(value)

    def validate_medewerker(self, value: str) -> User:
        username = value.strip()
        # One query on every answered call: the active user who holds the permission (through a role,
        # directly, or as superuser), as has_perm would decide; the reason is looked up only on refusal.
        user = (
            User.objects.with_perm(REGISTERS_CONTACTS, backend="django.contrib.auth.backends.ModelBackend")
            .filter(username=username)
            .first()
        )
        if user is not None:
            return user
        if not User.objects.filter(username=username, is_active=True).exists():
            raise serializers.ValidationError(f"Onbekende medewerker ‘{username}’: gebruik de gebruikersnaam in KCC.")
        raise serializers.ValidationError(f"‘{username}’ mag geen contacten registreren.")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        kind = data["gebeurtenis"]
        required = {
            EventType.INCOMING: {"van": "Geef het nummer van de beller, of ‘anoniem’."},
            EventType.ANSWERED: {"medewerker": "Geef de gebruikersnaam van de medewerker die aannam."},
            EventType.TRANSFERRED: {
                "doel": "Geef het nummer waarnaar is doorverbonden.",
                "beantwoord": "Geef aan of het doel opnam (true of false).",
            },
        }.get(kind, {})
        errors = {field: message for field, message in required.items() if field not in data}
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def event(self) -> Event:
        data = self.validated_data
        kind = data["gebeurtenis"]
        return Event(
            call_id=data["gesprek_id"],
            kind=kind,
            occurred_at=data["tijdstip"],
            caller=data.get("van", ""),
            called=data.get("naar", ""),
            line=data.get("lijn", ""),
            agent=data.get("medewerker") if kind == EventType.ANSWERED else None,
            target=data.get("doel", "") if kind == EventType.TRANSFERRED else "",
            answered=data.get("beantwoord") if kind == EventType.TRANSFERRED else None,
        )


class EventResultSerializer(serializers.Serializer):
    """The answer: what KCC made of the event (documentation of the response body)."""

    gesprek_id = serializers.CharField()
    gebeurtenis = serializers.CharField()
    herhaald = serializers.BooleanField(help_text="true: dit was al ontvangen; er is niets veranderd.")
    gestart = serializers.BooleanField(help_text="false: ‘binnenkomend’ ontbreekt nog; de gebeurtenis is bewaard.")
    contactmoment = serializers.IntegerField(allow_null=True, help_text="Id van het contactmoment (na ‘aangenomen’).")
    melding = serializers.CharField(help_text="Toelichting in gewone taal.")
