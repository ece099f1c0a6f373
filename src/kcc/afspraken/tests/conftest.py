from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from kcc.afspraken.models import AppointmentType, Desk, IntakeQuestion, Location, OpeningHours
from kcc.core.calendar import holiday_name, is_working_day
from kcc.producten.models import Product
from kcc.producten.services import save_product


def next_working_day(after: int = 1) -> date:
    day = timezone.localdate() + timedelta(days=after)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def next_weekday_holiday() -> date:
    """The next public holiday on a weekday (Christmas, New Year, Easter Monday, ...)."""
    day = timezone.localdate() + timedelta(days=1)
    while not (day.weekday() < 5 and holiday_name(day)):
        day += timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), timezone.get_current_timezone())


@pytest.fixture
def rijbewijs(db) -> Product:
    product = Product.objects.create(
        upl_name="rijbewijs", upl_uri="http://standaarden.overheid.nl/owms/terms/rijbewijs", slug="rijbewijs"
    )
    return save_product(
        product, title="Rijbewijs verlengen", term_amount=5, term_unit="werkdagen", appointment_required=True
    )


@pytest.fixture
def types(rijbewijs) -> dict[str, AppointmentType]:
    normal = AppointmentType.objects.create(
        code="rijbewijs",
        name="Rijbewijs aanvragen",
        product=rijbewijs,
        duration_minutes=15,
        is_default=True,
        instructions="Uw oude rijbewijs en een pasfoto.",
    )
    senior = AppointmentType.objects.create(
        code="rijbewijs-gezondheid",
        name="Rijbewijs aanvragen met gezondheidsverklaring",
        product=rijbewijs,
        duration_minutes=30,
        instructions="Uw oude rijbewijs, een pasfoto en de Verklaring van Geschiktheid van het CBR.",
    )
    IntakeQuestion.objects.create(
        appointment_type=normal,
        code="leeftijd",
        text="Wat is uw leeftijd?",
        kind="getal",
        threshold=70,
        routes_to=senior,
        order=1,
    )
    IntakeQuestion.objects.create(
        appointment_type=normal,
        code="medisch",
        text="Hebt u een medische keuring of gezondheidsverklaring nodig?",
        routes_to=senior,
        order=2,
    )
    return {"normal": normal, "senior": senior}


@pytest.fixture
def stadhuis(db) -> Location:
    location = Location.objects.create(
        code="stadhuis", name="Stadhuis", address="Stadhuisplein 1, Demodam", slot_minutes=15
    )
    for weekday in range(5):
        OpeningHours.objects.create(location=location, weekday=weekday, opens=time(9), closes=time(12))
    Desk.objects.create(location=location, name="Balie 1")
    Desk.objects.create(location=location, name="Balie 2")
    return location
