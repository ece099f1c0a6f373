"""Demo contacts: a caller with history, so the klantbeeld and herhaalcontact show on the first call."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kcc.contacten import services
from kcc.contacten.models import Contactmoment
from kcc.core.models import OrganisationUnit, User

DEMO_PHONE = "06-12345678"


def _contact(extern_id: str, days_ago: int, questions: list[dict]) -> dict:
    start = timezone.localtime() - timedelta(days=days_ago, hours=2)
    return {
        "extern_id": extern_id,
        "kanaal": "telefoon",
        "telefoonnummer": DEMO_PHONE,
        "start": start.isoformat(),
        "einde": (start + timedelta(minutes=4)).isoformat(),
        "vragen": questions,
    }


DEMO_CONTACTS = [
    _contact(
        "demo-c-1",
        12,
        [
            {
                "vraagsoort": "algemene_vraag",
                "afhandeling": "zelf_beantwoord",
                "eenheid": "belastingen",
                "onderwerp": "hondenbelasting",
                "notities": "Vraag over aanslag hondenbelasting, uitgelegd.",
            }
        ],
    ),
    _contact(
        "demo-c-2",
        5,
        [
            {
                "vraagsoort": "algemene_vraag",
                "afhandeling": "terugbelverzoek",
                "eenheid": "belastingen",
                "onderwerp": "hondenbelasting",
                "notities": "Hond is overleden, aanslag klopt niet. Nog steeds geen reactie.",
            }
        ],
    ),
]


@transaction.atomic
def load() -> list[str]:
    agent = User.objects.get(username="kcc")
    added = 0
    for data in DEMO_CONTACTS:
        if not Contactmoment.objects.filter(extern_id=data["extern_id"]).exists():
            services.register_contact(data, agent=agent)
            added += 1
    contact = Contactmoment.objects.get(extern_id="demo-c-2")
    if not contact.callbacks.exists():
        services.create_callback(
            contact=contact,
            question=contact.questions.first(),
            created_by=agent,
            unit=OrganisationUnit.objects.get(code="belastingen"),
            question_text="Aanslag hondenbelasting klopt niet: de hond is overleden.",
            callback_phone=DEMO_PHONE,
            reason="kennis_nodig",
        )
    return [f"{added} voorbeeldcontacten toegevoegd; beller {DEMO_PHONE} heeft een open terugbelverzoek"]
