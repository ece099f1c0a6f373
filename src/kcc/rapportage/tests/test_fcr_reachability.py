"""The FCR and reachability tables on hand-made contacts with known answers, via the CLI contract."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kcc.rapportage.tests.conftest import attempt, q

pytestmark = pytest.mark.django_db

ROWS = [
    "Algemene vraag", "Doorverbonden met backoffice", "Klacht", "Melding",
    "Specifiek persoon/afdeling bereikbaar", "Afwezig maar vervanger", "Terugbel-/mailverzoek", "Afspraak",
]  # fmt: skip


def cli(*args: str) -> dict:
    out = StringIO()
    call_command("rapportage", *args, stdout=out)
    return json.loads(out.getvalue())


def by_row(result: dict) -> dict[str, tuple[int, int, int]]:
    return {row["rij"]: (row["ja"], row["nee"], row["onbekend"]) for row in result["rijen"]}


def test_fcr_table_by_the_rule(tree, add_contact):
    start = "2026-03-10T10:00:00+01:00"
    add_contact(start, [q("algemene_vraag", "zelf_beantwoord"), q("algemene_vraag", "na_ruggespraak")])
    add_contact(start, [q("algemene_vraag", "onbekend")])
    add_contact(start, [q("algemene_vraag", "doorverbonden", "belastingen",
                          [attempt("eenheid", "belastingen", "bereikt")])])  # fmt: skip
    add_contact(start, [q("klacht", "klacht_geregistreerd"), q("klacht", "doorverwezen")])
    add_contact(start, [q("melding", "melding_gemaakt"), q("melding", "terugbelverzoek", "belastingen")])
    add_contact(start, [q("persoon_of_afdeling", "doorverbonden", "invordering",
                          [attempt("persoon", "invordering", "bereikt")])])  # fmt: skip
    add_contact(start, [q("persoon_of_afdeling", "doorverbonden", "invordering",
                          [attempt("persoon", "invordering", "niet_bereikt", "afwezig"),
                           attempt("persoon", "invordering", "bereikt", bereikt="vervanger")])])  # fmt: skip
    # Asked for a person, answered by the agent: no row of its own, counted as a general question.
    add_contact(start, [q("persoon_of_afdeling", "zelf_beantwoord")])
    add_contact(start, [q("afspraak", "afspraak_gemaakt"), q("afspraak", "email_aangeboden")])

    result = cli("eerstelijn", "--van", "2026-03-01", "--tot", "2026-03-31", "--json")

    assert [row["rij"] for row in result["rijen"]] == ROWS
    assert all(set(row) == {"rij", "ja", "nee", "onbekend"} for row in result["rijen"])
    assert by_row(result) == {
        "Algemene vraag": (3, 0, 1),
        "Doorverbonden met backoffice": (0, 1, 0),
        "Klacht": (1, 1, 0),
        "Melding": (1, 0, 0),
        "Specifiek persoon/afdeling bereikbaar": (1, 0, 0),
        "Afwezig maar vervanger": (1, 0, 0),
        "Terugbel-/mailverzoek": (0, 2, 0),
        "Afspraak": (1, 0, 0),
    }
    assert result["totaal"] == {"ja": 8, "nee": 4, "onbekend": 1, "aantal": 13}


@pytest.mark.parametrize(
    ("van", "tot", "inside", "outside"),
    [
        # Summer time starts on 29 March 2026 (02:00 → 03:00).
        ("2026-03-29", "2026-03-29", ["2026-03-29T00:00:00+01:00", "2026-03-29T23:59:59+02:00"],
         ["2026-03-28T23:59:59+01:00", "2026-03-30T00:00:00+02:00"]),
        # Winter time returns on 25 October 2026 (03:00 → 02:00): that day lasts 25 hours.
        ("2026-10-25", "2026-10-25", ["2026-10-25T00:00:00+02:00", "2026-10-25T23:59:59+01:00"],
         ["2026-10-24T23:59:59+02:00", "2026-10-26T00:00:00+01:00"]),
        # An ordinary month: 1 up to and including 31 January, local time (UTC shown as Z).
        ("2026-01-01", "2026-01-31", ["2025-12-31T23:00:00Z", "2026-01-31T22:59:59Z"],
         ["2025-12-31T22:59:59Z", "2026-01-31T23:00:00Z"]),
    ],
)  # fmt: skip
def test_period_is_inclusive_in_local_time(tree, add_contact, van, tot, inside, outside):
    for moment in [*inside, *outside]:
        add_contact(moment, [q("algemene_vraag", "zelf_beantwoord")])
    result = cli("eerstelijn", "--van", van, "--tot", tot, "--json")
    assert result["totaal"]["aantal"] == len(inside)


def test_unit_filter_takes_the_subtree(tree, add_contact):
    start = "2026-05-04T10:00:00+02:00"
    add_contact(start, [q("algemene_vraag", "zelf_beantwoord", "invordering")])
    add_contact(start, [q("algemene_vraag", "zelf_beantwoord", "belastingen")])
    add_contact(start, [q("algemene_vraag", "zelf_beantwoord", "rm")])
    assert cli("eerstelijn", "--van", "2026-05-01", "--tot", "2026-05-31", "--eenheid", "publiek", "--json")[
        "totaal"]["aantal"] == 2  # fmt: skip
    assert cli("eerstelijn", "--van", "2026-05-01", "--tot", "2026-05-31", "--eenheid", "RM", "--json")[
        "totaal"]["aantal"] == 1  # fmt: skip


def _reachability_data(add_contact) -> None:
    start = "2026-06-02T10:00:00+02:00"
    add_contact(start, [q("persoon_of_afdeling", "doorverbonden", "invordering", [
        attempt("persoon", "invordering", "niet_bereikt", "in_gesprek"),
        attempt("eenheid", "invordering", "bereikt"),
    ])])  # fmt: skip
    add_contact(start, [q("algemene_vraag", "terugbelverzoek", "belastingen", [
        attempt("eenheid", "belastingen", "niet_bereikt", "geen_gehoor"),
        attempt("eenheid", "publiek", "niet_bereikt", "buiten_venster"),
    ])])  # fmt: skip
    add_contact(start, [q("persoon_of_afdeling", "doorverbonden", "rm", [attempt("persoon", "rm", "bereikt")])])


def test_reachability_per_dienst(tree, add_contact):
    _reachability_data(add_contact)
    result = cli("bereikbaarheid", "--van", "2026-06-01", "--tot", "2026-06-30", "--niveau", "dienst", "--json")
    assert result == {"rijen": [
        {"eenheid": "publiek", "naam": "Dienst Publiek", "bereikbaar_algemeen": 1, "bereikbaar_specifiek": 0,
         "niet_bereikbaar_algemeen": 2, "niet_bereikbaar_specifiek": 1},
        {"eenheid": "wijken", "naam": "Dienst Wijken", "bereikbaar_algemeen": 0, "bereikbaar_specifiek": 1,
         "niet_bereikbaar_algemeen": 0, "niet_bereikbaar_specifiek": 0},
    ]}  # fmt: skip


def test_reachability_per_sector_counts_a_dienst_target_under_itself(tree, add_contact):
    _reachability_data(add_contact)
    result = cli("bereikbaarheid", "--van", "2026-06-01", "--tot", "2026-06-30", "--niveau", "sector", "--json")
    rows = {row["eenheid"]: row for row in result["rijen"]}
    assert set(rows) == {"belastingen", "publiek", "rm"}
    assert rows["belastingen"]["bereikbaar_algemeen"] == 1
    assert rows["belastingen"]["niet_bereikbaar_algemeen"] == 1
    assert rows["belastingen"]["niet_bereikbaar_specifiek"] == 1
    assert rows["publiek"]["niet_bereikbaar_algemeen"] == 1  # attempt to the dienst itself


def test_units_moved_in_the_tree_count_under_their_current_dienst(tree, add_contact):
    _reachability_data(add_contact)
    belastingen = tree["belastingen"]
    belastingen.parent = tree["wijken"]
    belastingen.save()
    result = cli("bereikbaarheid", "--van", "2026-06-01", "--tot", "2026-06-30", "--niveau", "dienst", "--json")
    rows = {row["eenheid"]: row for row in result["rijen"]}
    assert rows["publiek"] == {"eenheid": "publiek", "naam": "Dienst Publiek", "bereikbaar_algemeen": 0,
                               "bereikbaar_specifiek": 0, "niet_bereikbaar_algemeen": 1,
                               "niet_bereikbaar_specifiek": 0}  # fmt: skip
    assert rows["wijken"]["bereikbaar_algemeen"] == 1
    assert rows["wijken"]["bereikbaar_specifiek"] == 1
    assert rows["wijken"]["niet_bereikbaar_algemeen"] == 1
    assert rows["wijken"]["niet_bereikbaar_specifiek"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--van", "2026-13-01", "--tot", "2026-12-31"], "geen geldige datum"),
        (["--van", "2026-02-01", "--tot", "2026-01-01"], "voor de begindatum"),
        (["--van", "2026-01-01", "--tot", "2026-01-31", "--eenheid", "bestaatniet"], "Onbekende eenheid"),
        (["--van", "2026-01-01", "--tot", "2026-01-31", "--niveau", "team"], "Onbekend niveau"),
    ],
)
def test_cli_rejects_bad_input_in_dutch(tree, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("rapportage", "bereikbaarheid", *args, "--json", stdout=StringIO())


def test_id_range_shortcut_only_when_exact(tree, add_contact):
    """Contacts registered in order are read by id range; an imported older contact breaks the range
    and the tables fall back to the start time — with the same answer."""
    from datetime import date

    from kcc.rapportage.period import Period
    from kcc.rapportage.tables import Context

    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    for day in (2, 3, 4):
        add_contact(f"2026-03-{day:02d}T10:00:00+01:00", [q("algemene_vraag", "zelf_beantwoord")])
    assert Context(march).contact_ids is not None
    add_contact("2026-04-01T10:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord")])
    assert Context(march).contact_ids is not None  # April's contact lies after March's range
    add_contact("2026-03-15T10:00:00+01:00", [q("klacht", "doorverwezen")])  # imported later
    assert Context(march).contact_ids is None
    result = cli("eerstelijn", "--van", "2026-03-01", "--tot", "2026-03-31", "--json")
    assert result["totaal"] == {"ja": 3, "nee": 1, "onbekend": 0, "aantal": 4}


def test_question_range_shortcut_falls_back_when_questions_interleave(tree, add_contact):
    """A question added to an earlier contact after a later contact's questions breaks the question id
    range; the attempts are then selected through their contact's start, with the same answer."""
    from datetime import date

    from kcc.contacten.models import Question, TransferAttempt
    from kcc.rapportage.period import Period
    from kcc.rapportage.tables import Context

    march = add_contact("2026-03-30T10:00:00+02:00", [q("persoon_of_afdeling", "doorverbonden", "invordering",
                                                        [attempt("persoon", "invordering", "bereikt")])])  # fmt: skip
    context = Context(Period(date(2026, 3, 1), date(2026, 3, 31)))
    assert context.question_ids is not None
    add_contact("2026-04-01T10:00:00+02:00", [q("algemene_vraag", "doorverbonden", "rm",
                                                [attempt("eenheid", "rm", "bereikt")])])  # fmt: skip
    late = Question.objects.create(contact=march, position=1, question_type="algemene_vraag", handling="doorverbonden",
                                   fcr_row="doorverbonden_backoffice", fcr_outcome="nee")  # fmt: skip
    TransferAttempt.objects.create(question=late, target="eenheid", unit=tree["belastingen"], result="niet_bereikt",
                                   reason="geen_gehoor")  # fmt: skip
    context = Context(Period(date(2026, 3, 1), date(2026, 3, 31)))
    assert context.contact_ids is not None and context.question_ids is None
    result = cli("bereikbaarheid", "--van", "2026-03-01", "--tot", "2026-03-31", "--json")
    assert result == {"rijen": [
        {"eenheid": "publiek", "naam": "Dienst Publiek", "bereikbaar_algemeen": 0, "bereikbaar_specifiek": 1,
         "niet_bereikbaar_algemeen": 1, "niet_bereikbaar_specifiek": 0},
    ]}  # fmt: skip


def test_dates_far_away_are_refused_not_crashed(tree):
    with pytest.raises(CommandError, match="tussen 1990 en 2100"):
        call_command("rapportage", "eerstelijn", "--van", "9999-12-31", "--tot", "9999-12-31", stdout=StringIO())
