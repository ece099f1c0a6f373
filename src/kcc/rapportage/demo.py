"""Demo contacts over the past four months, so every dashboard table has something to show."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kcc.contacten import services
from kcc.contacten.intake import Lookups, parse_contact
from kcc.contacten.models import Contactmoment
from kcc.core.models import User

PREFIX = "demo-mi-"
DAYS = 120
PER_DAY = 4
# (vraagsoort, afhandeling, eenheid, doorverbindpogingen) with a weight each
KINDS = [
    (30, "algemene_vraag", "zelf_beantwoord", "burgerzaken", []),
    (8, "algemene_vraag", "na_ruggespraak", "belastingen", []),
    (6, "algemene_vraag", "doorverbonden", "wi", [("eenheid", "wi", "bereikt", None)]),
    (5, "persoon_of_afdeling", "doorverbonden", "bmv", [("persoon", "bmv", "bereikt", None)]),
    (4, "persoon_of_afdeling", "doorverbonden", "wmo",
     [("persoon", "wmo", "niet_bereikt", "afwezig"), ("persoon", "wmo", "bereikt", "vervanger")]),
    (7, "algemene_vraag", "terugbelverzoek", "belastingen",
     [("eenheid", "belastingen", "niet_bereikt", "geen_gehoor")]),
    (3, "persoon_of_afdeling", "terugbelverzoek", "groen",
     [("persoon", "groen", "niet_bereikt", "in_gesprek")]),
    (2, "algemene_vraag", "email_aangeboden", "handhaving",
     [("eenheid", "handhaving", "niet_bereikt", "buiten_venster")]),
    (6, "melding", "melding_gemaakt", "wegen", []),
    (2, "klacht", "klacht_geregistreerd", "wi", []),
    (1, "klacht", "doorverwezen", "wi", []),
    (3, "afspraak", "afspraak_gemaakt", "burgerzaken", []),
    (2, "algemene_vraag", "onbekend", "", []),
]  # fmt: skip


def _question(rng: random.Random) -> dict:
    _weight, kind, handling, unit, attempts = rng.choices(KINDS, weights=[k[0] for k in KINDS])[0]
    question = {"vraagsoort": kind, "afhandeling": handling}
    if unit:
        question["eenheid"] = unit
    if attempts:
        question["doorverbindpogingen"] = [
            {"doel": target, "eenheid": code, "resultaat": result,
             "reden": extra if result == "niet_bereikt" else None,
             "bereikt": (extra or "gevraagd") if result == "bereikt" else None, "warm": rng.random() < 0.8}
            for target, code, result, extra in attempts
        ]  # fmt: skip
    return question


@transaction.atomic
def load() -> list[str]:
    if Contactmoment.objects.filter(extern_id__startswith=PREFIX).exists():
        return ["voorbeeldcontacten voor de managementinformatie zijn al aanwezig"]
    rng = random.Random(8)
    agent = User.objects.get(username="kcc")
    lookups = Lookups.all_units()
    now = timezone.localtime()
    parsed = []
    for day in range(1, DAYS + 1):
        date = (now - timedelta(days=day)).replace(hour=9, minute=0, second=0, microsecond=0)
        if date.weekday() >= 5:
            continue
        for number in range(PER_DAY):
            start = date + timedelta(minutes=rng.randrange(0, 7 * 60))
            data = {"extern_id": f"{PREFIX}{day}-{number}", "kanaal": rng.choice(["telefoon"] * 5 + ["balie", "chat"]),
                    "start": start.isoformat(), "einde": (start + timedelta(minutes=rng.randrange(2, 9))).isoformat(),
                    "vragen": [_question(rng) for _ in range(1 if rng.random() < 0.8 else 2)]}  # fmt: skip
            parsed.append(parse_contact(data, lookups))
    contacts = services.store_contacts(parsed, agent=agent)
    return [f"{len(contacts)} contacten over de afgelopen {DAYS} dagen voor het dashboard"]
