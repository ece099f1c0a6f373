"""Every register with backdated records: what passed its term is anonymised or deleted, files
included; what is younger is untouched; a legal hold spares a record; the figures stay exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kcc.afspraken.models import Appointment
from kcc.contacten.models import Callback, Contactmoment, Handoff, Klant, Question, Signal
from kcc.core.models import AuditEntry, OutboxMessage, Task
from kcc.integraties.models import IntegrationJob
from kcc.kennisbank.models import Feedback, LearnedTerm, SearchLog
from kcc.klachten.models import Complaint, Letter, RecognitionDecision
from kcc.mail import storage
from kcc.mail.models import Attachment, Message, Thread
from kcc.medewerkers.models import Absence
from kcc.meeluisteren.models import Review, ReviewAnswer
from kcc.meldingen.models import Follower, Melding, Photo
from kcc.privacy.models import Request as AvgRequest
from kcc.rapportage.selectors import aggregate_differences, annual_reports
from kcc.rapportage.services import rebuild_aggregates
from kcc.retentie.models import LegalHold, RetentionTerm
from kcc.retentie.registry import ANONYMISED
from kcc.retentie.services import apply_retention
from kcc.telefonie.models import Call, CallEvent
from kcc.zaken.models import Zaak

from .conftest import OLD_DAYS

pytestmark = pytest.mark.django_db


def run(django_capture_on_commit_callbacks, **options):
    with django_capture_on_commit_callbacks(execute=True):
        return apply_retention(**options)


def test_contacts_callbacks_klanten_signals_and_calls(world, django_capture_on_commit_callbacks):
    old, young = world.contact(OLD_DAYS), world.contact(1)
    result = run(django_capture_on_commit_callbacks, now=world.now)

    old.refresh_from_db()
    assert (old.phone, old.email, old.address, old.klant_id) == ("", "", "", None) and old.anonymised_at
    assert Question.objects.get(contact=old).notes == ANONYMISED
    assert (Handoff.objects.get(contact=old).reason, Handoff.objects.get(contact=old).note) == (ANONYMISED,) * 2
    callback = Callback.objects.get(contact=old)
    assert (callback.callback_phone, callback.question_text, callback.outcome_note) == ("", ANONYMISED, ANONYMISED)
    assert Signal.objects.get(contact=old).description == ANONYMISED
    assert Call.objects.get(contact=old).caller == "" and CallEvent.objects.get(call__contact=old).caller == ""
    assert Klant.objects.filter(name="", bsn_hash="", anonymised_at__isnull=False).count() == 1

    young.refresh_from_db()
    assert (young.phone, young.klant.name, young.anonymised_at) == ("0612345678", "Jan Jansen", None)
    assert Question.objects.get(contact=young).notes == "Jan belt over zijn buurman"
    assert Callback.objects.get(contact=young).callback_phone == "0612345678"
    assert Signal.objects.get(contact=young).description.startswith("Brief aan")
    assert Call.objects.get(contact=young).caller == CallEvent.objects.get(call__contact=young).caller == "0612345678"
    for key in ("contactmomenten", "klanten", "terugbelverzoeken", "signalen", "telefonie"):
        assert (result[key]["geanonimiseerd"], result[key]["verwijderd"]) == (1, 0), key


def test_an_open_callback_and_a_klant_with_a_recent_contact_are_kept(world, django_capture_on_commit_callbacks):
    old = world.contact(OLD_DAYS)
    Callback.objects.filter(contact=old).update(status="open")
    Contactmoment.objects.create(started_at=world.at(1), klant=old.klant)
    run(django_capture_on_commit_callbacks, now=world.now)
    assert Callback.objects.get(contact=old).callback_phone == "0612345678"
    assert Klant.objects.get(pk=old.klant_id).name == "Jan Jansen"


def test_meldingen_lose_reporter_text_and_photos_on_disk(world, django_capture_on_commit_callbacks):
    old, young, still_open = world.melding(400), world.melding(30), world.melding(400, status="gemeld")
    old_photo = Path(Photo.objects.get(melding=old).file.path)
    young_photo = Path(Photo.objects.get(melding=young).file.path)
    assert old_photo.exists()

    result = run(django_capture_on_commit_callbacks, now=world.now, only=["meldingen"])

    old.refresh_from_db()
    assert (old.reporter_name, old.reporter_email, old.reporter_phone, old.house_number) == ("", "", "", "")
    assert old.description == ANONYMISED and (old.street, old.status, old.category_id) == (
        "Dorpsstraat",
        "opgelost",
        world.category.pk,
    )
    assert Follower.objects.get(melding=old).email == "" and not Photo.objects.filter(melding=old).exists()
    assert not old_photo.exists() and young_photo.exists()
    for kept in (young, still_open):
        kept.refresh_from_db()
        assert (kept.reporter_email, kept.description) == ("jan@example.nl", "Lamp kapot bij Jansen")
    assert result["meldingen"] | {"overgeslagen": []} == result["meldingen"]
    assert (result["meldingen"]["geanonimiseerd"], result["meldingen"]["verwijderd"]) == (1, 1)
    assert result["meldingen"]["bestanden_verwijderd"] == 1


def test_complaint_files_and_letters(world, django_capture_on_commit_callbacks):
    old, young = world.complaint(OLD_DAYS), world.complaint(30)
    result = run(django_capture_on_commit_callbacks, now=world.now, only=["klachten", "klachtherkenning"])
    old.refresh_from_db()
    assert (old.complainant_name, old.complainant_email, old.findings) == ("", "", "")
    assert old.description == ANONYMISED and (old.number, old.judgment, old.status) == (
        old.number,
        "gegrond",
        "afgehandeld",
    )
    assert not Letter.objects.filter(complaint=old).exists() and Letter.objects.filter(complaint=young).exists()
    assert Complaint.objects.get(pk=young.pk).complainant_name == "Jan Jansen"
    # The decision text stays to learn from, without the personal data in it.
    texts = RecognitionDecision.objects.order_by("at").values_list("text", "reasons", "text_scrubbed_at")
    (old_text, old_reasons, scrubbed_at), (young_text, young_reasons, not_scrubbed) = texts
    assert (old_text, old_reasons) == ("Alweer niets gedaan, bel mij op [TELEFOON]", []) and scrubbed_at
    assert (young_text, young_reasons, not_scrubbed) == ("Alweer niets gedaan, bel mij op 0612345678", ["alweer"], None)
    assert (result["klachten"]["geanonimiseerd"], result["klachten"]["verwijderd"]) == (1, 1)
    assert result["klachtherkenning"]["geanonimiseerd"] == 1
    again = run(django_capture_on_commit_callbacks, now=world.now, only=["klachtherkenning"])
    assert again["klachtherkenning"]["geanonimiseerd"] == 0


def test_appointments_mail_and_raw_messages_on_disk(world, django_capture_on_commit_callbacks):
    old_appointment, young_appointment = world.appointment(OLD_DAYS), world.appointment(-3)
    old_thread, young_thread = world.thread(OLD_DAYS), world.thread(1)
    old_digest = Message.objects.get(thread=old_thread).raw_sha256
    young_digest = Message.objects.get(thread=young_thread).raw_sha256

    result = run(django_capture_on_commit_callbacks, now=world.now, only=["afspraken", "mail", "mail_bronbestanden"])

    old_appointment.refresh_from_db()
    assert (old_appointment.name, old_appointment.email, old_appointment.intake_answers) == (ANONYMISED, "", {})
    assert Appointment.objects.get(pk=young_appointment.pk).email == "jan@example.nl"
    old_thread.refresh_from_db()
    assert (old_thread.sender_email, old_thread.subject, old_thread.end_state) == ("", ANONYMISED, "beantwoord")
    message = Message.objects.get(thread=old_thread)
    assert (message.sender, message.text, message.raw_sha256) == ("", ANONYMISED, "")
    assert not Attachment.objects.filter(message=message).exists()
    with pytest.raises(FileNotFoundError):
        storage.load(old_digest)
    assert storage.load(young_digest) and Message.objects.get(thread=young_thread).text == "Mijn naam is Jan"
    assert Attachment.objects.filter(message__thread=young_thread).exists()
    assert result["mail_bronbestanden"]["bestanden_verwijderd"] == 1
    assert (result["mail"]["geanonimiseerd"], result["afspraken"]["geanonimiseerd"]) == (1, 1)


def test_a_raw_message_shared_by_a_younger_duplicate_stays_on_disk(world, django_capture_on_commit_callbacks):
    old, young = world.thread(OLD_DAYS), world.thread(1)
    digest = Message.objects.get(thread=old).raw_sha256
    Message.objects.filter(thread=young).update(raw_sha256=digest)
    result = run(django_capture_on_commit_callbacks, now=world.now, only=["mail_bronbestanden"])
    assert storage.load(digest) and result["mail_bronbestanden"]["bestanden_verwijderd"] == 0


def test_search_log_learned_terms_outbox_tasks_absences_reviews_zaken_audit(world, django_capture_on_commit_callbacks):
    old_search, old_gap, young_search = world.search(200), world.search(200, result_count=0), world.search(1)
    old_term, young_term = world.learned_term(400), world.learned_term(1)
    old_mail, young_mail = world.outbox(200), world.outbox(1)
    old_task, young_task = world.task(OLD_DAYS), world.task(1)
    old_absence, young_absence = world.absence(400), world.absence(1)
    old_review, young_review = world.review(OLD_DAYS, world.contact(1)), world.review(1, world.contact(1))
    old_zaak, young_zaak = world.zaak(OLD_DAYS), world.zaak(1)
    old_entry, young_entry = world.audit(OLD_DAYS), world.audit(1)

    run(django_capture_on_commit_callbacks, now=world.now)

    old_search.refresh_from_db()
    assert (old_search.query, old_search.normalised_query, old_search.user_id) == (ANONYMISED, "", None)
    # The normalised query of a search without results is the key of the content-gap count: it stays.
    assert SearchLog.objects.get(pk=old_gap.pk).normalised_query == "paspoort jan jansen"
    assert SearchLog.objects.get(pk=young_search.pk).query == "paspoort jan jansen"
    assert not LearnedTerm.objects.filter(pk=old_term.pk).exists() and LearnedTerm.objects.filter(pk=young_term.pk)
    assert OutboxMessage.objects.get(pk=old_mail.pk).to == [] and OutboxMessage.objects.get(pk=young_mail.pk).to
    assert Task.objects.get(pk=old_task.pk).description == ANONYMISED
    assert Feedback.objects.get(task=old_task).note == ANONYMISED and Feedback.objects.get(task=young_task).note
    assert Task.objects.get(pk=young_task.pk).description.startswith("Jan")
    assert not Absence.objects.filter(pk=old_absence.pk).exists() and Absence.objects.filter(pk=young_absence.pk)
    assert Review.objects.get(pk=old_review.pk).summary == ANONYMISED
    assert ReviewAnswer.objects.get(review=old_review).remark == ANONYMISED
    assert ReviewAnswer.objects.get(review=young_review).remark == "Jan boos"
    assert (Zaak.objects.get(pk=old_zaak.pk).phone, Zaak.objects.get(pk=young_zaak.pk).phone) == ("", "0612345678")
    assert not AuditEntry.objects.filter(pk=old_entry.pk).exists() and AuditEntry.objects.filter(pk=young_entry.pk)


def test_the_figures_of_management_information_do_not_change(world, django_capture_on_commit_callbacks):
    for days in (OLD_DAYS, 400, 200, 1):
        world.contact(days)
        world.search(days, result_count=days % 2)
        world.melding(days)
        world.complaint(days)
        world.thread(days)
    rebuild_aggregates()
    years = sorted({world.at(days).year for days in (OLD_DAYS, 400, 200, 1)})
    before = {year: [report.data for report in annual_reports(year)] for year in years}

    result = run(django_capture_on_commit_callbacks, now=world.now)

    assert result["contactmomenten"]["geanonimiseerd"] == 1 and result["meldingen"]["geanonimiseerd"] == 2
    assert {year: [report.data for report in annual_reports(year)] for year in years} == before
    assert aggregate_differences() == {}


def test_a_second_run_and_a_dry_run_change_nothing(world, django_capture_on_commit_callbacks):
    world.contact(OLD_DAYS)
    melding = world.melding(400)
    dry = run(django_capture_on_commit_callbacks, now=world.now, dry_run=True)
    assert dry["contactmomenten"]["geanonimiseerd"] == 1 and dry["meldingen"]["bestanden_verwijderd"] == 1
    assert Melding.objects.get(pk=melding.pk).reporter_email == "jan@example.nl"
    assert Contactmoment.objects.get().phone == "0612345678"
    assert not AuditEntry.objects.filter(action="retentie").exists()

    run(django_capture_on_commit_callbacks, now=world.now)
    again = run(django_capture_on_commit_callbacks, now=world.now)
    assert all((counts["geanonimiseerd"], counts["verwijderd"]) == (0, 0) for counts in again.values())
    assert AuditEntry.objects.filter(action="retentie").count() == 2


def test_legal_holds_skip_a_record_or_a_whole_register_with_the_reason(world, django_capture_on_commit_callbacks):
    held, free = world.melding(400), world.melding(400)
    thread = world.thread(OLD_DAYS)
    LegalHold.objects.create(
        register="meldingen", record_id=str(held.pk), ground="ombudsman", reference="Nationale ombudsman 2026/123"
    )
    Complaint.objects.create(
        number="K-open",
        channel="email",
        form="schriftelijk",
        status="in_behandeling",
        received_on=world.at(3).date(),
        description="x",
        origin_type="mail.thread",
        origin_id=str(thread.pk),
    )
    LegalHold.objects.create(register="afwezigheid", ground="bezwaar", reference="Bezwaar 2026-7")
    absence = world.absence(400)

    result = run(django_capture_on_commit_callbacks, now=world.now)

    assert Melding.objects.get(pk=held.pk).reporter_email == "jan@example.nl"
    assert Photo.objects.filter(melding=held).exists() and not Photo.objects.filter(melding=free).exists()
    assert Melding.objects.get(pk=free.pk).reporter_email == ""
    assert result["meldingen"]["overgeslagen"] == [
        {"record": str(held.pk), "reden": "onderzoek van de ombudsman: Nationale ombudsman 2026/123"}
    ]
    assert Thread.objects.get(pk=thread.pk).sender_email == "jan@example.nl"
    assert result["mail"]["overgeslagen"][0]["reden"].startswith("lopende klacht K-open")
    assert Absence.objects.filter(pk=absence.pk).exists()
    assert result["afwezigheid"]["overgeslagen"] == [
        {"record": "", "reden": "lopend bezwaar of beroep: Bezwaar 2026-7"}
    ]


def test_a_term_set_by_the_beheerder_replaces_the_default(world, django_capture_on_commit_callbacks):
    contact = world.contact(200)
    assert run(django_capture_on_commit_callbacks, now=world.now)["contactmomenten"]["geanonimiseerd"] == 0
    RetentionTerm.objects.create(register="contactmomenten", months=6)
    result = run(django_capture_on_commit_callbacks, now=world.now)
    assert (result["contactmomenten"]["geanonimiseerd"], result["contactmomenten"]["termijn_maanden"]) == (1, 6)
    assert Contactmoment.objects.get(pk=contact.pk).phone == ""


def test_the_command_prints_one_json_object_keyed_by_register(world, capsys):
    world.contact(OLD_DAYS)
    call_command("retentie", "--json", "--proef")
    output = json.loads(capsys.readouterr().out)
    assert output["contactmomenten"]["geanonimiseerd"] == 1 and output["meldingen"]["verwijderd"] == 0
    assert set(output) >= {"contactmomenten", "meldingen", "klachten", "mail", "zoeklog", "uitgaande_berichten"}
    with pytest.raises(CommandError, match="Onbekend register: bestaat_niet"):
        call_command("retentie", "--register", "bestaat_niet")
    assert Contactmoment.objects.get().phone == "0612345678"


def test_sent_integration_jobs_lose_their_content_and_keep_their_key(world, django_capture_on_commit_callbacks):
    old_sent, young_sent = world.integration_job(200), world.integration_job(1)
    old_parked = world.integration_job(200, status="parked")

    report = run(django_capture_on_commit_callbacks, now=world.now)

    old_sent.refresh_from_db()
    assert (old_sent.payload, old_sent.last_exchange, old_sent.key) == ({}, ANONYMISED, old_sent.key)
    assert old_sent.result == {"klantcontact": "0b4a6c1e-9d2f-4a51-8c3e-2f1d5e7a9b10"}  # no second remote record
    assert IntegrationJob.objects.get(pk=young_sent.pk).payload["inhoud"].startswith("Jan")
    assert IntegrationJob.objects.get(pk=old_parked.pk).payload["inhoud"].startswith("Jan")  # waits for the beheerder
    assert report["koppelingen"]["geanonimiseerd"] == 1


def test_closed_avg_requests_keep_their_dates_but_not_who_asked(world, django_capture_on_commit_callbacks):
    old, young, still_open = world.avg_request(800), world.avg_request(1), world.avg_request(800, closed=False)

    report = run(django_capture_on_commit_callbacks, now=world.now)

    old.refresh_from_db()
    assert (old.identifier, old.outcome, old.received_on) == (ANONYMISED, {}, old.received_on)
    assert AvgRequest.objects.get(pk=young.pk).identifier == "0612345678"
    assert AvgRequest.objects.get(pk=still_open.pk).identifier == "0612345678"  # a running request is kept
    assert report["avg_verzoeken"]["geanonimiseerd"] == 1
