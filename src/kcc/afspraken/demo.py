"""Demo appointments: the Stadhuis and a neighbourhood office, with desks, opening hours and types."""

from __future__ import annotations

from datetime import time

from django.db import transaction

from kcc.afspraken.models import AppointmentType, Desk, IntakeQuestion, Location, OpeningHours
from kcc.producten.models import Product

# code, name, UPL name, minutes, default, what to bring
TYPES = [
    ("paspoort", "Paspoort aanvragen", "paspoort", 15, True, "Uw huidige paspoort of identiteitskaart en één pasfoto."),
    (
        "identiteitskaart",
        "Identiteitskaart aanvragen",
        "identiteitskaart",
        15,
        True,
        "Uw huidige ID-kaart of paspoort en één pasfoto.",
    ),
    ("rijbewijs", "Rijbewijs aanvragen of verlengen", "rijbewijs", 15, True, "Uw huidige rijbewijs en één pasfoto."),
    (
        "rijbewijs-gezondheid",
        "Rijbewijs met gezondheidsverklaring (70+ of medische keuring)",
        "rijbewijs",
        30,
        False,
        "Uw huidige rijbewijs, één pasfoto en de Verklaring van Geschiktheid van het CBR.",
    ),
    ("uittreksel-brp", "Uittreksel BRP ophalen", "brp-uittreksel", 15, True, "Uw paspoort, ID-kaart of rijbewijs."),
    ("huwelijk", "Melding voorgenomen huwelijk", "huwelijksaangifte", 30, True, "Paspoort of ID-kaart van u beiden."),
]

LOCATIONS = [
    (
        "stadhuis",
        "Stadhuis Demodam",
        "Stadhuisplein 1, 3011 AA Demodam",
        3,
        [(day, time(9), time(12, 30)) for day in range(5)]
        + [(day, time(13, 30), time(16, 30)) for day in range(5)]
        + [(3, time(17, 30), time(20))],
    ),
    (
        "wijkpost-zuid",
        "Wijkpost Zuid",
        "Zuiderparkweg 12, 3083 BB Demodam",
        1,
        [(1, time(9), time(12)), (3, time(9), time(12))],
    ),
]


@transaction.atomic
def load() -> list[str]:
    products = {p.upl_name: p for p in Product.objects.filter(upl_name__in={t[2] for t in TYPES})}
    types = {}
    for code, name, upl_name, minutes, default, instructions in TYPES:
        types[code], _ = AppointmentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "product": products[upl_name],
                "duration_minutes": minutes,
                "is_default": default,
                "instructions": instructions,
            },
        )
    for question_code, text, kind, threshold, order in [
        ("leeftijd", "Wat is uw leeftijd?", "getal", 70, 1),
        ("medisch", "Moet u van het CBR een medische keuring of gezondheidsverklaring hebben?", "ja_nee", None, 2),
    ]:
        IntakeQuestion.objects.get_or_create(
            appointment_type=types["rijbewijs"],
            code=question_code,
            defaults={
                "text": text,
                "kind": kind,
                "threshold": threshold,
                "routes_to": types["rijbewijs-gezondheid"],
                "order": order,
            },
        )
    for code, name, address, desks, hours in LOCATIONS:
        location, created = Location.objects.get_or_create(
            code=code, defaults={"name": name, "address": address, "slot_minutes": 15}
        )
        if created:
            OpeningHours.objects.bulk_create(
                OpeningHours(location=location, weekday=day, opens=opens, closes=closes) for day, opens, closes in hours
            )
            for number in range(1, desks + 1):
                Desk.objects.create(location=location, name=f"Balie {number}")
    return [
        f"{len(TYPES)} afspraaksoorten (rijbewijs 70+ via de intake), "
        f"{len(LOCATIONS)} locaties met balies en openingstijden"
    ]
