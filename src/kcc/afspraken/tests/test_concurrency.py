"""Two people book the last free desk at the same moment: exactly one wins.

Real parallel transactions: each thread has its own database connection. On PostgreSQL both
transactions are open at the same time before either books (a barrier inside the transaction);
the unique (desk, slot) index makes the second insert wait for the first and then fail. SQLite
serialises writers (BEGIN IMMEDIATE), so there the second transaction starts after the first has
committed and finds the slot taken.
"""

from __future__ import annotations

import threading
from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from kcc.afspraken import services
from kcc.afspraken.models import Appointment, Desk, Location, OpeningHours, SlotClaim
from kcc.afspraken.tests.conftest import at, next_working_day


@pytest.fixture
def one_slot_left(types):
    """A desk open 09:00–09:15 on the next working day: one slot of 15 minutes, nothing more."""
    location = Location.objects.create(code="wijkpost", name="Wijkpost Noord", address="Noordplein 3", slot_minutes=15)
    day = next_working_day()
    OpeningHours.objects.create(location=location, weekday=day.weekday(), opens=time(9), closes=time(9, 15))
    Desk.objects.create(location=location, name="Balie 1")
    return location, day


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(2))
def test_two_bookings_of_the_last_slot_exactly_one_wins(rijbewijs, one_slot_left, attempt):
    location, day = one_slot_left
    vendor = connection.vendor
    barrier = threading.Barrier(2, timeout=20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def book(name: str) -> None:
        try:
            if vendor == "postgresql":
                with transaction.atomic():
                    Appointment.objects.count()  # the transaction is open and has read
                    barrier.wait()
                    services.book(
                        product=rijbewijs,
                        location=location,
                        starts_at=at(day, 9),
                        booker=services.Booker(name, f"{name.lower()}@example.nl"),
                        answers={"leeftijd": "40"},
                    )
            else:
                barrier.wait()
                services.book(
                    product=rijbewijs,
                    location=location,
                    starts_at=at(day, 9),
                    booker=services.Booker(name, f"{name.lower()}@example.nl"),
                    answers={"leeftijd": "40"},
                )
            result = "geboekt"
        except ValidationError as error:
            result = " ".join(error.messages)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=book, args=(name,)) for name in ("Anna", "Bram")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == sorted(["geboekt", services.TAKEN])
    assert Appointment.objects.count() == 1 and SlotClaim.objects.count() == 1
    assert services.free_slots(Appointment.objects.get().appointment_type, location, day) == []
