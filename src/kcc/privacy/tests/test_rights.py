"""The citizen's rights over every register: inzage, erasure with refusals, correction, the term."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from kcc.contacten.privacy import bsn_hash
from kcc.core.models import AuditEntry
from kcc.privacy import selectors, services
from kcc.privacy.models import IdentifierKind, Request, Right, SecretRegistration
from kcc.privacy.tests.conftest import BSN, EMAIL, PHONE

pytestmark = pytest.mark.django_db


def run_json(*args: str) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("privacy", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def ids(records: list[dict]) -> list[int]:
    return [record["id"] for record in records]


def test_inzage_by_phone_finds_the_person_in_every_register_and_nobody_else(person_records):
    answer = run_json("inzage", "--telefoon", "06-12345678")
    registers = answer["registers"]
    expected = person_records.ids
    assert set(registers) == set(selectors.REGISTERS)
    for name in set(selectors.REGISTERS) - {"mail"}:
        assert sorted(ids(registers[name])) == sorted(expected[name]), name
    assert registers["mail"] == []  # the thread came by e-mail only
    assert not set(ids(registers["contactmomenten"])) & set(expected["vreemden"])
    assert registers["contactmomenten"][0]["vragen"][0]["notities"] == "Mevrouw Visser belde."
    case = Request.objects.get()
    assert (case.right, case.status, answer["verzoek"]) == (Right.ACCESS, Request.Status.DONE, case.number)
    entry = AuditEntry.objects.get(action="privacy.inzage")
    assert entry.detail["gevonden"]["contactmomenten"] == 2
    assert entry.object_id == str(case.pk)


def test_inzage_by_email_and_by_bsn_with_purpose(person_records):
    by_email = run_json("inzage", "--email", EMAIL.upper())["registers"]
    assert ids(by_email["mail"]) == person_records.ids["mail"]
    assert ids(by_email["klachten"]) == person_records.ids["klachten"]
    by_bsn = run_json("inzage", "--bsn", BSN, "--doel", "inzageverzoek van betrokkene")
    assert ids(by_bsn["registers"]["zaken"]) == person_records.ids["zaken"]
    assert ids(by_bsn["registers"]["contactmomenten"]) == person_records.ids["contactmomenten"]  # via the klant
    assert BSN not in json.dumps(by_bsn)
    assert by_bsn["persoon"]["waarde"] == "******333"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bsn", BSN], "Een BSN gebruikt u alleen met een doel"),
        (["--bsn", "123456789", "--doel", "inzage"], "elfproef"),
        (["--telefoon", "12ab"], "geen telefoonnummer"),
        (["--email", "geen-adres"], "geen geldig e-mailadres"),
    ],
)
def test_bad_identifiers_are_refused_with_a_specific_answer_and_audited(person_records, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("privacy", "inzage", *args)
    assert not Request.objects.exists()
    assert AuditEntry.objects.filter(action="privacy.verzoek_geweigerd").count() == 1


def test_unknown_person_gets_an_empty_answer_that_says_so_also_in_the_pdf(person_records, tmp_path):
    from pypdf import PdfReader

    answer = run_json("inzage", "--telefoon", "020-1234567", "--pdf", str(tmp_path / "inzage.pdf"))
    assert all(records == [] for records in answer["registers"].values())
    assert answer["melding"] == "Over deze persoon zijn in KCC geen gegevens vastgelegd."
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "inzage.pdf").pages)
    assert "Over deze persoon zijn in KCC geen gegevens vastgelegd." in text and answer["verzoek"] in text
    with pytest.raises(CommandError, match=r"De map .* bestaat niet"):
        call_command("privacy", "inzage", "--telefoon", "020-1234567", "--pdf", str(tmp_path / "nee" / "x.pdf"))
    assert Request.objects.count() == 1  # the refused call registered nothing


def test_secret_registration_refuses_inzage_and_erasure_and_keeps_everything(person_records):
    SecretRegistration.objects.create(identifier_kind=IdentifierKind.PHONE, key=PHONE, reason="BRP geheimhouding")
    for action in ("inzage", "verwijder"):
        with pytest.raises(CommandError, match="geldt geheimhouding"):
            call_command("privacy", action, "--telefoon", PHONE)
    assert list(Request.objects.values_list("status", flat=True)) == [Request.Status.REFUSED] * 2
    assert AuditEntry.objects.filter(action__endswith="_geweigerd").count() == 2
    person = selectors.identify(phone=PHONE)
    assert len(selectors.person_records(person)["contactmomenten"]) == 2


def test_erasure_takes_what_may_go_and_refuses_the_rest_with_the_legal_ground(person_records):
    from kcc.afspraken.models import Appointment
    from kcc.contacten.models import Callback, Contactmoment, Klant
    from kcc.klachten.models import Complaint
    from kcc.meldingen.models import Melding

    answer = run_json("verwijder", "--telefoon", PHONE)["registers"]
    expected = person_records.ids
    open_callback, done_callback = expected["terugbelverzoeken"]
    recent_contact = Callback.objects.get(pk=open_callback).contact_id
    assert answer["terugbelverzoeken"]["verwijderd"] == 1
    assert [item["id"] for item in answer["terugbelverzoeken"]["geweigerd"]] == [open_callback]
    assert Callback.objects.get(pk=done_callback).callback_phone == ""
    assert Callback.objects.get(pk=open_callback).callback_phone == PHONE  # still needed to call back
    # The contact with the open callback stays; the other is anonymised.
    assert [item["id"] for item in answer["contactmomenten"]["geweigerd"]] == [recent_contact]
    assert Contactmoment.objects.filter(pk__in=expected["contactmomenten"], phone=PHONE).count() == 1
    # The complaint file is kept (open: running procedure).
    assert "klachtprocedure loopt nog" in answer["klachten"]["geweigerd"][0]["reden"]
    assert Complaint.objects.get().complainant_phone == PHONE
    # Open melding kept for feedback; the closed one loses its reporter and the number in its text.
    open_melding, closed_melding = (Melding.objects.get(pk=pk) for pk in expected["meldingen"])
    assert open_melding.reporter_phone == PHONE
    assert (closed_melding.reporter_phone, closed_melding.reporter_name) == ("", "")
    assert "06-12345678" not in closed_melding.description and "[TELEFOON]" in closed_melding.description
    # A past appointment goes, a planned one stays.
    past, future = (Appointment.objects.get(pk=pk) for pk in expected["afspraken"])
    assert (past.phone, future.phone) == ("", PHONE)
    assert answer["gesprekken"]["verwijderd"] == 1
    # The klant has a zaak (archival duty) and stays.
    assert answer["klanten"]["geweigerd"][0]["reden"].startswith("Zaakdossier")
    assert Klant.objects.get().phone == PHONE
    entry = AuditEntry.objects.get(action="privacy.verwijdering")
    assert entry.detail["resultaat"]["klachten"] == {"verwijderd": 0, "geweigerd": 1}


def test_correction_only_of_the_persons_own_records_and_valid_values(person_records, admin_user):
    from kcc.meldingen.models import Melding

    person = selectors.identify(phone=PHONE)
    case = services.open_request(right=Right.RECTIFICATION, person=person, user=admin_user)
    melding_id = person_records.ids["meldingen"][0]
    services.correct(
        person, register="meldingen", record_id=melding_id, field="email", value="Nieuw@Example.nl ",
        user=admin_user, request=case,
    )  # fmt: skip
    assert Melding.objects.get(pk=melding_id).reporter_email == "nieuw@example.nl"
    stranger = person_records.ids["vreemden"][0]
    with pytest.raises(ValidationError, match="hoort niet bij deze persoon"):
        services.correct(person, register="contactmomenten", record_id=stranger, field="telefoon",
                         value="0611111111", user=admin_user, request=case)  # fmt: skip
    with pytest.raises(ValidationError, match="geen geldig telefoonnummer"):
        services.correct(person, register="meldingen", record_id=melding_id, field="telefoon", value="0612",
                         user=admin_user, request=case)  # fmt: skip
    with pytest.raises(ValidationError, match="kunt u niets corrigeren"):
        services.correct(person, register="zaken", record_id=1, field="email", value="a@b.nl", user=admin_user,
                         request=case)  # fmt: skip
    assert AuditEntry.objects.filter(action="privacy.correctie").count() == 1


def test_term_is_one_month_and_extends_once_by_two_with_a_reason(db, admin_user):
    person = selectors.identify(email=EMAIL)
    case = services.open_request(right=Right.ACCESS, person=person, user=admin_user, received_on=date(2026, 1, 31))
    assert case.deadline == date(2026, 2, 28)
    with pytest.raises(ValidationError, match="reden van de verlenging"):
        services.extend(case, reason=" ", user=admin_user)
    services.extend(case, reason="Veel registers, complexe vraag", user=admin_user)
    assert case.deadline == date(2026, 4, 30)
    with pytest.raises(ValidationError, match="maar één verlenging"):
        services.extend(case, reason="nog eens", user=admin_user)
    with pytest.raises(ValidationError, match="reden van de weigering"):
        services.close(case, user=admin_user, outcome={}, refused=True)
    assert SecretRegistration.objects.count() == 0
    assert bsn_hash(BSN) not in case.identifier
