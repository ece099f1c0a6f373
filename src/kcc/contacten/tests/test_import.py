"""`kcc contactmomenten import`: the contract, idempotency, per-line errors and the exit status."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kcc.contacten.models import Contactmoment, Question, TransferAttempt

pytestmark = pytest.mark.django_db

CONTRACT_LINE = (
    '{"extern_id": "c-0001", "kanaal": "telefoon", "start": "2011-01-10T09:02:00+01:00", '
    '"einde": "2011-01-10T09:05:30+01:00", "vragen": [{"vraagsoort": "persoon_of_afdeling", '
    '"afhandeling": "doorverbonden", "eenheid": "WI", "doorverbindpogingen": [{"doel": "persoon", '
    '"eenheid": "WI", "resultaat": "bereikt", "bereikt": "vervanger", "reden": null, "warm": true}]}]}'
)


def _run(tmp_path, lines, capsys):
    path = tmp_path / "contacten.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        call_command("contactmomenten", "import", str(path))
        status = 0
    except CommandError:
        status = 1
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_contract_line_is_stored_once_however_often_it_is_imported(tmp_path, capsys, wi):
    status, out, _ = _run(tmp_path, [CONTRACT_LINE], capsys)
    assert status == 0 and "1 contactmoment(en) opgeslagen" in out
    status, out, _ = _run(tmp_path, [CONTRACT_LINE, CONTRACT_LINE], capsys)
    assert status == 0 and "0 contactmoment(en) opgeslagen, 2 al aanwezig" in out
    contact = Contactmoment.objects.get()
    assert contact.extern_id == "c-0001" and contact.started_at.isoformat() == "2011-01-10T08:02:00+00:00"
    question = Question.objects.get()
    assert (question.unit, question.fcr_row, question.fcr_outcome) == (wi, "vervanger", "ja")
    assert TransferAttempt.objects.get().warm is True


def test_every_bad_line_is_reported_and_the_good_ones_are_stored(tmp_path, capsys, wi):
    good = json.loads(CONTRACT_LINE)
    lines = [
        json.dumps({**good, "extern_id": "ok-1"}),
        '{"extern_id": "kapot", ',
        json.dumps({**good, "extern_id": "eind", "einde": "2011-01-10T08:00:00+01:00"}),
        json.dumps(
            {**good, "extern_id": "soort", "vragen": [{"vraagsoort": "vraagje", "afhandeling": "zelf_beantwoord"}]}
        ),
        json.dumps({**good, "extern_id": "afh", "vragen": [{"vraagsoort": "algemene_vraag", "afhandeling": "klaar"}]}),
        json.dumps({**good, "extern_id": "eenheid", "vragen": [{**good["vragen"][0], "eenheid": "XYZ"}]}),
        json.dumps({key: value for key, value in good.items() if key != "extern_id"}),
        "",
        json.dumps({**good, "extern_id": "ok-2", "kanaal": "e-mail"}),
    ]
    status, out, err = _run(tmp_path, lines, capsys)
    assert status == 1
    assert "2 contactmoment(en) opgeslagen, 0 al aanwezig, 6 regel(s) afgewezen" in out
    assert "regel 2: geen geldige JSON" in err
    assert "regel 3 (eind): einde: Het einde ligt vóór het begin" in err
    assert "regel 4 (soort): vragen[0].vraagsoort: Onbekende vraagsoort ‘vraagje’" in err
    assert "regel 5 (afh): vragen[0].afhandeling: Onbekende afhandeling ‘klaar’" in err
    assert "regel 6 (eenheid): vragen[0].eenheid: Onbekende eenheid ‘XYZ’" in err
    assert "regel 7: extern_id ontbreekt" in err
    assert set(Contactmoment.objects.values_list("extern_id", "channel")) == {("ok-1", "telefoon"), ("ok-2", "email")}
    assert Question.objects.count() == 2


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("contactmomenten", "import", str(tmp_path / "bestaat-niet.jsonl"))


def test_batches_are_stored_in_bulk(tmp_path, capsys, wi, django_assert_max_num_queries):
    good = json.loads(CONTRACT_LINE)
    lines = [json.dumps({**good, "extern_id": f"c-{n}"}) for n in range(500)]
    with django_assert_max_num_queries(40):  # a few statements per batch (and its daily counts), not per line
        status, _, _ = _run(tmp_path, lines, capsys)
    assert status == 0 and Contactmoment.objects.count() == 500 and TransferAttempt.objects.count() == 500
