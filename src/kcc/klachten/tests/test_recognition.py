"""Klachtherkenning: the signals, the guards, the facts, the CLI contract and the bench target."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kcc.klachten.recognition import Facts, normalise, recognise

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Ik wil een klacht indienen over de medewerker van burgerzaken.", "Wil een klacht indienen"),
        ("dhr woedend over afhandeling aanvraag", "Ontevredenheid"),
        ("mw belt voor de zoveelste keer over de container", "Herhaling"),
        ("al 3x gebeld over lantaarnpaal, nooit teruggebeld", "teruggebeld"),
        ("ik word van het kastje naar de muur gestuurd", "kastje naar de muur"),
        ("ik kreeg tegenstrijdige informatie van twee medewerkers", "Tegenstrijdige"),
        ("de consulent is niet komen opdagen en heeft niet afgebeld", "niet nagekomen"),
        ("de vuilnisman heeft mij uitgescholden", "Gedrag van een medewerker"),
        ("Er is nog steeds niets gedaan aan mijn melding, er gebeurt niks", "niets mee gedaan"),
    ],
)
def test_signals_fire_and_name_their_trigger(text, reason):
    result = recognise(text)
    assert result.offer, result
    assert any(reason.lower() in r.lower() for r in result.reasons), result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Hoe kan ik een klacht indienen over geluidsoverlast van mijn buren?",
        "Waar kan ik klagen over mijn energieleverancier?",
        "Ik wil een klacht indienen over mijn huisbaas, die niets repareert.",
        "Kunt u mij vertellen wanneer het grofvuil wordt opgehaald?",
        "Mijn moeder heeft klachten aan haar rug, welke hulp is er via de wmo?",
        "Ik ben niet ontevreden, ik wilde alleen iets vragen over mijn paspoort.",
        "Ik wil geen klacht indienen, alleen een vraag stellen.",
        "Klacht: lantaarnpaal voor nummer 12 is kapot.",
        "Hartelijk dank voor de snelle hulp, complimenten aan uw medewerker!",
        "Wat een belachelijk weer vandaag, gaat de markt door?",
        "Ik heb een probleem met inloggen bij DigiD.",
    ],
)
def test_hard_negatives_do_not_fire(text):
    result = recognise(text)
    assert not result.offer, result


def test_negation_is_explained_in_the_ignored_list():
    result = recognise("Ik ben helemaal niet boos.")
    assert not result.offer and any("ontkennend" in item for item in result.ignored)


def test_facts_count_and_are_explained():
    assert not recognise("Vraag over de status van mijn melding.").offer
    result = recognise("Vraag over de status van mijn melding.", Facts(repeat_report=True))
    assert result.offer and any("Herhaalmelding" in reason for reason in result.reasons)
    weak = recognise("Belt over de aanvraag.", Facts(repeat_contact=True, earlier_complaints=1))
    assert weak.offer and len(weak.reasons) == 2


def test_typos_and_shorthand_are_normalised():
    assert normalise("Al 3x gebeld, 4e keer") == "al 3 keer gebeld, vierde keer"
    assert recognise("beller ontevredn over de medewerker").offer


def test_score_is_bounded_and_empty_text_has_no_signal():
    assert recognise("").as_json() == {"klachtsignaal": False, "score": 0.0, "redenen": []}
    strong = recognise("Ik wil een klacht indienen, ik ben woedend, al vijf keer gebeld en nooit teruggebeld.")
    assert strong.score == 1.0


def test_bench_meets_the_target_on_the_evaluation_set():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import klachtherkenning as bench
    finally:
        sys.path.pop(0)
    rows = [json.loads(line) for line in bench.DEFAULT_DATA.read_text().splitlines() if line.strip()]
    assert len(rows) >= 220
    result = bench.figures(rows, bench.product)
    assert result["recall"] >= 0.9 and result["precision"] >= 0.85, result
    baseline = bench.figures(rows, bench.keyword_baseline)
    assert result["f1"] > baseline["f1"] + 0.5


def _kcc(*args: str, stdin: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "kcc.settings")}
    return subprocess.run(
        [sys.executable, "-c", "from kcc.cli import main; main()", "klachtherkenning", *args],
        input=stdin, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def test_cli_single_text_contract():
    done = _kcc("--json", stdin="Dit is de derde keer dat ik bel en niemand belt terug!")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer) == {"klachtsignaal", "score", "redenen"}
    assert answer["klachtsignaal"] is True and isinstance(answer["score"], float) and answer["redenen"]


def test_cli_empty_input_is_an_error():
    done = _kcc("--json", stdin="  \n")
    assert done.returncode != 0 and "Geen tekst" in done.stderr and not done.stdout


def test_cli_batch_contract_reports_bad_lines_and_continues(tmp_path):
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        '{"id": "1", "tekst": "Ik wil een klacht indienen over de baliemedewerker."}\n'
        "niet json\n"
        '{"id": "3", "tekst": "Wanneer is de milieustraat open?"}\n'
        '{"id": 4, "tekst": "id is geen tekst"}\n',
        encoding="utf-8",
    )
    done = _kcc("--batch", str(batch), "--json", stdin="")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["1", "3"]
    assert lines[0]["klachtsignaal"] is True and lines[1]["klachtsignaal"] is False
    assert set(lines[0]) == {"id", "klachtsignaal", "score", "redenen"}
    assert done.returncode != 0 and "regel 2" in done.stderr and "regel 4" in done.stderr
