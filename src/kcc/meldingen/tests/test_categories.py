from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kcc.meldingen import demo as meldingen_demo
from kcc.meldingen.imports import import_signalen_csv
from kcc.meldingen.models import Category, DayType, DelayReason

REPO = Path(__file__).resolve().parents[4]
SIGNALEN_CSV = REPO.parent / "shared" / "data" / "meldingen" / "signalen_categories_slo.csv"
FIXTURE_CSV = Path(__file__).parent / "data" / "signalen_sample.csv"


def test_demo_has_the_fourteen_main_categories_with_units_and_terms(demo):
    mains = Category.objects.filter(parent__isnull=True)
    assert mains.count() == 14
    assert set(mains.values_list("code", flat=True)) == {
        "afvalinzameling",
        "dieren",
        "graffiti",
        "hondenpoep",
        "openbaar-groen",
        "parkeeroverlast",
        "riolering",
        "sloten-watergangen",
        "speelplaatsen",
        "straatmeubilair",
        "straatvegen",
        "verkeersvoorzieningen",
        "verlichting-verkeerslichten",
        "wegen-bestrating",
    }
    for main in mains:
        assert main.unit is not None, main
        assert main.children.count() >= 3, main
    lamp = Category.objects.get(code="verlichting-verkeerslichten-verkeerslicht-storing")
    assert (lamp.term_days, lamp.term_day_type) == (1, DayType.CALENDAR)
    assert Category.objects.get(code="afvalinzameling").unit.code == "afvalbedrijf"
    assert Category.objects.get(code="afvalinzameling-container-vol").questions.get().required


def test_demo_load_is_idempotent(demo):
    before = (Category.objects.count(), DelayReason.objects.count())
    lines = meldingen_demo.load()
    assert (Category.objects.count(), DelayReason.objects.count()) == before
    assert lines[0].startswith("0 categorieën toegevoegd")


@pytest.mark.django_db
def test_signalen_csv_import_keeps_terms_and_day_types_and_is_idempotent(capsys):
    source = SIGNALEN_CSV if SIGNALEN_CSV.exists() else FIXTURE_CSV
    call_command("meldingen", "categorieen", "import", str(source), "--format", "signalen-csv")
    out = capsys.readouterr().out
    subs = Category.objects.filter(code__startswith="signalen-", parent__isnull=False)
    rows = sum(1 for _ in source.open(encoding="utf-8")) - 1
    assert subs.count() == rows
    assert f"Import klaar: {rows} toegevoegd, 0 bijgewerkt, 0 ongewijzigd, 0 afgewezen" in out
    assert "regel 2: signalen-afval-veeg-zwerfvuil: toegevoegd" in out
    bridge = Category.objects.get(code="signalen-wegen-verkeer-straatmeubilair-brug")
    assert (bridge.term_days, bridge.term_day_type, bridge.handling_code) == (21, DayType.CALENDAR, "A3WEC")
    assert bridge.parent.name == "Wegen, verkeer, straatmeubilair"
    zwerfvuil = Category.objects.get(code="signalen-afval-veeg-zwerfvuil")
    assert (zwerfvuil.term_days, zwerfvuil.term_day_type, zwerfvuil.parent.name) == (3, DayType.WORKING, "Afval")

    call_command("meldingen", "categorieen", "import", str(source), "--format", "signalen-csv")
    assert f"0 toegevoegd, 0 bijgewerkt, {rows} ongewijzigd" in capsys.readouterr().out
    assert Category.objects.filter(code__startswith="signalen-", parent__isnull=False).count() == rows


@pytest.mark.django_db
def test_signalen_import_reports_bad_rows_and_keeps_the_good_ones(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "main_slug,main_name,sub_slug,sub_name,handling_code,slo_n_days,slo_day_type,is_active\n"
        "afval,Afval,grofvuil,Grofvuil,A3DEVOMC,3,werkdagen,True\n"
        "afval,Afval,kapot,Kapot,X,drie,werkdagen,True\n"
        "afval,Afval,maan,Maan,X,3,maandagen,True\n",
        encoding="utf-8",
    )
    report = import_signalen_csv(path)
    assert [(row.line, row.outcome) for row in report.rows] == [(2, "toegevoegd"), (3, "afgewezen"), (4, "afgewezen")]
    assert "ongeldige termijn" in report.rows[1].message
    assert Category.objects.filter(code="signalen-afval-grofvuil").exists()
    with pytest.raises(CommandError, match="2 afgewezen"):
        call_command("meldingen", "categorieen", "import", str(path), "--format", "signalen-csv")
