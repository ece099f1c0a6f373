"""The FCR rule of the brief, row by row (first match wins)."""

import pytest

from kcc.contacten.fcr import classify, reached_kind
from kcc.contacten.models import FcrOutcome, FcrRow, Handling, QuestionType

ALL_TYPES = list(QuestionType.values)


@pytest.mark.parametrize("question_type", ALL_TYPES)
@pytest.mark.parametrize("handling", ["terugbelverzoek", "email_aangeboden", "later_terugbellen"])
def test_row_1_callback_or_mail_wins_over_every_question_type(question_type, handling):
    assert classify(question_type, handling, "gevraagd") == (FcrRow.CALLBACK_OR_MAIL, FcrOutcome.NO)


@pytest.mark.parametrize(
    ("handling", "outcome"),
    [
        ("klacht_geregistreerd", "ja"),
        ("zelf_beantwoord", "ja"),
        ("na_ruggespraak", "nee"),
        ("doorverbonden", "nee"),
        ("doorverwezen", "nee"),
        ("onbekend", "nee"),
    ],
)
def test_row_2_complaint(handling, outcome):
    assert classify("klacht", handling, None) == (FcrRow.COMPLAINT, outcome)


@pytest.mark.parametrize(
    ("handling", "outcome"), [("melding_gemaakt", "ja"), ("zelf_beantwoord", "nee"), ("onbekend", "nee")]
)
def test_row_3_report(handling, outcome):
    assert classify("melding", handling, None) == (FcrRow.REPORT, outcome)


@pytest.mark.parametrize(("handling", "outcome"), [("afspraak_gemaakt", "ja"), ("doorverbonden", "nee")])
def test_row_4_appointment(handling, outcome):
    assert classify("afspraak", handling, "gevraagd") == (FcrRow.APPOINTMENT, outcome)


def test_row_5_requested_person_or_unit_reached():
    assert classify("persoon_of_afdeling", "doorverbonden", "gevraagd") == (FcrRow.TARGET_REACHED, FcrOutcome.YES)


def test_row_6_stand_in_reached():
    assert classify("persoon_of_afdeling", "doorverbonden", "vervanger") == (FcrRow.STAND_IN_REACHED, FcrOutcome.YES)


@pytest.mark.parametrize("reached", [None, "gevraagd", "vervanger"])
def test_row_7_general_question_transferred_to_back_office_is_not_first_contact(reached):
    assert classify("algemene_vraag", "doorverbonden", reached) == (FcrRow.TRANSFERRED_TO_BACK_OFFICE, FcrOutcome.NO)


@pytest.mark.parametrize(
    ("question_type", "row"),
    [("algemene_vraag", FcrRow.GENERAL), ("persoon_of_afdeling", FcrRow.PERSON_OR_UNIT)],
)
def test_row_8_unknown_handling_keeps_its_question_types_row(question_type, row):
    assert classify(question_type, "onbekend", None) == (row, FcrOutcome.UNKNOWN)


@pytest.mark.parametrize("handling", ["zelf_beantwoord", "na_ruggespraak", "doorverwezen"])
@pytest.mark.parametrize(
    ("question_type", "row"),
    [("algemene_vraag", FcrRow.GENERAL), ("persoon_of_afdeling", FcrRow.PERSON_OR_UNIT)],
)
def test_row_9_otherwise_helped_in_one_go(handling, question_type, row):
    assert classify(question_type, handling, None) == (row, FcrOutcome.YES)


@pytest.mark.parametrize("question_type", ALL_TYPES)
@pytest.mark.parametrize("handling", list(Handling.values))
@pytest.mark.parametrize("reached", [None, "gevraagd", "vervanger"])
def test_every_combination_lands_in_exactly_one_known_row(question_type, handling, reached):
    row, outcome = classify(question_type, handling, reached)
    assert row in FcrRow.values and outcome in FcrOutcome.values


def test_requested_target_counts_over_a_stand_in_reached_in_another_attempt():
    attempts = [
        {"result": "niet_bereikt", "reached": ""},
        {"result": "bereikt", "reached": "vervanger"},
        {"result": "bereikt", "reached": "gevraagd"},
    ]
    assert reached_kind(attempts) == "gevraagd"
    assert reached_kind(attempts[:2]) == "vervanger"
    assert reached_kind(attempts[:1]) is None
