"""``kcc medewerkers import``: good files, malformed rows, idempotency, the demo file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kcc.core.models import OrganisationUnit
from kcc.core.organisation import import_units_file
from kcc.medewerkers.demo import DEMO_FILE
from kcc.medewerkers.imports import ImportFormatError, import_people, import_people_file
from kcc.medewerkers.models import Person

pytestmark = pytest.mark.django_db

HEADER = "email,naam,functie,eenheden,telefoon_intern,mobiel,mobiel_tonen,vaardigheden,rooster,vervanger\n"
GOOD = HEADER + (
    'a@demodam.nl,Anna Aalders,heffingen,belastingen|wmo,4101,06-11111111,ja,WOZ|OZB,"ma-vr:ochtend,middag",'
    "b@demodam.nl\n"
    'b@demodam.nl,Bert Bakker,invordering,belastingen,4102,,nee,kwijtschelding,"ma:ochtend;di:middag",belastingen\n'
)


@pytest.fixture
def units(db) -> None:
    for code in ("belastingen", "wmo"):
        OrganisationUnit.objects.create(code=code, name=code.title(), kind="sector")


def test_good_file_is_imported_and_a_second_run_changes_nothing(units):
    report = import_people(GOOD)
    assert report.as_dict() == {"toegevoegd": 2, "bijgewerkt": 0, "ongewijzigd": 0, "afgewezen": []}
    anna = Person.objects.get(email="a@demodam.nl")
    assert [m.unit.code for m in anna.memberships.all()] == ["belastingen", "wmo"]
    assert anna.phone_mobile == "0611111111" and anna.show_mobile
    assert anna.schedule == {day: ["ochtend", "middag"] for day in ("ma", "di", "wo", "do", "vr")}
    assert anna.stand_in_person.email == "b@demodam.nl"  # named before it existed in the file
    assert Person.objects.get(email="b@demodam.nl").stand_in_unit.code == "belastingen"
    again = import_people(GOOD)
    assert again.as_dict() == {"toegevoegd": 0, "bijgewerkt": 0, "ongewijzigd": 2, "afgewezen": []}
    changed = import_people(GOOD.replace("Bert Bakker,invordering", "Bert Bakker,teamleider"))
    assert changed.updated == [3] and changed.unchanged == [2]
    assert Person.objects.count() == 2


def test_bad_rows_are_rejected_with_line_numbers_and_the_rest_is_imported(units):
    text = HEADER + (
        "ok@demodam.nl,Oke,,belastingen,4103,,,,,\n"
        "x@demodam.nl,Onbekend,,belastingen|bestaatniet,4104,,,,,\n"
        "y@demodam.nl,Slecht nummer,,belastingen,12ab,,,,,\n"
        "z@demodam.nl,Slecht rooster,,belastingen,4105,,,,ma:avond,\n"
        "v@demodam.nl,Vervanger weg,,belastingen,4106,,,,,niemand@demodam.nl\n"
        "w@demodam.nl,Vervanger afgewezen,,belastingen,4107,,,,,y@demodam.nl\n"
        "geen-adres,Geen adres,,belastingen,,,,,,\n"
        "ok@demodam.nl,Dubbel,,belastingen,,,,,,\n"
        "t@demodam.nl,Tonen?,,belastingen,,0611111111,misschien,,,\n"
    )
    report = import_people(text)
    reasons = dict(report.rejected)
    assert report.added == [2]
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "Onbekende eenheidscode(s): bestaatniet" in reasons[3]
    assert "‘12ab’ is geen telefoonnummer" in reasons[4]
    assert "ochtend en/of middag" in reasons[5]
    assert "‘niemand@demodam.nl’ is geen bekende medewerker" in reasons[6]
    assert "‘y@demodam.nl’ is geen bekende medewerker" in reasons[7]
    assert "geen geldig e-mailadres" in reasons[8]
    assert "staat al op regel 2" in reasons[9]
    assert "‘mobiel_tonen’ is ja of nee" in reasons[10]
    assert list(Person.objects.values_list("email", flat=True)) == ["ok@demodam.nl"]


def test_file_level_errors(units, tmp_path: Path):
    with pytest.raises(ImportFormatError, match="mist de kolom"):
        import_people("naam,functie\nA,B\n")
    with pytest.raises(ImportFormatError, match="Onbekende kolom"):
        import_people("email,naam,eenheden,leeftijd\na@demodam.nl,A,wmo,40\n")
    with pytest.raises(ImportFormatError, match="bestaat niet"):
        import_people_file(tmp_path / "weg.csv")
    with pytest.raises(ImportFormatError, match="--format csv"):
        import_people_file(tmp_path / "weg.csv", "xlsx")


def test_semicolon_separated_files_are_read(units):
    report = import_people("email;naam;eenheden;rooster\na@demodam.nl;Anna;wmo;ma:ochtend,middag\n")
    assert report.added == [2]
    assert Person.objects.get().schedule == {"ma": ["ochtend", "middag"]}


def test_command_reports_and_exits_non_zero_on_rejected_rows(units, tmp_path: Path, capsys):
    good = tmp_path / "goed.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("medewerkers", "import", str(good), "--format", "csv")
    assert json.loads(capsys.readouterr().out)["toegevoegd"] == 2
    bad = tmp_path / "fout.csv"
    bad.write_text(HEADER + "c@demodam.nl,C,,onbekend,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 regel"):
        call_command("medewerkers", "import", str(bad), "--format", "csv")
    assert json.loads(capsys.readouterr().out)["afgewezen"] == [
        {"regel": 2, "reden": "Onbekende eenheidscode(s): onbekend."}
    ]


def test_the_demo_file_imports_cleanly(db):
    assert import_units_file(Path(__file__).parents[2] / "core" / "data" / "demo" / "organisatie.json").ok
    report = import_people_file(DEMO_FILE)
    assert report.ok and len(report.added) >= 55
    assert Person.objects.filter(memberships__unit__code="belastingen").exists()


@pytest.mark.django_db
def test_organisation_import_updates_the_directory_search_index():
    from kcc.core.organisation import import_units
    from kcc.core.search import get_engine

    report = import_units([{"code": "vergunningen", "naam": "Vergunningenloket", "soort": "afdeling", "ouder": None}])
    assert report.ok
    hits = get_engine().search("eenheid", "vergunningenloket")
    assert [hit.object_id for hit in hits] == [OrganisationUnit.objects.get(code="vergunningen").pk]
