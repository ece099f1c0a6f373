"""Privacy: BSN only with a purpose, 11-proef, encrypted, masked, every view audited; retention."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from kcc.contacten import privacy, services
from kcc.contacten.models import Callback, Contactmoment, Klant, Question
from kcc.core.models import AuditEntry
from kcc.core.roles import Role
from kcc.retentie.models import RetentionTerm
from kcc.retentie.registry import ANONYMISED
from kcc.retentie.services import apply_retention

pytestmark = pytest.mark.django_db

VALID_BSN = "111222333"


@pytest.mark.parametrize("value", ["111222333", "123456782", "1112 22 333", "12345672"])
def test_valid_bsns_pass_the_eleven_test(value):
    assert len(privacy.validate_bsn(value)) == 9


@pytest.mark.parametrize("value", ["123456789", "000000000", "12345", "abcdefghi", "1234567890", ""])
def test_malformed_bsns_are_refused(value):
    with pytest.raises(ValidationError):
        privacy.validate_bsn(value)


def test_a_bsn_is_stored_encrypted_with_its_purpose_and_found_again_by_hash(agent, running_contact):
    klant = services.identify_klant(
        running_contact, user=agent, name="A. de Vries", bsn="111 222 333", bsn_purpose="Aanvraag bijzondere bijstand"
    )
    stored = Klant.objects.get(pk=klant.pk)
    assert VALID_BSN not in stored.bsn_encrypted and stored.bsn_encrypted
    assert stored.bsn_purpose == "Aanvraag bijzondere bijstand"
    other = services.start_contact(agent=agent)
    assert services.identify_klant(other, user=agent, bsn=VALID_BSN, bsn_purpose="Vervolgvraag") == klant
    assert AuditEntry.objects.filter(action="bsn_vastgelegd").count() == 2
    assert privacy.mask_bsn(privacy.decrypt_bsn(stored.bsn_encrypted)) == "******333"


def test_no_bsn_without_a_purpose_and_no_half_saved_person(agent, running_contact):
    with pytest.raises(ValidationError) as error:
        services.identify_klant(running_contact, user=agent, name="B", bsn=VALID_BSN)
    assert "doel" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.identify_klant(running_contact, user=agent, name="B", bsn="123456789", bsn_purpose="x")
    assert not Klant.objects.exists()


def test_every_view_of_a_bsn_is_audited_with_who_and_why(agent, make_user, running_contact):
    klant = services.identify_klant(running_contact, user=agent, bsn=VALID_BSN, bsn_purpose="Bijstand")
    with pytest.raises(ValidationError):
        services.reveal_bsn(klant, user=agent, purpose=" ")
    assert services.reveal_bsn(klant, user=agent, purpose="Controle bij terugbellen") == VALID_BSN
    entry = AuditEntry.objects.get(action="bsn_ingezien")
    assert (entry.actor, entry.purpose, entry.object_id) == (agent, "Controle bij terugbellen", str(klant.pk))
    with pytest.raises(PermissionDenied):
        services.reveal_bsn(klant, user=make_user(Role.BACKOFFICE), purpose="Nieuwsgierig")
    assert AuditEntry.objects.filter(action="bsn_ingezien").count() == 1


def test_retention_anonymises_what_passed_its_term_and_keeps_the_rest(agent, wi):
    RetentionTerm.objects.create(register="contactmomenten", months=12)
    old = services.start_contact(agent=agent)
    services.update_caller(old, channel="telefoon", phone="0612345678", email="a@example.org", address="1234AB 1")
    klant = services.identify_klant(old, user=agent, name="Oud", bsn=VALID_BSN, bsn_purpose="Bijstand")
    services.add_question(
        old, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", notes="Woont op 1"
    )
    callback = services.create_callback(
        contact=old, created_by=agent, unit=wi, question_text="Privé", callback_phone="0612345678", reason="wens_beller"
    )
    Callback.objects.filter(pk=callback.pk).update(
        status="afgehandeld", created_at=timezone.now() - timedelta(days=800)
    )
    Contactmoment.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=400))
    Klant.objects.filter(pk=klant.pk).update(created_at=timezone.now() - timedelta(days=800))
    recent = services.start_contact(agent=agent)
    services.update_caller(recent, channel="telefoon", phone="0687654321", email="", address="")

    call_command("retentie")

    old.refresh_from_db()
    assert (old.phone, old.email, old.address, old.klant_id) == ("", "", "", None) and old.anonymised_at
    assert Question.objects.get(contact=old).notes == ANONYMISED
    klant.refresh_from_db()
    assert (klant.name, klant.bsn_encrypted, klant.bsn_hash) == ("", "", "") and klant.anonymised_at
    callback.refresh_from_db()
    assert (callback.callback_phone, callback.question_text) == ("", ANONYMISED)
    recent.refresh_from_db()
    assert recent.phone == "0687654321" and recent.anonymised_at is None
    again = apply_retention(only=["contactmomenten", "terugbelverzoeken", "klanten"])
    assert {key: counts["geanonimiseerd"] for key, counts in again.items()} == {
        "contactmomenten": 0,
        "terugbelverzoeken": 0,
        "klanten": 0,
    }
    assert AuditEntry.objects.filter(action="retentie").count() == 2


def test_signals_reach_their_owner_and_the_answer_reaches_the_reporter(agent, wi, make_user, running_contact):
    from kcc.contacten import selectors
    from kcc.core.models import OutboxMessage

    agent.email = "agent@demodam.nl"
    agent.save()
    signal = services.create_signal(
        reported_by=agent,
        contact=running_contact,
        kind="brief",
        description="De brief noemt een oud nummer.",
        owner_unit=wi,
    )
    outsider = make_user(Role.BACKOFFICE)
    owner = make_user(Role.BACKOFFICE, unit=wi)
    teamleader = make_user(Role.TEAMLEADER)
    assert list(selectors.signals_visible_to(outsider)) == []
    assert list(selectors.signals_visible_to(owner)) == [signal]
    assert list(selectors.signals_visible_to(teamleader)) == [signal]
    with pytest.raises(PermissionDenied):
        services.answer_signal(signal, user=outsider, status="beantwoord", answer="?")
    with pytest.raises(PermissionDenied):
        services.answer_signal(signal, user=agent, status="beantwoord", answer="?")
    with pytest.raises(ValidationError):
        services.answer_signal(signal, user=owner, status="beantwoord", answer="")
    services.answer_signal(signal, user=owner, status="beantwoord", answer="De brief is aangepast.")
    seen = selectors.signals_visible_to(agent).get()
    assert (seen.status, seen.answer, seen.answered_by) == ("beantwoord", "De brief is aangepast.", owner)
    assert OutboxMessage.objects.get(key=f"contacten:signaal:{signal.pk}:beantwoord").to == ["agent@demodam.nl"]
