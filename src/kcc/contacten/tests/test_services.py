"""Registration rules: validation without half-saves, FCR stored from the one rule, repeat contacts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kcc.contacten import selectors, services
from kcc.contacten.models import Contactmoment, FcrRow, Question, TransferAttempt
from kcc.core.roles import Role

pytestmark = pytest.mark.django_db


def test_a_contract_contact_is_stored_with_its_fcr_row(agent, wi, contact_data):
    contact = services.register_contact(contact_data(), agent=agent)
    question = contact.questions.get()
    assert question.unit == wi
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.STAND_IN_REACHED, "ja")
    attempt = question.transfer_attempts.get()
    assert (attempt.target, attempt.result, attempt.reached, attempt.warm) == ("persoon", "bereikt", "vervanger", True)
    assert contact.number == f"C-2011-{contact.pk:06d}"
    assert selectors.contact_by_number(contact.number) == contact
    assert selectors.contact_by_number(f"C-2012-{contact.pk:06d}") is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"einde": "2011-01-10T08:00:00+01:00"}, "einde", "vóór het begin"),
        ({"kanaal": "fax"}, "kanaal", "Onbekende kanaal"),
        ({"start": "2011-01-10T09:02:00"}, "start", "geen tijdzone"),
        ({"vragen": []}, "vragen", "ten minste één vraag"),
    ],
)
def test_bad_contact_fields_are_refused_with_a_clear_reason(agent, wi, contact_data, change, field, message):
    with pytest.raises(ValidationError) as error:
        services.register_contact(contact_data(**change), agent=agent)
    assert message in " ".join(error.value.message_dict[field])
    assert not Contactmoment.objects.exists()


def test_bad_question_fields_name_the_question_and_save_nothing(agent, wi, contact_data):
    data = contact_data()
    data["vragen"].append({"vraagsoort": "roddel", "afhandeling": "weggelegd", "eenheid": "XX"})
    with pytest.raises(ValidationError) as error:
        services.register_contact(data, agent=agent)
    errors = error.value.message_dict
    assert "Onbekende vraagsoort ‘roddel’" in errors["vragen[1].vraagsoort"][0]
    assert "Onbekende afhandeling ‘weggelegd’" in errors["vragen[1].afhandeling"][0]
    assert "Onbekende eenheid ‘XX’" in errors["vragen[1].eenheid"][0]
    assert not Contactmoment.objects.exists() and not Question.objects.exists()


def test_a_transfer_to_a_person_must_say_who_was_reached(agent, wi, contact_data):
    data = contact_data()
    data["vragen"][0]["doorverbindpogingen"] = [
        {"doel": "persoon", "eenheid": "wi", "resultaat": "niet_bereikt", "reden": "ziek", "warm": False}
    ]
    with pytest.raises(ValidationError) as error:
        services.register_contact(data, agent=agent)
    assert "wie er bereikt is" in error.value.message_dict["vragen[0].doorverbindpogingen"][0]


def test_a_not_reached_attempt_needs_a_known_reason(agent, wi, contact_data):
    data = contact_data()
    data["vragen"][0]["doorverbindpogingen"].append(
        {"doel": "eenheid", "eenheid": "WI", "resultaat": "niet_bereikt", "reden": "koffie"}
    )
    with pytest.raises(ValidationError) as error:
        services.register_contact(data, agent=agent)
    assert "Onbekende reden ‘koffie’" in error.value.message_dict["vragen[0].doorverbindpogingen[1].reden"][0]


def test_the_running_contact_derives_fcr_again_when_an_attempt_is_logged(agent, wi, running_contact):
    question = services.add_question(
        running_contact, user=agent, question_type="persoon_of_afdeling", handling="doorverbonden", unit=wi
    )
    assert question.fcr_row == FcrRow.PERSON_OR_UNIT
    with pytest.raises(ValidationError) as error:
        services.close_contact(running_contact, user=agent)
    assert "wie er bereikt is" in error.value.messages[0]
    services.add_transfer_attempt(
        question,
        user=agent,
        data={"doel": "persoon", "eenheid": "wi", "resultaat": "niet_bereikt", "reden": "afwezig"},
    )
    services.add_transfer_attempt(
        question, user=agent, data={"doel": "persoon", "resultaat": "bereikt", "bereikt": "gevraagd", "warm": True}
    )
    question.refresh_from_db()
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.TARGET_REACHED, "ja")
    assert TransferAttempt.objects.filter(question=question).count() == 2
    services.close_contact(running_contact, user=agent)
    assert running_contact.ended_at >= running_contact.started_at


def test_closing_needs_a_question_and_only_the_own_agent_edits(agent, make_user, running_contact):
    with pytest.raises(ValidationError):
        services.close_contact(running_contact, user=agent)
    other = make_user(Role.AGENT)
    with pytest.raises(PermissionDenied):
        services.add_question(running_contact, user=other, question_type="algemene_vraag", handling="zelf_beantwoord")


def _earlier_contact(agent, unit, days_ago, **caller):
    contact = services.start_contact(agent=agent)
    Contactmoment.objects.filter(pk=contact.pk).update(started_at=timezone.now() - timedelta(days=days_ago))
    contact.refresh_from_db()
    services.update_caller(contact, channel="telefoon", **{"phone": "", "email": "", "address": "", **caller})
    services.add_question(contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", unit=unit)
    return contact


def test_a_repeat_contact_about_the_same_unit_and_question_type_is_flagged_and_counted(agent, wi, unit, settings):
    settings.KCC_REPEAT_CONTACT_DAYS = 30
    _earlier_contact(agent, wi, 40, **{"phone": "06-12345678"})  # outside the period
    _earlier_contact(agent, wi, 20, **{"phone": "0612345678"})
    latest = _earlier_contact(agent, wi, 5, **{"phone": "+31 6 12345678"})
    _earlier_contact(agent, unit, 3, **{"phone": "0612345678"})  # another subject
    contact = services.start_contact(agent=agent)
    question = services.add_question(
        contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", unit=wi
    )
    assert question.repeat_count == 0  # nothing known about the caller yet
    services.update_caller(contact, channel="telefoon", phone="06 1234 5678", email="", address="")
    question.refresh_from_db()
    assert question.repeat_count == 2
    assert question.repeat_of.contact_id == latest.pk
    assert selectors.complaint_prompt_needed(question)
    services.update_question(
        question,
        user=agent,
        question_type="algemene_vraag",
        handling="zelf_beantwoord",
        unit=wi,
        subject="",
        notes="",
        complaint_offer="afgeslagen",
    )
    question.refresh_from_db()
    assert not selectors.complaint_prompt_needed(question)


def test_a_repeat_about_the_same_linked_item_matches_on_address(agent, wi, unit):
    earlier = services.start_contact(agent=agent)
    services.update_caller(earlier, channel="balie", phone="", email="", address="1234 ab 10")
    services.add_question(
        earlier, user=agent, question_type="melding", handling="melding_gemaakt", unit=wi, subject="M-2026-77"
    )
    contact = services.start_contact(agent=agent)
    services.update_caller(contact, channel="telefoon", phone="", email="", address="1234AB 10")
    question = services.add_question(
        contact, user=agent, question_type="klacht", handling="klacht_geregistreerd", unit=unit, subject="m-2026-77"
    )
    assert question.repeat_count == 1
    assert not selectors.complaint_prompt_needed(question)  # it is a complaint already


def test_klantbeeld_shows_earlier_contacts_and_callbacks_of_the_same_number(agent, wi, django_assert_max_num_queries):
    earlier = _earlier_contact(agent, wi, 2, phone="0201234567")
    callback = services.create_callback(
        contact=earlier,
        created_by=agent,
        unit=wi,
        question_text="Uitkering",
        callback_phone="0201234567",
        reason="kennis_nodig",
    )
    _earlier_contact(agent, wi, 1, email="iemand@example.org")
    current = services.start_contact(agent=agent)
    services.update_caller(current, channel="telefoon", phone="020-123 45 67", email="", address="")
    # Four for contacts, questions and callbacks, plus the sections of meldingen (settings, list),
    # klachten, zaken and mail (a list each, when they have a key to look for): a constant, however
    # many earlier contacts there are.
    with django_assert_max_num_queries(8):
        view = selectors.klantbeeld(selectors.CallerKeys.of(current), exclude_contact_id=current.pk)
        [list(c.questions.all()) for c in view.contacts]
    assert [c.pk for c in view.contacts] == [earlier.pk]
    assert view.callbacks == [callback]
    assert selectors.klantbeeld(selectors.CallerKeys()).is_empty
