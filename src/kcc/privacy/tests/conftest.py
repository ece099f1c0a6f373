"""One person's records in every register, made directly (fast) and shared by the module's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

PHONE = "0612345678"
EMAIL = "h.visser@example.nl"
BSN = "111222333"
OTHER_PHONE = "0698765432"


@dataclass
class Records:
    """The primary keys of what was made, per register."""

    ids: dict[str, list[int]]


def make_person_records() -> Records:
    from kcc.afspraken.models import Appointment, AppointmentType, Desk, Location
    from kcc.contacten.models import Callback, Contactmoment, Klant, Question
    from kcc.contacten.privacy import bsn_hash, encrypt_bsn
    from kcc.core.models import OrganisationUnit
    from kcc.klachten.models import Complaint
    from kcc.mail.models import Thread
    from kcc.meldingen.models import Category, Melding
    from kcc.producten.models import Product
    from kcc.telefonie.models import Call, PhoneSystem
    from kcc.zaken.models import Zaak, ZaakType

    now = timezone.now()
    unit = OrganisationUnit.objects.create(code="privacy-test", name="Belastingen", kind="sector")
    klant = Klant.objects.create(
        name="H. Visser", phone=PHONE, bsn_encrypted=encrypt_bsn(BSN), bsn_hash=bsn_hash(BSN), bsn_purpose="zaak"
    )
    contacts = [
        Contactmoment.objects.create(started_at=now - timedelta(days=days), ended_at=now, phone=PHONE, klant=klant)
        for days in (30, 2)
    ]
    for contact in contacts:
        Question.objects.create(
            contact=contact, question_type="algemene_vraag", handling="zelf_beantwoord", notes="Mevrouw Visser belde.",
            fcr_row="algemene_vraag", fcr_outcome="ja",
        )  # fmt: skip
    stranger = Contactmoment.objects.create(started_at=now, phone=OTHER_PHONE)
    callback_kwargs = {"unit": unit, "question_text": "Bel terug over de aanslag", "reason": "kennis_nodig"}
    open_callback = Callback.objects.create(
        contact=contacts[1], callback_phone=PHONE, deadline=date.today(), **callback_kwargs
    )
    done_callback = Callback.objects.create(
        contact=contacts[0], callback_phone=PHONE, deadline=date.today(), status="afgehandeld", **callback_kwargs
    )
    system = PhoneSystem.objects.create(name="Centrale", token_hash="x" * 64, token_hint="x")
    call = Call.objects.create(phone_system=system, call_id="c1", caller=PHONE, arrived_at=now)
    category = Category.objects.create(code="lamp", name="Verlichting")
    melding_fields = {
        "category": category, "description": "Lamp kapot bij Kerkstraat 5, bel 06-12345678", "channel": "web",
        "term_days": 5, "term_day_type": "werkdagen", "term_start": date.today(), "created_at": now, "updated_at": now,
        "reporter_name": "H. Visser", "reporter_phone": PHONE,
    }  # fmt: skip
    open_melding = Melding.objects.create(number="M-1", token="t1", status="gemeld", **melding_fields)
    closed_melding = Melding.objects.create(number="M-2", token="t2", status="opgelost", **melding_fields)
    complaint = Complaint.objects.create(
        number="KL-1", channel="telefoon", form="mondeling", received_on=date.today(), description="Nooit teruggebeld",
        complainant_name="H. Visser", complainant_phone=PHONE, complainant_email=EMAIL,
    )  # fmt: skip
    thread = Thread.objects.create(subject="Vraag", sender_email=EMAIL, received_at=now, answer_due=date.today())
    product = Product.objects.create(upl_name="Paspoort", upl_uri="http://standaarden.overheid.nl/owms/p", slug="pas")
    location = Location.objects.create(code="stadhuis", name="Stadhuis", address="Markt 1")
    desk = Desk.objects.create(location=location, name="Balie 1")
    kind = AppointmentType.objects.create(code="pas", name="Paspoort", product=product)
    appointment_fields = {
        "appointment_type": kind,
        "location": location,
        "desk": desk,
        "name": "H. Visser",
        "phone": PHONE,
    }
    past = Appointment.objects.create(
        token="a1", starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=9), **appointment_fields
    )
    future = Appointment.objects.create(
        token="a2", starts_at=now + timedelta(days=9), ends_at=now + timedelta(days=9), **appointment_fields
    )
    zaaktype = ZaakType.objects.create(code="pas", name="Paspoort", product=product)
    zaak = Zaak.objects.create(
        number="Z-1", zaaktype=zaaktype, start_date=date.today(), bsn_hash=bsn_hash(BSN), klant=klant, token="z1"
    )
    return Records(
        {
            "klanten": [klant.pk],
            "contactmomenten": [contact.pk for contact in contacts],
            "vreemden": [stranger.pk],
            "terugbelverzoeken": [open_callback.pk, done_callback.pk],
            "gesprekken": [call.pk],
            "meldingen": [open_melding.pk, closed_melding.pk],
            "klachten": [complaint.pk],
            "mail": [thread.pk],
            "afspraken": [past.pk, future.pk],
            "zaken": [zaak.pk],
        }
    )


@pytest.fixture(scope="module")
def person_records(django_db_setup, django_db_blocker):
    """Made once per module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        records = make_person_records()
        yield records
        transaction.set_rollback(True)
