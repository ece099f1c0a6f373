"""Intake, free slots and booking rules: every bad input a clear Dutch error and nothing booked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kcc.afspraken import services
from kcc.afspraken.models import Appointment, SlotClaim
from kcc.afspraken.tests.conftest import at, next_weekday_holiday, next_working_day
from kcc.core.models import AuditEntry, ClosingDay, OutboxMessage

BOOKER = services.Booker("Jan de Boer", "jan@example.nl", "06-12345678")


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"leeftijd": "45", "medisch": "nee"}, "normal"),
        ({"leeftijd": "69", "medisch": "nee"}, "normal"),
        ({"leeftijd": "70", "medisch": "nee"}, "senior"),
        ({"leeftijd": "84"}, "senior"),
        ({"leeftijd": "35", "medisch": "ja"}, "senior"),
    ],
)
def test_the_intake_chooses_the_procedure(types, rijbewijs, answers, expected):
    assert services.resolve_type(rijbewijs, answers) == types[expected]


@pytest.mark.parametrize(("answer", "message"), [("", "Beantwoord"), ("zeventig", "getal"), ("700", "getal")])
def test_the_age_question_must_be_answered_with_a_number(types, rijbewijs, answer, message):
    with pytest.raises(ValidationError, match=message):
        services.resolve_type(rijbewijs, {"leeftijd": answer})


def test_a_70_plus_booking_gets_the_longer_appointment_and_two_slots(types, rijbewijs, stadhuis):
    day = next_working_day()
    appointment = services.book(
        product=rijbewijs, location=stadhuis, starts_at=at(day, 9), booker=BOOKER, answers={"leeftijd": "72"}
    )
    assert appointment.appointment_type == types["senior"]
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=30)
    assert sorted(SlotClaim.objects.values_list("slot_start", flat=True)) == [at(day, 9), at(day, 9, 15)]
    assert appointment.number == f"A-{day.year}-{appointment.pk:05d}"


def test_free_slots_follow_desks_and_durations(types, rijbewijs, stadhuis):
    day = next_working_day()
    assert len(services.free_slots(types["normal"], stadhuis, day)) == 12  # 09:00–11:45
    assert len(services.free_slots(types["senior"], stadhuis, day)) == 11  # must end by 12:00
    for _ in range(2):  # both desks at 09:00
        services.book(
            product=rijbewijs, location=stadhuis, starts_at=at(day, 9), booker=BOOKER, answers={"leeftijd": "30"}
        )
    assert at(day, 9) not in services.free_slots(types["normal"], stadhuis, day)
    assert at(day, 9, 15) in services.free_slots(types["normal"], stadhuis, day)
    with pytest.raises(ValidationError, match="net door iemand anders geboekt"):
        services.book(
            product=rijbewijs, location=stadhuis, starts_at=at(day, 9), booker=BOOKER, answers={"leeftijd": "30"}
        )
    assert Appointment.objects.count() == 2


def _moment(case: str):
    day = next_working_day()
    return {
        "past": lambda: at(timezone.localdate() - timedelta(days=1), 10),
        "before opening": lambda: at(day, 8, 30),
        "after closing": lambda: at(day, 11, 50),
        "weekend": lambda: at(day + timedelta(days=(5 - day.weekday()) % 7 or 7), 10),
        "holiday": lambda: at(next_weekday_holiday(), 10),
        "off the grid": lambda: at(day, 10, 7),
        "unknown product": lambda: at(day, 10),
    }[case]()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("past", "al voorbij"),
        ("before opening", "balie gesloten"),
        ("after closing", "balie gesloten"),
        ("weekend", "balie gesloten"),
        ("holiday", "Dan zijn wij gesloten"),
        ("off the grid", "aangeboden tijden"),
        ("unknown product", "kennen wij niet"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_booked(types, rijbewijs, stadhuis, case, message):
    product = None if case == "unknown product" else rijbewijs
    with pytest.raises(ValidationError, match=message):
        services.book(
            product=product, location=stadhuis, starts_at=_moment(case), booker=BOOKER, answers={"leeftijd": "30"}
        )
    assert not Appointment.objects.exists() and not SlotClaim.objects.exists() and not OutboxMessage.objects.exists()


def test_a_closing_day_is_closed(types, rijbewijs, stadhuis):
    day = next_working_day(3)
    ClosingDay.objects.create(date=day, description="Verhuizing")
    with pytest.raises(ValidationError, match="gemeentehuis gesloten"):
        services.book(
            product=rijbewijs, location=stadhuis, starts_at=at(day, 10), booker=BOOKER, answers={"leeftijd": "30"}
        )
    assert services.free_slots(types["normal"], stadhuis, day) == []


def test_contact_details_are_checked(types, rijbewijs, stadhuis):
    with pytest.raises(ValidationError) as error:
        services.book(
            product=rijbewijs,
            location=stadhuis,
            starts_at=at(next_working_day(), 10),
            booker=services.Booker("", "geen-mail", "12"),
            answers={"leeftijd": "30"},
        )
    assert set(error.value.message_dict) == {"name", "email", "phone"}
    assert not Appointment.objects.exists()


def test_moving_and_cancelling_free_the_slot_and_are_audited(types, rijbewijs, stadhuis, agent):
    day = next_working_day()
    appointment = services.book(
        product=rijbewijs,
        location=stadhuis,
        starts_at=at(day, 10),
        booker=BOOKER,
        answers={"leeftijd": "30"},
        channel="medewerker",
        actor=agent,
        origin_type="contacten.contactmoment",
        origin_id="12",
    )
    services.reschedule(appointment, starts_at=at(day, 11))
    assert list(SlotClaim.objects.values_list("slot_start", flat=True)) == [at(day, 11)]
    services.cancel(appointment)
    assert not SlotClaim.objects.exists()
    appointment.refresh_from_db()
    assert appointment.status == "geannuleerd" and appointment.sequence == 2
    with pytest.raises(ValidationError, match="al geannuleerd"):
        services.cancel(appointment)
    assert list(
        AuditEntry.objects.filter(object_type="afspraken.appointment", object_id=str(appointment.pk))
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["afspraak_gemaakt", "afspraak_verzet", "afspraak_geannuleerd"]
    keys = sorted(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == sorted(
        [
            f"afspraken:{appointment.pk}:bevestiging:0",
            f"afspraken:{appointment.pk}:bevestiging:1",
            f"afspraken:{appointment.pk}:annulering",
        ]
    )
