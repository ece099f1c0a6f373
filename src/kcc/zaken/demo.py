"""Demo zaken: three cases of the demo caller (06-12345678), so the klantbeeld shows their status."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from kcc.contacten.demo import DEMO_PHONE
from kcc.contacten.privacy import normalise_contact_phone
from kcc.core.calendar import today
from kcc.core.models import User
from kcc.producten.models import Product
from kcc.zaken import services
from kcc.zaken.models import SuspensionReason, Zaak, ZaakType

ZAAKTYPEN = [
    ("omgevingsvergunning-regulier", "Omgevingsvergunning (reguliere procedure)", "omgevingsvergunning"),
    ("kapvergunning", "Kapvergunning", "omgevingsvergunning kap"),
    ("parkeervergunning-bewoners", "Parkeervergunning bewoners", "parkeervergunning"),
]


@transaction.atomic
def load() -> list[str]:
    products = {product.upl_name: product for product in Product.objects.filter(upl_name__in=[z[2] for z in ZAAKTYPEN])}
    types = {}
    for code, name, upl_name in ZAAKTYPEN:
        types[code], _ = ZaakType.objects.get_or_create(
            code=code, defaults={"name": name, "product": products[upl_name]}
        )
    if Zaak.objects.filter(phone=normalise_contact_phone(DEMO_PHONE)).exists():
        return [f"{len(types)} zaaktypen; zaken van beller {DEMO_PHONE} stonden er al"]
    handler = User.objects.filter(username="backoffice").first()
    dakkapel = services.create_zaak(
        zaaktype=types["omgevingsvergunning-regulier"],
        start_date=today() - timedelta(days=40),
        actor=handler,
        description="Dakkapel aan de achterkant",
        phone=DEMO_PHONE,
    )
    services.set_status(
        dakkapel, status="in_behandeling", actor=handler, note="Uw aanvraag is compleet en in behandeling."
    )
    services.extend_term(dakkapel, reason="Advies van de commissie ruimtelijke kwaliteit nodig", actor=handler)
    parkeren = services.create_zaak(
        zaaktype=types["parkeervergunning-bewoners"],
        start_date=today() - timedelta(days=20),
        actor=handler,
        description="Tweede auto",
        phone=DEMO_PHONE,
    )
    services.close_zaak(
        parkeren, outcome="verleend", actor=handler, note="De vergunning is verleend en per post verstuurd."
    )
    kap = services.create_zaak(
        zaaktype=types["kapvergunning"],
        start_date=today() - timedelta(days=3),
        actor=handler,
        description="Eik in de voortuin",
        phone=DEMO_PHONE,
    )
    services.suspend_term(
        kap,
        reason=SuspensionReason.COMPLETION,
        start_date=today() - timedelta(days=1),
        until=today() + timedelta(days=13),
        actor=handler,
        note="Boomrapport ontbreekt",
    )
    return [
        f"{len(types)} zaaktypen; 3 zaken van beller {DEMO_PHONE} (één verlengd, één verleend, "
        "één wacht op aanvulling: termijn staat stil)"
    ]
