import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kcc.core.demo import DEMO_DIR
from kcc.core.models import OrganisationUnit, ReachabilityWindow
from kcc.core.organisation import ImportFormatError, import_units, import_units_file

pytestmark = pytest.mark.django_db


def test_demo_file_imports_and_reimport_only_updates():
    first = import_units_file(DEMO_DIR / "organisatie.json")
    assert first.ok and len(first.added) == OrganisationUnit.objects.count() >= 20
    second = import_units_file(DEMO_DIR / "organisatie.json")
    assert second.added == [] and len(second.updated) == len(first.added)
    bmv = OrganisationUnit.objects.get(code="bmv")
    assert bmv.parent.code == "publiek"
    assert bmv.transfer_policy == OrganisationUnit.TransferPolicy.NO_TRANSFER
    assert bmv.windows.count() == 5
    assert OrganisationUnit.objects.get(code="afvalbedrijf").is_external


def test_children_may_come_before_their_parents():
    report = import_units(
        [
            {"code": "groen", "naam": "Groen", "soort": "afdeling", "ouder": "beheer"},
            {"code": "beheer", "naam": "Beheer", "soort": "sector", "ouder": None},
        ]
    )
    assert report.ok
    assert OrganisationUnit.objects.get(code="groen").parent.code == "beheer"


@pytest.mark.parametrize(
    ("unit", "reason"),
    [
        ({"code": "x", "naam": "X", "soort": "afdeling", "ouder": "bestaat-niet"}, "bestaat niet"),
        ({"code": "x", "naam": "X", "soort": "team", "ouder": None}, "soort"),
        ({"code": "x", "naam": "", "soort": "afdeling", "ouder": None}, "naam"),
        ({"code": "x", "naam": "X", "soort": "afdeling", "ouder": None, "telefoon": "bel maar"}, "telefoonnummer"),
        (
            {
                "code": "x",
                "naam": "X",
                "soort": "afdeling",
                "ouder": None,
                "vensters": [{"dagen": ["ma"], "van": "15:00", "tot": "08:30"}],
            },
            "eindigt",
        ),
        (
            {
                "code": "x",
                "naam": "X",
                "soort": "afdeling",
                "ouder": None,
                "vensters": [{"dagen": ["maandag"], "van": "08:00", "tot": "12:00"}],
            },
            "dagen",
        ),
        ({"code": "x", "naam": "X", "soort": "afdeling", "ouder": None, "doorverbinden": "soms"}, "doorverbinden"),
    ],
)
def test_a_bad_unit_is_rejected_with_its_reason_and_nothing_changes(unit, reason):
    good = {"code": "ok", "naam": "Goed", "soort": "dienst", "ouder": None}
    report = import_units([good, unit])
    assert not report.ok
    assert [code for code, _ in report.rejected] == ["x"]
    assert reason in report.rejected[0][1]
    assert OrganisationUnit.objects.count() == 0


def test_cycles_duplicates_and_depth_are_rejected():
    report = import_units(
        [
            {"code": "a", "naam": "A", "soort": "dienst", "ouder": "b"},
            {"code": "b", "naam": "B", "soort": "dienst", "ouder": "a"},
            {"code": "c", "naam": "C", "soort": "dienst", "ouder": None},
            {"code": "c", "naam": "C2", "soort": "dienst", "ouder": None},
        ]
    )
    reasons = dict(report.rejected)
    assert "eigen ouder" in reasons["a"] and "eigen ouder" in reasons["b"]
    assert "meer dan eens" in reasons["c"]
    deep = [
        {"code": f"n{i}", "naam": f"N{i}", "soort": "afdeling", "ouder": f"n{i - 1}" if i else None} for i in range(5)
    ]
    assert "dieper" in dict(import_units(deep).rejected)["n4"]
    assert OrganisationUnit.objects.count() == 0


def test_reimport_replaces_windows():
    unit = {
        "code": "a",
        "naam": "A",
        "soort": "dienst",
        "ouder": None,
        "vensters": [{"dagen": ["ma", "di"], "van": "08:30", "tot": "15:00"}],
    }
    import_units([unit])
    unit["vensters"] = [{"dagen": ["vr"], "van": "09:00", "tot": "12:00"}]
    import_units([unit])
    assert list(ReachabilityWindow.objects.values_list("weekday", flat=True)) == [4]


def test_cli_reports_and_exits_non_zero_on_rejection(tmp_path: Path, capsys):
    good = tmp_path / "ok.json"
    good.write_text(json.dumps([{"code": "a", "naam": "A", "soort": "dienst", "ouder": None}]))
    call_command("organisatie", "import", str(good), "--format", "json")
    assert json.loads(capsys.readouterr().out)["toegevoegd"] == 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"code": "b", "naam": "B", "soort": "dienst", "ouder": "zz"}]))
    with pytest.raises(CommandError, match="niets gewijzigd"):
        call_command("organisatie", "import", str(bad))
    assert json.loads(capsys.readouterr().out)["afgewezen"][0]["eenheid"] == "b"
    broken = tmp_path / "broken.json"
    broken.write_text("{niet: json")
    with pytest.raises(CommandError, match="geen geldige JSON"):
        call_command("organisatie", "import", str(broken))
    with pytest.raises(ImportFormatError, match="JSON-lijst"):
        import_units({"code": "a"})
    assert OrganisationUnit.objects.count() == 1
