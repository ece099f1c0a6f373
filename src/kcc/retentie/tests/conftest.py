"""Backdated records for every register: one past every default term, one a day old."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from kcc.afspraken.models import Appointment, AppointmentType, Desk, Location
from kcc.contacten.models import Callback, Contactmoment, Handoff, Klant, Question, Signal
from kcc.core.models import AuditEntry, OrganisationUnit, OutboxMessage, Task
from kcc.integraties.models import IntegrationJob
from kcc.kennisbank.models import VAC, Feedback, LearnedTerm, SearchLog
from kcc.klachten.models import Complaint, Letter, RecognitionDecision
from kcc.mail import storage
from kcc.mail.models import Attachment, Message, Thread
from kcc.medewerkers.models import Absence, Person
from kcc.meeluisteren.models import Item, Review, ReviewAnswer
from kcc.meldingen.models import Category, Follower, Melding, Photo
from kcc.privacy.models import Request as AvgRequest
from kcc.producten.models import Product
from kcc.telefonie.models import Call, CallEvent, PhoneSystem
from kcc.zaken.models import Zaak, ZaakType

OLD_DAYS = 6 * 366  # past the longest default term (60 months)
SEQUENCE = count(1)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KCC_MAIL_RAW_DIR = str(tmp_path / "mail")
    return tmp_path


class World:
    """Factories that make a record of a register as it was ``days`` ago."""

    def __init__(self, now) -> None:
        self.now = now
        self.unit = OrganisationUnit.objects.create(code=f"u{next(SEQUENCE)}", name="Wijken", kind="afdeling")
        self.category = Category.objects.create(code=f"c{next(SEQUENCE)}", name="Verlichting")
        self.phone_system = PhoneSystem.objects.create(name=f"pbx{next(SEQUENCE)}", token_hash=f"{next(SEQUENCE)}")

    def at(self, days: int):
        return self.now - timedelta(days=days)

    def contact(self, days: int) -> Contactmoment:
        klant = Klant.objects.create(name="Jan Jansen", phone="0612345678", bsn_hash="h", bsn_purpose="bijstand")
        Klant.objects.filter(pk=klant.pk).update(created_at=self.at(days))
        contact = Contactmoment.objects.create(
            started_at=self.at(days),
            ended_at=self.at(days),
            klant=klant,
            phone="0612345678",
            email="jan@example.nl",
            address="1234AB 1",
        )
        question = Question.objects.create(
            contact=contact,
            question_type="algemene_vraag",
            handling="zelf_beantwoord",
            fcr_row="algemene_vraag",
            fcr_outcome="ja",
            notes="Jan belt over zijn buurman",
        )
        Handoff.objects.create(contact=contact, question=question, reason="Jan is boos", note="teruggebeld")
        callback = Callback.objects.create(
            contact=contact,
            unit=self.unit,
            question_text="Bel Jan terug",
            callback_phone="0612345678",
            reason="kennis_nodig",
            deadline=self.at(days).date(),
            status="afgehandeld",
        )
        Callback.objects.filter(pk=callback.pk).update(created_at=self.at(days))
        signal = Signal.objects.create(
            contact=contact,
            kind="brief",
            description="Brief aan J. Jansen klopt niet",
            status="beantwoord",
            answer="Aangepast",
        )
        Signal.objects.filter(pk=signal.pk).update(created_at=self.at(days))
        call = Call.objects.create(
            phone_system=self.phone_system, call_id=f"call{next(SEQUENCE)}", caller="0612345678", contact=contact
        )
        Call.objects.filter(pk=call.pk).update(created_at=self.at(days))
        CallEvent.objects.create(call=call, kind="binnenkomend", occurred_at=self.at(days), caller="0612345678")
        return contact

    def melding(self, days: int, status: str = "opgelost") -> Melding:
        number = next(SEQUENCE)
        melding = Melding.objects.create(
            number=f"M-{number}",
            token=f"t{number}",
            category=self.category,
            description="Lamp kapot bij Jansen",
            channel="web",
            status=status,
            street="Dorpsstraat",
            house_number="12",
            postcode="1234AB",
            reporter_name="Jan Jansen",
            reporter_email="jan@example.nl",
            reporter_phone="0612345678",
            term_days=5,
            term_day_type="werkdagen",
            term_start=self.at(days).date(),
            created_at=self.at(days + 3),
            updated_at=self.at(days),
            closed_at=self.at(days) if status != "gemeld" else None,
        )
        Follower.objects.create(melding=melding, email="piet@example.nl", channel="web", description="Ik ook")
        photo = Photo(melding=melding, content_type="image/jpeg", width=1, height=1, size=3)
        photo.file.save(f"foto{number}.jpg", ContentFile(b"jpg"), save=False)
        photo.save()
        return melding

    def complaint(self, days: int) -> Complaint:
        number = next(SEQUENCE)
        complaint = Complaint.objects.create(
            number=f"K-{number}",
            channel="email",
            form="schriftelijk",
            status="afgehandeld",
            received_on=self.at(days + 40).date(),
            description="Ik, Jan Jansen, ben slecht behandeld",
            complainant_name="Jan Jansen",
            complainant_email="jan@example.nl",
            findings="Gesprek met Jansen",
            judgment="gegrond",
            closed_on=self.at(days).date(),
        )
        Letter.objects.create(
            complaint=complaint,
            kind="afhandeling",
            recipient="klager",
            recipient_name="Jan Jansen",
            subject="Uw klacht",
            body="Geachte heer Jansen",
        )
        decision = RecognitionDecision.objects.create(
            origin_type="x",
            origin_id=str(number),
            choice="aangeboden",
            text="Alweer niets gedaan, bel mij op 0612345678",
            reasons=["alweer"],
        )
        RecognitionDecision.objects.filter(pk=decision.pk).update(at=self.at(days))
        return complaint

    def appointment(self, days: int) -> Appointment:
        number = next(SEQUENCE)
        product = Product.objects.create(upl_name=f"P{number}", upl_uri=f"http://upl/{number}", slug=f"p{number}")
        kind = AppointmentType.objects.create(code=f"a{number}", name="Paspoort", product=product)
        location = Location.objects.create(code=f"l{number}", name="Stadhuis", address="Markt 1")
        desk = Desk.objects.create(location=location, name="Balie 1")
        return Appointment.objects.create(
            number=f"A-{number}",
            appointment_type=kind,
            location=location,
            desk=desk,
            starts_at=self.at(days),
            ends_at=self.at(days),
            name="Jan Jansen",
            email="jan@example.nl",
            phone="0612345678",
            intake_answers={"leeftijd": 71},
            token=f"t{number}",
        )

    def thread(self, days: int) -> Thread:
        number = next(SEQUENCE)
        thread = Thread.objects.create(
            subject="Vraag van Jan",
            sender_email="jan@example.nl",
            sender_name="Jan",
            received_at=self.at(days + 5),
            answer_due=self.at(days).date(),
            status="afgesloten",
            end_state="beantwoord",
            closed_at=self.at(days),
        )
        digest = storage.store(f"From: jan@example.nl\r\nSubject: {number}\r\n\r\nHallo".encode())
        message = Message.objects.create(
            thread=thread,
            kind="inwoner",
            message_id=f"<{number}@example.nl>",
            sender="jan@example.nl",
            subject="Vraag",
            received_at=self.at(days + 5),
            text="Mijn naam is Jan",
            raw_sha256=digest,
            raw_size=40,
        )
        Attachment.objects.create(
            message=message, position=1, filename="paspoort-jan.pdf", content_type="application/pdf", size=10
        )
        return thread

    def search(self, days: int, result_count: int = 1) -> SearchLog:
        log = SearchLog.objects.create(
            channel="agent",
            query="paspoort jan jansen",
            normalised_query="paspoort jan jansen",
            result_count=result_count,
        )
        SearchLog.objects.filter(pk=log.pk).update(created_at=self.at(days))
        return log

    def learned_term(self, days: int) -> LearnedTerm:
        vac = VAC.objects.create(vraag="Paspoort?", antwoord="<p>Zo</p>")
        return LearnedTerm.objects.create(vac=vac, term="jansen", last_used_at=self.at(days))

    def avg_request(self, days: int, closed: bool = True) -> AvgRequest:
        return AvgRequest.objects.create(
            right="inzage",
            identifier_kind="telefoon",
            identifier="0612345678",
            received_on=self.at(days + 30).date(),
            deadline=self.at(days).date(),
            status="afgehandeld" if closed else "open",
            outcome={"contactmomenten": 2},
            closed_at=self.at(days) if closed else None,
        )

    def integration_job(self, days: int, status: str = "sent") -> IntegrationJob:
        return IntegrationJob.objects.create(
            system="klantinteracties",
            operation="klantcontact",
            key=f"job{next(SEQUENCE)}",
            payload={"inhoud": "Jan Jansen belde over zijn paspoort"},
            status=status,
            next_attempt_at=self.at(days),
            last_exchange="POST /klantcontacten -> 201",
            result={"klantcontact": "0b4a6c1e-9d2f-4a51-8c3e-2f1d5e7a9b10"},
            sent_at=self.at(days) if status == "sent" else None,
        )

    def outbox(self, days: int) -> OutboxMessage:
        message = OutboxMessage.objects.create(
            key=f"k{next(SEQUENCE)}",
            to=["jan@example.nl"],
            subject="Uw melding",
            body="Beste Jan",
            status="sent",
            sent_at=self.at(days),
        )
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=self.at(days))
        return message

    def task(self, days: int) -> Task:
        task = Task.objects.create(
            kind="vac_feedback",
            title="Feedback",
            description="Jan zegt dat het niet klopt",
            deadline=self.at(days).date(),
            status="afgehandeld",
            resolution="Klopt nu",
            resolved_at=self.at(days),
        )
        Feedback.objects.create(kind="ontbreekt", note="Jan vroeg ernaar", query="jan", task=task)
        return task

    def absence(self, days: int) -> Absence:
        person = Person.objects.create(name="Els", email=f"els{next(SEQUENCE)}@gemeente.nl")
        return Absence.objects.create(
            person=person, kind="ziek", starts_at=self.at(days + 5), ends_at=self.at(days), note="griep"
        )

    def review(self, days: int, contact: Contactmoment) -> Review:
        review = Review.objects.create(contact=contact, summary="Sprak Jan niet met u aan")
        ReviewAnswer.objects.create(review=review, item=Item.values[0], answer="ja", remark="Jan boos")
        Review.objects.filter(pk=review.pk).update(created_at=self.at(days))
        return review

    def zaak(self, days: int) -> Zaak:
        number = next(SEQUENCE)
        product = Product.objects.create(upl_name=f"Z{number}", upl_uri=f"http://upl/z{number}", slug=f"z{number}")
        kind = ZaakType.objects.create(code=f"z{number}", name="Bijstand", product=product)
        return Zaak.objects.create(
            zaaktype=kind,
            start_date=date(2020, 1, 1),
            status="afgehandeld",
            closed_on=self.at(days).date(),
            phone="0612345678",
            email="jan@example.nl",
            bsn_hash="hash",
            token=f"z{number}",
        )

    def audit(self, days: int) -> AuditEntry:
        entry = AuditEntry.objects.create(
            action="bsn_ingezien", object_type="contacten.klant", object_id="1", purpose="controle"
        )
        AuditEntry.objects.filter(pk=entry.pk).update(at=self.at(days))
        return entry


@pytest.fixture
def world(db, media) -> World:
    return World(timezone.now())
