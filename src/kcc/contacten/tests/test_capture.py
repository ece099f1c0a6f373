"""Capture: what the agent opens and does during a contact becomes the registration (service level)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kcc.contacten import services
from kcc.contacten.models import FcrOutcome, FcrRow, Handling, Question, QuestionItem, QuestionType
from kcc.core.roles import Role
from kcc.kennisbank.models import VAC
from kcc.medewerkers.models import Membership, Person
from kcc.producten.models import Product
from kcc.rapportage import selectors as report_selectors
from kcc.rapportage.period import Period
from kcc.rapportage.tables import Context, compute

pytestmark = pytest.mark.django_db

# A Wednesday morning without holidays: the transfer panel's advice does not depend on today.
WEDNESDAY_MORNING = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")).isoformat()


@pytest.fixture
def vac(db) -> VAC:
    return VAC.objects.create(vraag="Ik ben mijn paspoort kwijt, wat nu?", antwoord="<p>Doe aangifte.</p>")


@pytest.fixture
def product(db) -> Product:
    return Product.objects.create(
        upl_name="paspoort", upl_uri="http://standaarden.overheid.nl/owms/terms/paspoort", slug="paspoort"
    )


@pytest.fixture
def person(wi) -> Person:
    person = Person.objects.create(name="Sanne de Vries", function="Consulent")
    Membership.objects.create(person=person, unit=wi, position=0)
    return person


def test_an_opened_vac_makes_a_general_question_to_complete_and_counts_as_consulted(agent, running_contact, vac):
    item = services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    question = item.question
    assert (question.question_type, question.handling) == (QuestionType.GENERAL, Handling.UNKNOWN)
    assert item.used_in_answer is True
    assert list(question.vacs.all()) == [vac]
    again = services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    assert again.pk == item.pk
    assert running_contact.questions.count() == 1
    assert not report_selectors.aggregate_differences()


def test_cards_and_products_are_linked_but_not_presumed_used(agent, running_contact, product, person, wi):
    kinds = {
        services.use_in_contact(running_contact, user=agent, kind=kind, object_id=object_id).kind: object_id
        for kind, object_id in (("product", product.pk), ("persoon", person.pk), ("eenheid", wi.pk))
    }
    assert set(kinds) == {"product", "persoon", "eenheid"}
    question = running_contact.questions.get()
    assert not question.items.filter(used_in_answer=True).exists()
    assert not question.vacs.exists()
    item = question.items.get(kind="product")
    services.set_used_in_answer(item, user=agent, used=True)
    item.refresh_from_db()
    assert item.used_in_answer is True


def test_items_go_to_the_latest_question(agent, running_contact, vac):
    services.add_question(running_contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    second = services.add_question(running_contact, user=agent, question_type="melding", handling="melding_gemaakt")
    item = services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    assert item.question == second


def test_adding_a_question_completes_the_placeholder_the_capture_made(agent, running_contact, vac):
    services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    question = services.add_question(
        running_contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord", notes="Uitgelegd"
    )
    assert running_contact.questions.count() == 1
    assert list(question.vacs.all()) == [vac]
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.GENERAL, FcrOutcome.YES)


@pytest.mark.parametrize(
    ("kind", "object_id", "field"),
    [("vac", 999_999, "id"), ("folder", 1, "soort"), ("vac", "1", "id"), ("persoon", 2**70, "id")],
)
def test_unknown_items_are_refused_and_nothing_is_linked(agent, running_contact, kind, object_id, field):
    with pytest.raises(ValidationError) as error:
        services.use_in_contact(running_contact, user=agent, kind=kind, object_id=object_id)
    assert field in error.value.message_dict
    assert not Question.objects.exists()


def test_another_agents_or_an_ended_contact_takes_nothing(agent, make_user, running_contact, vac):
    other = make_user(Role.AGENT)
    with pytest.raises(PermissionDenied):
        services.use_in_contact(running_contact, user=other, kind="vac", object_id=vac.pk)
    services.add_question(running_contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    services.close_contact(running_contact, user=agent)
    with pytest.raises(ValidationError):
        services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    assert not QuestionItem.objects.exists()


def test_items_opened_in_the_window_before_the_start_are_linked(agent, running_contact, vac, product):
    start = running_contact.started_at
    opened = [("vac", vac.pk, start - timedelta(minutes=4)), ("product", product.pk, start - timedelta(minutes=11))]
    items = services.link_opened_before_start(running_contact, user=agent, opened=opened, window=timedelta(minutes=10))
    assert [(item.kind, item.before_start) for item in items] == [("vac", True)]
    assert list(running_contact.questions.get().vacs.all()) == [vac]


def test_a_vac_linked_by_the_capture_counts_in_vac_geraadpleegd(agent, running_contact, vac):
    services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    services.add_question(running_contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    services.close_contact(running_contact, user=agent)
    day = timezone.localdate(running_contact.started_at)
    data = compute("kennisbank", Context(Period(day, day))).data
    assert data["algemene_vragen_met_vac"] == 1
    assert not report_selectors.aggregate_differences()


# --- the transfer panel's attempt -------------------------------------------------------------------


def test_a_reached_person_makes_the_question_transferred(agent, running_contact, person, wi):
    question = services.add_question(
        running_contact, user=agent, question_type="persoon_of_afdeling", handling="onbekend"
    )
    attempt = services.add_transfer_attempt(
        question,
        user=agent,
        data={"doel": "persoon", "persoon": person.pk, "resultaat": "bereikt", "bereikt": "gevraagd", "warm": True,
              "tijdstip": WEDNESDAY_MORNING},
    )  # fmt: skip
    question.refresh_from_db()
    assert attempt.unit == wi  # the person's main unit
    assert (attempt.advice, attempt.override_reason) == ("", "")
    assert question.handling == Handling.TRANSFERRED
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.TARGET_REACHED, FcrOutcome.YES)
    assert not report_selectors.aggregate_differences()


def test_a_stand_in_reached_counts_as_vervanger(agent, running_contact, person):
    question = services.add_question(
        running_contact, user=agent, question_type="persoon_of_afdeling", handling="onbekend"
    )
    services.add_transfer_attempt(
        question,
        user=agent,
        data={"doel": "persoon", "persoon": person.pk, "resultaat": "bereikt", "bereikt": "vervanger",
              "tijdstip": WEDNESDAY_MORNING},
    )  # fmt: skip
    question.refresh_from_db()
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.STAND_IN_REACHED, FcrOutcome.YES)


def test_not_reached_keeps_the_afhandeling_and_needs_a_reason(agent, running_contact, wi):
    question = services.current_question(running_contact)
    with pytest.raises(ValidationError) as error:
        services.add_transfer_attempt(
            question, user=agent, data={"doel": "eenheid", "eenheid": "wi", "resultaat": "niet_bereikt"}
        )
    assert "doorverbindpoging.reden" in error.value.message_dict
    services.add_transfer_attempt(
        question,
        user=agent,
        data={"doel": "eenheid", "eenheid": "wi", "resultaat": "niet_bereikt", "reden": "geen_gehoor",
              "tijdstip": WEDNESDAY_MORNING},
    )  # fmt: skip
    question.refresh_from_db()
    assert question.handling == Handling.UNKNOWN
    assert question.transfer_attempts.get().reason == "geen_gehoor"


@pytest.mark.parametrize("policy", ["alleen_spoed", "geen_doorverbinding"])
def test_a_transfer_against_the_units_policy_needs_an_override_reason(agent, running_contact, wi, policy):
    wi.transfer_policy = policy
    wi.save()
    question = services.current_question(running_contact)
    data = {"doel": "eenheid", "eenheid": "wi", "resultaat": "bereikt", "bereikt": "gevraagd",
            "tijdstip": WEDNESDAY_MORNING}  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.add_transfer_attempt(question, user=agent, data=data)
    assert "Geef aan waarom" in error.value.message_dict["doorverbindpoging.afwijkreden"][0]
    assert not question.transfer_attempts.exists()
    attempt = services.add_transfer_attempt(
        question, user=agent, data={**data, "afwijkreden": "Beller is in nood, spoed volgens de teamleider"}
    )
    assert attempt.override_reason == "Beller is in nood, spoed volgens de teamleider"
    assert "Werk en Inkomen" in attempt.advice


def test_a_transfer_outside_the_units_window_needs_an_override_reason(agent, running_contact, wi):
    wi.windows.create(weekday=2, start="13:00", end="15:00")
    question = services.current_question(running_contact)
    data = {"doel": "eenheid", "eenheid": "wi", "resultaat": "niet_bereikt", "reden": "geen_gehoor",
            "tijdstip": WEDNESDAY_MORNING}  # fmt: skip
    with pytest.raises(ValidationError):
        services.add_transfer_attempt(question, user=agent, data=data)
    attempt = services.add_transfer_attempt(question, user=agent, data={**data, "afwijkreden": "Afspraak gemaakt"})
    assert "bereikbaarheidsvenster" in attempt.advice


def test_a_transfer_on_another_agents_contact_is_refused(agent, make_user, running_contact, wi):
    question = services.current_question(running_contact)
    with pytest.raises(PermissionDenied):
        services.add_transfer_attempt(
            question,
            user=make_user(Role.AGENT),
            data={"doel": "eenheid", "eenheid": "wi", "resultaat": "niet_bereikt", "reden": "geen_gehoor"},
        )


# --- callbacks, meldingen, klachten and afspraken from the contact -----------------------------------


def test_a_callback_from_the_contact_makes_the_question_terugbelverzoek(agent, running_contact, wi, vac):
    services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    callback = services.create_callback(
        contact=running_contact,
        created_by=agent,
        question_text="Paspoort kwijt, wil weten of de aanvraag loopt",
        callback_phone="06-12345678",
        reason="eenheid_onbereikbaar",
        unit=wi,
    )
    question = callback.question
    assert question == running_contact.questions.get()
    assert question.handling == Handling.CALLBACK
    assert (question.fcr_row, question.fcr_outcome) == (FcrRow.CALLBACK_OR_MAIL, FcrOutcome.NO)
    assert question.unit == wi
    assert not report_selectors.aggregate_differences()


def test_a_later_transfer_does_not_undo_the_callback(agent, running_contact, wi):
    callback = services.create_callback(
        contact=running_contact, created_by=agent, question_text="Vraag", callback_phone="0612345678",
        reason="wens_beller", unit=wi,
    )  # fmt: skip
    services.add_transfer_attempt(
        callback.question,
        user=agent,
        data={"doel": "eenheid", "eenheid": "wi", "resultaat": "bereikt", "bereikt": "gevraagd",
              "tijdstip": WEDNESDAY_MORNING},
    )  # fmt: skip
    callback.question.refresh_from_db()
    assert callback.question.handling == Handling.CALLBACK


@pytest.mark.parametrize(
    ("question_type", "handling"),
    [("melding", "melding_gemaakt"), ("klacht", "klacht_geregistreerd"), ("afspraak", "afspraak_gemaakt")],
)
def test_a_follow_up_completes_the_open_question(agent, running_contact, vac, question_type, handling):
    services.use_in_contact(running_contact, user=agent, kind="vac", object_id=vac.pk)
    question = services.record_follow_up(
        running_contact, user=agent, question_type=question_type, handling=handling, subject="M-2026-0001"
    )
    assert running_contact.questions.count() == 1
    assert (question.question_type, question.handling, question.subject) == (question_type, handling, "M-2026-0001")
    assert question.fcr_outcome == FcrOutcome.YES


def test_a_follow_up_after_an_answered_question_is_a_question_of_its_own(agent, make_user, running_contact):
    first = services.add_question(
        running_contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord"
    )
    second = services.record_follow_up(
        running_contact, user=agent, question_type="melding", handling="melding_gemaakt", subject="M-1"
    )
    assert second.pk != first.pk
    assert (second.fcr_row, second.fcr_outcome) == (FcrRow.REPORT, FcrOutcome.YES)
    with pytest.raises(PermissionDenied):
        services.record_follow_up(
            running_contact, user=make_user(Role.AGENT), question_type="melding", handling="melding_gemaakt"
        )


def test_a_refused_attempt_from_the_panel_leaves_no_question_behind(agent, running_contact, wi):
    wi.transfer_policy = "geen_doorverbinding"
    wi.save()
    with pytest.raises(ValidationError):
        services.record_transfer_attempt(
            running_contact,
            user=agent,
            data={"doel": "eenheid", "eenheid": "wi", "resultaat": "niet_bereikt", "reden": "beleid"},
        )
    assert not running_contact.questions.exists()
