"""The Awb rules, one service at a time, against the real database and outbox."""

import dataclasses
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kcc.core.models import AuditEntry, OutboxMessage, Task
from kcc.klachten import selectors, services
from kcc.klachten.models import Complaint, Letter

pytestmark = pytest.mark.django_db


def _ready_for_outcome(complaint, handler, accused, clock):
    services.set_person_complained_about(complaint, accused)
    services.assign_handler(complaint, handler)
    services.send_copy_to_person_complained_about(complaint)
    services.offer_hearing(complaint, hearing_date=date(2025, 3, 20))
    services.record_hearing(complaint, record="Klager licht toe; medewerker erkent de toon.")


# --- Intake -------------------------------------------------------------------------------------


def test_written_complaint_is_registered_numbered_and_acknowledged_through_the_outbox(make_complaint, clock):
    complaint = make_complaint()
    assert complaint.number == "KL-2025-00001" and complaint.form == Complaint.Form.WRITTEN
    assert complaint.acknowledged_on == date(2025, 3, 10)
    letter = complaint.letters.get(kind=Letter.Kind.ACKNOWLEDGEMENT)
    message = OutboxMessage.objects.get(key=f"klachten:brief:{letter.pk}")
    assert message.to == ["j.deboer@example.nl"]
    assert "KL-2025-00001" in message.body and "22 april 2025" in message.body  # the term (Easter Monday moved)
    assert "klacht indienen" in message.body  # the standard complaint-procedure footer
    assert "klacht indienen" in letter.body  # the printed letter carries it too
    assert make_complaint().number == "KL-2025-00002"


def test_a_complaint_without_description_is_refused_and_nothing_is_stored(make_complaint, clock):
    with pytest.raises(ValidationError) as error:
        make_complaint(description="   ")
    assert "description" in error.value.message_dict
    assert not Complaint.objects.exists() and not OutboxMessage.objects.exists()


def test_a_written_complaint_needs_name_and_address(make_complaint, clock):
    with pytest.raises(ValidationError) as error:
        make_complaint(complainant=services.Complainant(email="a@example.nl"), form=Complaint.Form.WRITTEN)
    assert {"complainant_name", "complainant_address"} <= set(error.value.message_dict)
    oral = make_complaint(complainant=services.Complainant(phone="0612345678"), channel="telefoon")
    assert oral.form == Complaint.Form.ORAL and oral.acknowledged_on is None  # nowhere to write to


def test_conversion_keeps_the_link_both_ways(make_complaint, clock):
    complaint = make_complaint(origin_type="contacten.contactmoment", origin_id=42)
    assert list(selectors.complaints_for_origin("contacten.contactmoment", "42")) == [complaint]
    assert (complaint.origin_type, complaint.origin_id) == ("contacten.contactmoment", "42")
    with pytest.raises(ValidationError):
        make_complaint(origin_type="meldingen.melding")


# --- Handler (9:7) ------------------------------------------------------------------------------


def test_the_person_complained_about_cannot_handle_the_complaint(make_complaint, accused, clock):
    complaint = make_complaint(person_complained_about=accused)
    with pytest.raises(ValidationError) as error:
        services.assign_handler(complaint, accused)
    assert "over wie geklaagd wordt" in str(error.value)
    complaint.refresh_from_db()
    assert complaint.handler is None and complaint.status == Complaint.Status.RECEIVED


def test_anyone_recorded_as_involved_is_refused_and_a_handler_cannot_become_involved(
    make_complaint, handler, make_user, clock
):
    colleague = make_user(username="colleague")
    complaint = make_complaint()
    services.record_involved(complaint, colleague)
    with pytest.raises(ValidationError, match="betrokken bij de gedraging"):
        services.assign_handler(complaint, colleague)
    services.assign_handler(complaint, handler)
    with pytest.raises(ValidationError, match="behandelt deze klacht"):
        services.record_involved(complaint, handler)
    with pytest.raises(ValidationError, match="behandelt deze klacht"):
        services.set_person_complained_about(complaint, handler)
    task = Task.objects.get(subject_type="klachten.complaint", subject_id=str(complaint.pk))
    assert task.assignee == handler and task.deadline == date(2025, 4, 22)


# --- Copy and hearing (9:9, 9:10) ---------------------------------------------------------------


def test_copy_goes_to_the_person_complained_about_once(make_complaint, accused, clock):
    complaint = make_complaint(person_complained_about=accused)
    letter = services.send_copy_to_person_complained_about(complaint)
    assert letter.email == "accused@demodam.nl" and complaint.description in letter.body
    with pytest.raises(ValidationError):
        services.send_copy_to_person_complained_about(complaint)


@pytest.mark.parametrize("ground", ["kennelijk_ongegrond", "afgezien"])
def test_hearing_may_be_skipped_on_the_statutory_grounds(make_complaint, clock, ground):
    complaint = services.skip_hearing(make_complaint(), ground=ground, note="Toelichting")
    assert complaint.hearing_skip == ground


def test_no_reply_ground_needs_an_offer_first_and_other_reasons_are_refused(make_complaint, clock):
    complaint = make_complaint()
    with pytest.raises(ValidationError):
        services.skip_hearing(complaint, ground="geen_reactie")
    with pytest.raises(ValidationError, match="drie gronden"):
        services.skip_hearing(complaint, ground="geen_tijd")
    services.offer_hearing(complaint, hearing_date=date(2025, 3, 24))
    assert services.skip_hearing(complaint, ground="geen_reactie").hearing_skip == "geen_reactie"


def test_hearing_offer_invites_both_parties_and_the_record_must_not_be_empty(make_complaint, accused, clock):
    complaint = make_complaint(person_complained_about=accused)
    letters = services.offer_hearing(complaint, hearing_date=date(2025, 3, 24))
    assert {letter.recipient for letter in letters} == {"klager", "beklaagde"}
    assert all("24 maart 2025" in letter.body for letter in letters)
    with pytest.raises(ValidationError):
        services.record_hearing(complaint, record=" ")


# --- Terms (9:11) -------------------------------------------------------------------------------


def test_one_extension_of_at_most_four_weeks_announced_to_both(make_complaint, accused, clock):
    complaint = make_complaint(person_complained_about=accused)
    with pytest.raises(ValidationError, match="vier weken"):
        services.extend_term(complaint, days=29, reason="Drukte")
    complaint.refresh_from_db()
    assert complaint.extension_days == 0 and not complaint.letters.filter(kind="verdaging").exists()
    letters = services.extend_term(complaint, days=28, reason="Wij wachten op informatie van de afdeling.")
    assert {letter.recipient for letter in letters} == {"klager", "beklaagde"}
    assert "19 mei 2025" in letters[0].body
    complaint.refresh_from_db()
    assert selectors.deadline(complaint) == date(2025, 5, 19)
    with pytest.raises(ValidationError, match="schriftelijke instemming"):
        services.extend_term(complaint, days=7, reason="Nog meer tijd")


def test_extension_after_the_term_has_passed_is_refused(make_complaint, clock):
    complaint = make_complaint()
    clock.set(date(2025, 4, 23))
    with pytest.raises(ValidationError, match="verstreken"):
        services.extend_term(complaint, days=14, reason="Te laat")


def test_further_delay_only_with_recorded_written_consent(make_complaint, clock):
    complaint = make_complaint()
    with pytest.raises(ValidationError):
        services.postpone_with_consent(
            complaint, new_deadline=date(2025, 6, 1), consent_received_on=date(2025, 3, 10),
            consent_reference="brief", reason="x",
        )  # fmt: skip
    services.extend_term(complaint, days=28, reason="Onderzoek")
    with pytest.raises(ValidationError) as error:
        services.postpone_with_consent(
            complaint, new_deadline=date(2025, 6, 2), consent_received_on=date(2025, 3, 10),
            consent_reference=" ", reason="Wachten op advies",
        )  # fmt: skip
    assert "consent_reference" in error.value.message_dict
    services.postpone_with_consent(
        complaint, new_deadline=date(2025, 6, 2), consent_received_on=date(2025, 3, 10),
        consent_reference="e-mail van klager, 10 maart 2025", reason="Wachten op advies",
    )  # fmt: skip
    assert selectors.deadline(complaint) == date(2025, 6, 2)


# --- Endings (9:8, 9:5, 9:12) ------------------------------------------------------------------


def test_not_handling_names_the_ground_and_the_ombudsman_within_four_weeks(make_complaint, clock):
    complaint = make_complaint()
    letter = services.decline_handling(complaint, ground="ouder_dan_jaar", explanation="Het gebeurde in 2022.")
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.NOT_HANDLED
    assert "langer dan een jaar" in letter.body and "Nationale ombudsman" in letter.body
    assert "binnen een jaar" in letter.body


def test_not_handling_after_four_weeks_is_refused(make_complaint, clock):
    complaint = make_complaint()  # received 10 March: notice due 7 April
    clock.set(date(2025, 4, 8))
    with pytest.raises(ValidationError, match="9:8 lid 3"):
        services.decline_handling(complaint, ground="bezwaar_mogelijk", explanation="Bezwaar was mogelijk.")
    complaint.refresh_from_db()
    assert complaint.is_open


def test_settlement_to_satisfaction_closes_the_complaint(make_complaint, handler, clock):
    with pytest.raises(ValidationError):
        services.settle(make_complaint(), note="")
    complaint = services.settle(make_complaint(), note="Excuses aangeboden; klager is tevreden.")
    assert complaint.status == Complaint.Status.SETTLED and complaint.closed_on == date(2025, 3, 10)
    assert "Excuses aangeboden" in complaint.letters.get(kind="opgelost").body
    with pytest.raises(ValidationError, match="al afgesloten"):
        services.assign_handler(complaint, handler)


def test_outcome_requires_hearing_and_copy_for_a_written_complaint(make_complaint, handler, accused, clock):
    complaint = make_complaint(person_complained_about=accused)
    services.assign_handler(complaint, handler)
    with pytest.raises(ValidationError) as error:
        services.decide(complaint, findings="f", judgment="gegrond", conclusions="c")
    assert {"hearing", "copy"} <= set(error.value.message_dict)


def test_outcome_letter_has_the_mandatory_content(make_complaint, handler, accused, clock):
    complaint = make_complaint()
    _ready_for_outcome(complaint, handler, accused, clock)
    clock.set(date(2025, 4, 14))
    letters = services.decide(
        complaint,
        findings="De medewerker sprak de klager kortaf aan.",
        judgment="deels_gegrond",
        conclusions="Wij bieden excuses aan en bespreken de toon in het team.",
    )
    to_complainant = next(letter for letter in letters if letter.recipient == "klager")
    for needed in (
        "De medewerker sprak de klager kortaf aan.",
        "deels gegrond",
        "Wij bieden excuses aan",
        "Nationale ombudsman",
        "binnen een jaar",
        complaint.number,
    ):
        assert needed in to_complainant.body
    assert {letter.recipient for letter in letters} == {"klager", "beklaagde"}
    complaint.refresh_from_db()
    assert selectors.term_kept(complaint) is True
    assert AuditEntry.objects.filter(action="klacht.afgehandeld", object_id=str(complaint.pk)).exists()


# --- Term warnings --------------------------------------------------------------------------------


def test_warnings_before_the_term_and_escalation_after_it_are_sent_once(
    make_complaint, handler, coordinator, clock, settings
):
    complaint = make_complaint()
    services.assign_handler(complaint, handler)
    assert services.warn_about_terms(date(2025, 4, 1)) == 0  # 21 days before 22 April
    assert services.warn_about_terms(date(2025, 4, 15)) == 1
    assert services.warn_about_terms(date(2025, 4, 15)) == 0  # idempotent
    warning = OutboxMessage.objects.get(subject__startswith="Termijn nadert")
    assert set(warning.to) == {"coordinator@demodam.nl", "handler@demodam.nl"}
    assert services.warn_about_terms(date(2025, 4, 23)) == 1
    assert OutboxMessage.objects.filter(subject__startswith="Termijn verstreken").count() == 1


def test_an_extension_gets_its_own_warning(make_complaint, handler, coordinator, clock):
    complaint = make_complaint()
    services.assign_handler(complaint, handler)
    services.warn_about_terms(date(2025, 4, 15))
    services.extend_term(complaint, days=14, reason="Onderzoek")
    assert services.warn_about_terms(date(2025, 4, 30)) == 1  # new term 6 May


def test_the_periodic_task_runs_the_scan(make_complaint, handler, coordinator, clock):
    from kcc.klachten.tasks import warn_about_complaint_terms

    make_complaint(received_on=date(2024, 1, 2))
    assert warn_about_complaint_terms.call_local() >= 1


# --- Register (9:12a) ----------------------------------------------------------------------------


def test_year_overview_csv_lists_written_complaints_with_term_kept(make_complaint, handler, accused, clock, tmp_path):
    decided = make_complaint()
    _ready_for_outcome(decided, handler, accused, clock)
    services.decide(decided, findings="f", judgment="ongegrond", conclusions="Geen actie nodig.")
    # An oral complaint is not in the register.
    make_complaint(channel="telefoon", complainant=services.Complainant(phone="0612345678"))
    make_complaint(received_on=date(2024, 12, 1))
    out = tmp_path / "2025.csv"
    call_command("klachten", "jaaroverzicht", "--jaar", "2025", "--output", str(out))
    lines = out.read_text().splitlines()
    assert lines[0].startswith("klachtnummer,ontvangen") and len(lines) == 2
    assert lines[1].startswith(decided.number) and lines[1].endswith(",ja") and "ongegrond" in lines[1]


def test_demo_loads_complaints_in_various_states_and_is_idempotent():
    from kcc.core import demo as core_demo
    from kcc.klachten import demo

    core_demo.load()
    demo.load()
    states = set(Complaint.objects.values_list("status", flat=True))
    assert {"ontvangen", "in_behandeling", "naar_tevredenheid", "niet_behandeld", "afgehandeld"} <= states
    count = Complaint.objects.count()
    demo.load()
    assert Complaint.objects.count() == count == 7


def test_phone_numbers_are_normalised_and_a_bad_one_is_refused(make_complaint, complainant):
    complaint = make_complaint(complainant=dataclasses.replace(complainant, phone="06 12 34 56 78"))
    assert complaint.complainant_phone == "0612345678"
    with pytest.raises(ValidationError) as error:
        make_complaint(complainant=dataclasses.replace(complainant, phone="bel me maar"))
    assert "complainant_phone" in error.value.message_dict


def test_the_klantbeeld_shows_complaints_by_phone_or_email_without_the_file(make_complaint, complainant):
    from kcc.contacten.selectors import CallerKeys, klantbeeld

    complaint = make_complaint(complainant=dataclasses.replace(complainant, phone="06-12345678"))
    by_phone = {s.key: c for s, c in klantbeeld(CallerKeys(phone="+31612345678")).sections}
    by_email = {s.key: c for s, c in klantbeeld(CallerKeys(email="J.DeBoer@example.nl")).sections}
    assert by_phone["klachten"]["complaints"] == [complaint] == by_email["klachten"]["complaints"]
    assert "klachten" not in {s.key for s, _ in klantbeeld(CallerKeys(phone="0611111111")).sections}


def test_the_person_complained_about_gets_only_what_the_awb_gives_him(client, make_complaint, accused, clock):
    complaint = make_complaint(person_complained_about=accused)  # acknowledged to the complainant on registration
    services.send_copy_to_person_complained_about(complaint)
    make_complaint()  # about somebody else
    client.force_login(accused)
    mine = client.get("/api/v1/klachten/over-mij/").json()
    assert [item["number"] for item in mine] == [complaint.number]
    assert mine[0]["description"] == complaint.description
    assert mine[0]["judgment"] is None
    assert {letter["kind"] for letter in mine[0]["letters"]} == {"kopie_beklaagde"}
    assert "complainant_email" not in mine[0] and "complainant_name" not in mine[0]
    assert client.get(f"/api/v1/klachten/{complaint.pk}/").status_code == 404
    client.logout()
    assert client.get("/api/v1/klachten/over-mij/").status_code in (401, 403)
