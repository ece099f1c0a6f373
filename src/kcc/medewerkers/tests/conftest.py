"""A small directory: Belastingen (warm, Mon-Fri 08:30-15:00) and WMO (never transfer), four people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import pytest
from django.utils import timezone

from kcc.core.models import OrganisationUnit, ReachabilityWindow, User
from kcc.core.roles import Role
from kcc.medewerkers import services
from kcc.medewerkers.indexing import index_unit
from kcc.medewerkers.models import Absence, Person

FULL_WEEK = "ma-zo:ochtend,middag"


@dataclass
class Directory:
    belastingen: OrganisationUnit
    wmo: OrganisationUnit
    coordinator: User
    sick: Person  # Fatima, sick until further notice, stand-in Gerrit
    stand_in: Person  # Gerrit, works every day part, stand-in Belastingen
    private_mobile: Person  # Henk, mobile not to be shown
    wmo_person: Person  # Ilse


def _unit(code: str, name: str, **fields) -> OrganisationUnit:
    unit = OrganisationUnit.objects.create(code=code, name=name, kind="sector", **fields)
    for weekday in range(5):
        ReachabilityWindow.objects.create(unit=unit, weekday=weekday, start=time(8, 30), end=time(15, 0))
    index_unit(unit)
    return unit


@pytest.fixture
def directory(db, make_user, admin_user) -> Directory:
    coordinator = make_user(Role.BACKOFFICE, username="coordinator", email="coordinator@demodam.nl")
    belastingen = _unit("belastingen", "Belastingen", phone="0105550210", backup_phone="0105550211")
    belastingen.coordinator = coordinator
    belastingen.save()
    coordinator.unit = belastingen
    coordinator.save()
    wmo = _unit("wmo", "Wmo-loket", phone="0105550242", transfer_policy="geen_doorverbinding")

    def person(name: str, email: str, unit: OrganisationUnit, **fields) -> Person:
        return services.save_person(actor=admin_user, units=[unit], name=name, email=email, **fields)

    stand_in = person(
        "Gerrit Hoekstra",
        "gerrit@demodam.nl",
        belastingen,
        phone_internal="4101",
        schedule=FULL_WEEK,
        function="medewerker invordering",
        skills=["kwijtschelding", "hondenbelasting"],
    )
    services.save_person(actor=admin_user, person=stand_in, units=[belastingen], stand_in=belastingen)
    sick = person(
        "Fatima Lammers",
        "fatima@demodam.nl",
        belastingen,
        phone_internal="4102",
        schedule=FULL_WEEK,
        function="WOZ-taxateur",
        skills=["WOZ", "bezwaar aanslag"],
    )
    services.save_person(actor=admin_user, person=sick, units=[belastingen], stand_in=stand_in)
    services.add_absence(
        actor=admin_user,
        person=sick,
        kind=Absence.Kind.SICK,
        starts_at=timezone.make_aware(datetime(2020, 1, 1)),
        ends_at=None,
    )
    private_mobile = person(
        "Henk Postma",
        "henk@demodam.nl",
        belastingen,
        phone_mobile="06-12345678",
        show_mobile=False,
        schedule="ma-vr:ochtend",
    )
    wmo_person = person(
        "Ilse Verbeek", "ilse@demodam.nl", wmo, phone_internal="4201", function="Wmo-consulent", schedule=FULL_WEEK
    )
    return Directory(belastingen, wmo, coordinator, sick, stand_in, private_mobile, wmo_person)
