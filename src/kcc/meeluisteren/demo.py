"""Three listen-in reviews of the demo agent's contacts by the demo teamleider."""

from __future__ import annotations

from django.db import transaction

from kcc.contacten.models import Contactmoment
from kcc.core.models import User
from kcc.meeluisteren import services
from kcc.meeluisteren.models import Item, Review

FINDINGS = [
    {"kennisbank": ("nee", "Antwoord stond in de VAC over de afvalpas; niet gezocht.")},
    {"warm_doorverbonden": ("nee", "Koud doorverbonden; beller moest het verhaal opnieuw doen."),
     "backoffice_bereikbaar": ("nee", "Belastingen nam niet op binnen het venster.")},
    {"klacht_herkend": ("nvt", ""), "warm_doorverbonden": ("nvt", "")},
]  # fmt: skip


@transaction.atomic
def load() -> list[str]:
    reviewer = User.objects.get(username="teamleider")
    if Review.objects.filter(reviewer=reviewer).exists():
        return ["meeluisterbeoordelingen zijn al aanwezig"]
    contacts = Contactmoment.objects.filter(agent__username="kcc", ended_at__isnull=False).order_by("-started_at")
    made = 0
    for contact, overrides in zip(contacts[:3], FINDINGS, strict=False):
        answers = {item.value: ("ja", "") for item in Item} | overrides
        services.create_review(contact=contact, reviewer=reviewer, answers=answers,
                               summary="Vriendelijk en duidelijk gesprek.")  # fmt: skip
        made += 1
    return [f"{made} meeluisterbeoordelingen van de teamleider"]
