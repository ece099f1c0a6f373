"""Demo complaints in various Awb states (idempotent: a complaint with the same text is not added twice)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from kcc.core.calendar import today
from kcc.core.models import OrganisationUnit, User
from kcc.klachten import services
from kcc.klachten.models import Complaint

DEMO = [
    # (days ago, channel, description, complainant, steps)
    (2, "telefoon", "Beller is al drie keer doorverbonden met Belastingen en nooit teruggebeld over zijn aanslag.",
     services.Complainant(name="H. Visser", phone="0612345678"), []),
    (20, "brief", "De baliemedewerker van Burgerzaken was onvriendelijk en legde de kosten van een paspoort niet uit.",
     services.Complainant(name="A. de Graaf", address="Kerkstraat 4", postcode="1234 AB", city="Demodam"),
     ["assign", "copy", "hearing"]),
    (30, "web", "Mijn melding over een verzakte stoep is twee keer afgesloten zonder dat er iets is gedaan.",
     services.Complainant(name="F. El Amrani", address="Lindelaan 9", postcode="1235 CD", city="Demodam"),
     ["assign", "extend"]),
    (60, "email", "De vuilniswagen heeft mijn container kapot gereden en de chauffeur reed door.",
     services.Complainant(name="K. Pietersen", address="Molenweg 2", postcode="1236 EF", city="Demodam"),
     ["assign"]),
    (12, "email", "Ik heb de WOZ-beschikking van 2023 nooit ontvangen en wil daarover klagen.",
     services.Complainant(name="M. Jansen", address="Dorpsweg 1", postcode="1237 GH", city="Demodam"),
     ["decline"]),
    (25, "balie", "Klant was boos omdat zijn afspraak voor een rijbewijs zonder bericht was geannuleerd.",
     services.Complainant(name="T. Bakker", phone="0687654321"), ["settle"]),
    (45, "brief", "De handhaver sprak mij op een vernederende manier aan in het bijzijn van mijn kinderen.",
     services.Complainant(name="R. Koster", address="Marktplein 3", postcode="1238 IJ", city="Demodam"),
     ["assign", "copy", "heard", "decide"]),
]  # fmt: skip


@transaction.atomic
def load() -> list[str]:
    coordinator = User.objects.filter(username="klachten").first()
    handler = User.objects.filter(username="teamleider").first()
    if coordinator is None or handler is None:
        raise RuntimeError("De demogebruikers ontbreken: laad eerst de kern (kcc demo doet dat als eerste).")
    unit = OrganisationUnit.objects.filter(code="belastingen").first()
    added = 0
    for days_ago, channel, description, complainant, steps in DEMO:
        if Complaint.objects.filter(description=description).exists():
            continue
        complaint = services.register_complaint(
            description=description,
            channel=channel,
            complainant=complainant,
            received_on=today() - timedelta(days=days_ago),
            subject_unit=unit,
            actor=coordinator,
        )
        for step in steps:
            _run(step, complaint, handler, coordinator)
        added += 1
    return [f"{added} voorbeeldklachten toegevoegd ({Complaint.objects.count()} in totaal)"]


def _run(step: str, complaint: Complaint, handler: User, actor: User) -> None:
    if step == "assign":
        services.assign_handler(complaint, handler, actor=actor)
    elif step == "copy":
        services.send_copy_to_person_complained_about(complaint, actor=actor)
    elif step == "hearing":
        services.offer_hearing(complaint, hearing_date=today() + timedelta(days=7), actor=actor)
    elif step == "heard":
        services.offer_hearing(complaint, hearing_date=today(), actor=actor)
        services.record_hearing(complaint, record="Klager lichtte de klacht toe; de handhaver gaf zijn lezing.")
    elif step == "extend":
        services.extend_term(
            complaint, days=14, reason="Wij wachten op informatie van Realisatie & Beheer.", actor=actor
        )
    elif step == "decline":
        services.decline_handling(
            complaint,
            ground="bezwaar_mogelijk",
            explanation="Tegen de WOZ-beschikking stond bezwaar open.",
            actor=actor,
        )
    elif step == "settle":
        services.settle(
            complaint, note="Nieuwe afspraak gemaakt en excuses aangeboden; klant is tevreden.", actor=actor
        )
    elif step == "decide":
        services.decide(
            complaint,
            findings="De handhaver erkent dat hij de klager in het bijzijn van zijn kinderen te luid aansprak.",
            judgment="gegrond",
            conclusions="Wij bieden excuses aan; het team Handhaving bespreekt de bejegening.",
            actor=actor,
        )
