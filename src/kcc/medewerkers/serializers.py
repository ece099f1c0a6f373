"""API shapes of the staff directory, with Dutch field names. Writes are done by the services."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rest_framework import serializers

from kcc.core.models import OrganisationUnit
from kcc.core.phone import format_phone
from kcc.medewerkers.models import Person
from kcc.medewerkers.presence import (
    DAY_PARTS,
    WEEKDAY_CODES,
    PersonStatus,
    Reachability,
    Status,
    Transfer,
    UnitStatus,
)
from kcc.medewerkers.selectors import may_see_mobile

WEEKDAY_CHOICES = list(WEEKDAY_CODES)
TRANSFER_CHOICES = [transfer.value for transfer in Transfer]


class WindowSerializer(serializers.Serializer):
    dagen = serializers.ListField(child=serializers.ChoiceField(choices=WEEKDAY_CHOICES), min_length=1)
    van = serializers.RegexField(r"^\d{1,2}:\d{2}$", help_text="uu:mm")
    tot = serializers.RegexField(r"^\d{1,2}:\d{2}$", help_text="uu:mm")


class UnitSerializer(serializers.Serializer):
    """The unit in the JSON shape of ``kcc organisatie import``, plus what the directory adds."""

    code = serializers.SlugField(max_length=40)
    naam = serializers.CharField(max_length=200)
    soort = serializers.ChoiceField(choices=OrganisationUnit.Kind.choices)
    ouder = serializers.SlugField(max_length=40, allow_null=True, required=False, default=None)
    extern = serializers.BooleanField(required=False, default=False)
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    achtervang = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    doorverbinden = serializers.ChoiceField(
        choices=OrganisationUnit.TransferPolicy.choices, required=False, default=OrganisationUnit.TransferPolicy.WARM
    )
    terugbeltermijn = serializers.IntegerField(min_value=1, max_value=60, required=False, default=2)
    vensters = WindowSerializer(many=True, required=False, default=list)
    bevestigen_elke_weken = serializers.IntegerField(min_value=1, max_value=52, required=False, allow_null=True)
    coordinator = serializers.CharField(read_only=True, allow_null=True)
    laatst_bevestigd = serializers.DateTimeField(read_only=True, allow_null=True)

    def to_representation(self, unit: OrganisationUnit) -> dict[str, Any]:
        spans: dict[tuple[str, str], list[str]] = defaultdict(list)
        for window in unit.windows.all():
            spans[(f"{window.start:%H:%M}", f"{window.end:%H:%M}")].append(WEEKDAY_CODES[window.weekday])
        profile = getattr(unit, "directory_profile", None)
        return {
            "code": unit.code,
            "naam": unit.name,
            "soort": unit.kind,
            "ouder": unit.parent.code if unit.parent else None,
            "extern": unit.is_external,
            "telefoon": unit.phone,
            "email": unit.email,
            "achtervang": unit.backup_phone,
            "doorverbinden": unit.transfer_policy,
            "terugbeltermijn": unit.callback_days,
            "vensters": [{"dagen": days, "van": start, "tot": end} for (start, end), days in spans.items()],
            "bevestigen_elke_weken": profile.confirm_every_weeks if profile else None,
            "coordinator": str(unit.coordinator) if unit.coordinator else None,
            "laatst_bevestigd": profile.confirmed_at.isoformat() if profile and profile.confirmed_at else None,
        }


class StandInSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=["medewerker", "eenheid"])
    id = serializers.IntegerField(required=False, help_text="Bij soort medewerker.")
    code = serializers.SlugField(required=False, help_text="Bij soort eenheid.")
    naam = serializers.CharField(read_only=True)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    naam = serializers.CharField(max_length=200)
    functie = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    eenheden = serializers.ListField(
        child=serializers.SlugField(max_length=40),
        min_length=1,
        help_text="Eenheidscodes; de eerste is de hoofdeenheid.",
    )
    email = serializers.EmailField()
    telefoon_intern = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    mobiel = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        help_text="Alleen zichtbaar als de medewerker het toestaat (of voor beheer); anders null.",
    )
    mobiel_tonen = serializers.BooleanField(required=False, default=False)
    vaardigheden = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list)
    rooster = serializers.DictField(
        child=serializers.ListField(child=serializers.ChoiceField(choices=list(DAY_PARTS))),
        required=False,
        default=dict,
        help_text='Per dag (ma…zo) de dagdelen, bijv. {"ma": ["ochtend", "middag"]}.',
    )
    vervanger = StandInSerializer(required=False, allow_null=True, default=None)
    actief = serializers.BooleanField(required=False, default=True)
    bijgewerkt = serializers.DateTimeField(read_only=True)

    def to_representation(self, person: Person) -> dict[str, Any]:
        user = self.context["request"].user
        stand_in = None
        if person.stand_in_person:
            stand_in = {"soort": "medewerker", "id": person.stand_in_person_id, "naam": person.stand_in_person.name}
        elif person.stand_in_unit:
            stand_in = {"soort": "eenheid", "code": person.stand_in_unit.code, "naam": person.stand_in_unit.name}
        return {
            "id": person.pk,
            "naam": person.name,
            "functie": person.function,
            "eenheden": [membership.unit.code for membership in person.memberships.all()],
            "email": person.email,
            "telefoon_intern": person.phone_internal,
            "mobiel": person.phone_mobile if may_see_mobile(user, person) else None,
            "mobiel_tonen": person.show_mobile,
            "vaardigheden": person.skills,
            "rooster": person.schedule,
            "vervanger": stand_in,
            "actief": person.is_active,
            "bijgewerkt": person.updated_at.isoformat(),
        }


# --- reachability (read only) -------------------------------------------------------------------


class NumberSerializer(serializers.Serializer):
    nummer = serializers.CharField(help_text="Cijfers, zoals te kiezen.")
    weergave = serializers.CharField(help_text="Leesbaar, bijv. 010-5550210.")
    soort = serializers.CharField(help_text="intern, mobiel, algemeen nummer of achtervang.")
    van = serializers.CharField(help_text="Naam van de medewerker of eenheid.")
    gemeld_als_onjuist = serializers.BooleanField()


class TimeSpanSerializer(serializers.Serializer):
    van = serializers.CharField()
    tot = serializers.CharField()


class UnitReachabilitySerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    open = serializers.BooleanField(help_text="Binnen het bereikbaarheidsvenster en geen feest- of sluitingsdag.")
    reden = serializers.CharField(allow_null=True)
    reden_tekst = serializers.CharField(allow_blank=True)
    venster = serializers.CharField(help_text="Alle vensters, bijv. ‘ma–vr 08:30–15:00’.")
    vensters_vandaag = TimeSpanSerializer(many=True)
    beleid = serializers.ChoiceField(choices=OrganisationUnit.TransferPolicy.choices)
    doorverbinden_toegestaan = serializers.ChoiceField(choices=TRANSFER_CHOICES)


class StatusSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=["medewerker", "eenheid"])
    id = serializers.IntegerField(allow_null=True)
    code = serializers.CharField(allow_null=True)
    naam = serializers.CharField()
    aanwezig = serializers.BooleanField(help_text="Medewerker: verwacht aanwezig. Eenheid: open.")
    reden = serializers.CharField(allow_null=True)
    reden_tekst = serializers.CharField(allow_blank=True)
    terug_op = serializers.DateTimeField(allow_null=True)


class ReachabilitySerializer(serializers.Serializer):
    tijdstip = serializers.DateTimeField()
    doel = StatusSerializer()
    eenheid = UnitReachabilitySerializer(allow_null=True, help_text="De (hoofd)eenheid: venster en beleid.")
    vervangers = StatusSerializer(many=True, help_text="De gevolgde vervangers, tot de eerste die bereikbaar is.")
    vervanger = StatusSerializer(allow_null=True, help_text="De eerste bereikbare vervanger.")
    bellen = NumberSerializer(allow_null=True)
    doorverbinden_toegestaan = serializers.ChoiceField(choices=TRANSFER_CHOICES)
    doorverbinden_toelichting = serializers.CharField()
    terugbelverzoek_aanbieden = serializers.BooleanField()


def _status(status: Status) -> dict[str, Any]:
    person = isinstance(status, PersonStatus)
    return {
        "soort": status.kind,
        "id": status.person.id if person else None,
        "code": None if person else status.unit.code,
        "naam": status.name,
        "aanwezig": status.present,
        "reden": status.reason.value if status.reason else None,
        "reden_tekst": status.reason_text,
        "terug_op": status.back_at.isoformat() if person and status.back_at else None,
    }


def _unit(status: UnitStatus | None) -> dict[str, Any] | None:
    if status is None:
        return None
    return {
        "code": status.unit.code,
        "naam": status.unit.name,
        "open": status.present,
        "reden": status.reason.value if status.reason else None,
        "reden_tekst": status.reason_text,
        "venster": status.window_text,
        "vensters_vandaag": [{"van": f"{w.start:%H:%M}", "tot": f"{w.end:%H:%M}"} for w in status.windows_today],
        "beleid": status.unit.policy,
        "doorverbinden_toegestaan": status.transfer.value,
    }


def reachability_data(reach: Reachability) -> dict[str, Any]:
    target = reach.target
    dial = reach.dial
    return {
        "tijdstip": reach.at.isoformat(),
        "doel": _status(target),
        "eenheid": _unit(target.unit if isinstance(target, PersonStatus) else target),
        "vervangers": [_status(step) for step in reach.chain],
        "vervanger": _status(reach.stand_in) if reach.stand_in else None,
        "bellen": {
            "nummer": dial.digits,
            "weergave": format_phone(dial.digits),
            "soort": dial.label,
            "van": dial.owner,
            "gemeld_als_onjuist": dial.flagged,
        }
        if dial
        else None,
        "doorverbinden_toegestaan": reach.transfer.value,
        "doorverbinden_toelichting": reach.transfer_text,
        "terugbelverzoek_aanbieden": reach.offer_callback,
    }
