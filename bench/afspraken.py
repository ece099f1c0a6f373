"""Producten and afspraken: free slots of a busy day, booking, and the product search.

    python bench/afspraken.py                        # SQLite and PostgreSQL
    python bench/afspraken.py --engines sqlite --samples 50

A location with 6 desks open 09:00–16:30 (15-minute slots) has 3 or 4 desks booked in every slot on
the next working day. Measured (median of ``--samples`` runs, each with the ratio to a baseline
measured in the same run):

* ``free_slots`` (two queries for the whole day) vs the per-slot approach: one ``EXISTS`` query per
  start time and desk — the same answer (checked), the N+1 way;
* booking and cancelling one appointment (validation, claims, audit) vs inserting and deleting the
  bare slot claims it needs, the least a booking must write;
* the product search over the municipal UPL products (449, from ``KCC_SHARED_DIR`` or ``../shared``)
  answered from the full-text index vs an ``icontains`` filter on title and UPL name (which finds
  fewer: no synonyms, stems or typos — the count found is printed too).

No assertions: figures only.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _kcc import fresh_kcc, main_with_samples

DESKS = 6
QUERIES = [
    "paspoort",
    "rijbewijs verlengen",
    "bouwvergunning",
    "hondenbelasting",
    "parkeervergunning",
    "kapvergunning",
    "uittreksel",
    "bijstand",
    "afvalcontainer",
    "evenementenvergunning",
]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _time(function, samples: int) -> tuple[list[float], object]:
    timings, result = [], None
    for _ in range(samples):
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    return timings, result


def setup_location():
    from kcc.afspraken.models import AppointmentType, Desk, Location, OpeningHours
    from kcc.producten.models import Product

    product = Product.objects.filter(upl_name="rijbewijs").first() or Product.objects.create(
        upl_name="rijbewijs", upl_uri="http://standaarden.overheid.nl/owms/terms/rijbewijs", slug="rijbewijs"
    )
    kind = AppointmentType.objects.create(
        code="rijbewijs", name="Rijbewijs", product=product, duration_minutes=15, is_default=True
    )
    location = Location.objects.create(code="stadhuis", name="Stadhuis", address="Stadhuisplein 1", slot_minutes=15)
    OpeningHours.objects.bulk_create(
        OpeningHours(location=location, weekday=d, opens=clock(9), closes=clock(16, 30)) for d in range(7)
    )
    desks = [Desk.objects.create(location=location, name=f"Balie {n}") for n in range(1, DESKS + 1)]
    return product, kind, location, desks


def naive_free_slots(kind, location, desks, day):
    from django.utils import timezone

    from kcc.afspraken.models import SlotClaim

    zone = timezone.get_current_timezone()
    result = []
    start = datetime.combine(day, clock(9), zone)
    end = datetime.combine(day, clock(16, 30), zone)
    while start + timedelta(minutes=kind.duration_minutes) <= end:
        if any(not SlotClaim.objects.filter(desk=desk, slot_start=start).exists() for desk in desks):
            result.append(start)
        start += timedelta(minutes=location.slot_minutes)
    return result


def run_child(engine: str, samples: int) -> None:
    with fresh_kcc(engine, "kcc_bench_afspraken"):
        from django.db import connection, transaction
        from django.db.models import Q
        from django.utils import timezone

        from kcc.afspraken import services
        from kcc.afspraken.models import SlotClaim
        from kcc.core.calendar import is_working_day
        from kcc.producten.imports import import_upl_csv
        from kcc.producten.models import Product
        from kcc.producten.search import search_products

        shared = Path(os.environ.get("KCC_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
        upl = shared / "data" / "producten" / "UPL-actueel.csv"
        products = len(import_upl_csv(upl).added) if upl.exists() else 0
        product, kind, location, desks = setup_location()
        day = timezone.localdate() + timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
        zone = timezone.get_current_timezone()
        slots = [datetime.combine(day, clock(9), zone) + timedelta(minutes=15 * n) for n in range(30)]
        booked = 0
        for index, slot in enumerate(slots):
            for _ in range(DESKS // 2 + (index % 2)):  # 3 or 4 of 6 desks taken
                services.book(
                    product=product, location=location, starts_at=slot, booker=services.Booker("Bench"), channel="api"
                )
                booked += 1
        print(f"\n{engine}: {DESKS} desks, {len(slots)} slots, {booked} appointments booked; {products} products")

        fast, free = _time(lambda: services.free_slots(kind, location, day), samples)
        slow, naive = _time(lambda: naive_free_slots(kind, location, desks, day), max(3, samples // 5))
        assert free == naive, "the two ways disagree"
        print(
            f"  free_slots           {_median_ms(fast):8.2f} ms   per-slot queries {_median_ms(slow):8.2f} ms   "
            f"ratio {statistics.median(slow) / statistics.median(fast):6.1f}x faster ({len(free)} free)"
        )

        late = slots[-1]

        def book_and_cancel():
            appointment = services.book(
                product=product, location=location, starts_at=late, booker=services.Booker("Bench"), channel="api"
            )
            services.cancel(appointment)

        some_appointment = SlotClaim.objects.values_list("appointment_id", flat=True).first()

        def bare_claims():
            with transaction.atomic():
                claim = SlotClaim.objects.create(desk=desks[-1], slot_start=late, appointment_id=some_appointment)
            claim.delete()

        booking, _ = _time(book_and_cancel, samples)
        bare, _ = _time(bare_claims, samples)
        print(
            f"  book + cancel        {_median_ms(booking):8.2f} ms   bare claim write {_median_ms(bare):8.2f} ms   "
            f"ratio {statistics.median(booking) / statistics.median(bare):6.1f}x"
        )

        if products:
            indexed = [_time(lambda q=q: search_products(q), samples)[0] for q in QUERIES]
            like = [
                _time(
                    lambda q=q: list(Product.objects.filter(Q(upl_name__icontains=q) | Q(title__icontains=q))[:8]),
                    samples,
                )[0]
                for q in QUERIES
            ]
            found_index = sum(bool(search_products(q)) for q in QUERIES)
            found_like = sum(
                Product.objects.filter(Q(upl_name__icontains=q) | Q(title__icontains=q)).exists() for q in QUERIES
            )
            median_index = statistics.median([statistics.median(t) for t in indexed])
            median_like = statistics.median([statistics.median(t) for t in like])
            total = len(QUERIES)
            print(
                f"  product search       {median_index * 1000:8.2f} ms   "
                f"icontains       {median_like * 1000:8.2f} ms   ratio {median_index / median_like:6.1f}x   "
                f"found {found_index}/{total} vs {found_like}/{total}"
            )
        connection.close()


if __name__ == "__main__":
    main_with_samples(__doc__, run_child, samples=30)
