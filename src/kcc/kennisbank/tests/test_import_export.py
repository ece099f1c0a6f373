"""Import (own JSON lines, Rijksoverheid CSV) and export (KISS VAC schema)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from kcc.core.models import OrganisationUnit
from kcc.kennisbank.exporters import SCHEMA_FILE, kiss_vacs
from kcc.kennisbank.importers import RIJKSOVERHEID_COLUMNS, ImportFileError, import_file
from kcc.kennisbank.models import VAC, VACVersion
from kcc.kennisbank.search import search_vacs
from kcc.kennisbank.services import save_vac
from kcc.producten.models import Product

pytestmark = pytest.mark.django_db
REAL_CSV = Path("/work/shared/data/kennisbank/rijksoverheid_vacs_bzk.csv")


def rijksoverheid_row(**overrides: str) -> dict[str, str]:
    row = dict.fromkeys(RIJKSOVERHEID_COLUMNS, "")
    row.update(
        id="id-1",
        question="Hoe vraag ik een paspoort aan?",
        reference_answer="Bij de gemeente.",
        reference_answer_html="<p>Bij de <strong>gemeente</strong>.</p>",
        canonical="https://www.rijksoverheid.nl/paspoort",
        subjects="Paspoort en identiteitskaart|Reizen",
        themes="Migratie en reizen",
        language="nl-NL",
    )
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict[str, str]], columns=RIJKSOVERHEID_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_rijksoverheid_row_maps_to_a_public_active_vac(tmp_path) -> None:
    report = import_file(write_csv(tmp_path / "a.csv", [rijksoverheid_row()]), "rijksoverheid-csv")
    assert (report.added, report.rejected) == (1, [])
    vac = VAC.objects.get(external_id="id-1")
    assert vac.vraag == "Hoe vraag ik een paspoort aan?"
    assert vac.antwoord == "<p>Bij de <strong>gemeente</strong>.</p>"
    assert vac.trefwoorden == ["Paspoort en identiteitskaart", "Reizen", "Migratie en reizen"]
    assert vac.links == [{"label": "Rijksoverheid.nl", "url": "https://www.rijksoverheid.nl/paspoort"}]
    assert (vac.source, vac.status, vac.is_public) == ("rijksoverheid", VAC.Status.ACTIVE, True)
    assert [r.vac.pk for r in search_vacs("paspoort", public_only=True)] == [vac.pk]


def test_script_in_answers_is_sanitised(tmp_path) -> None:
    row = rijksoverheid_row(reference_answer_html='<p onclick="x()">Hallo<script>alert(1)</script></p>')
    import_file(write_csv(tmp_path / "a.csv", [row]), "rijksoverheid-csv")
    assert VAC.objects.get().antwoord == "<p>Hallo</p>"


def test_reimport_is_idempotent_and_updates_changed_rows(tmp_path) -> None:
    path = write_csv(
        tmp_path / "a.csv", [rijksoverheid_row(), rijksoverheid_row(id="id-2", question="Wat is een bsn?")]
    )
    assert import_file(path, "rijksoverheid-csv").added == 2
    again = import_file(path, "rijksoverheid-csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert VACVersion.objects.count() == 2
    write_csv(path, [rijksoverheid_row(question="Hoe vraag ik een nieuw paspoort aan?")])
    changed = import_file(path, "rijksoverheid-csv")
    assert (changed.updated, changed.unchanged) == (1, 0)
    assert VAC.objects.get(external_id="id-1").version == 2
    assert search_vacs("nieuw paspoort", public_only=False)[0].vac.external_id == "id-1"


def test_bad_rows_are_rejected_with_line_and_reason_and_the_rest_imported(tmp_path) -> None:
    good = rijksoverheid_row()
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=RIJKSOVERHEID_COLUMNS)
    writer.writeheader()
    writer.writerow(good)
    writer.writerow(rijksoverheid_row(id="id-2", question=""))
    broken = ',"ongesloten"x,' + "," * (len(RIJKSOVERHEID_COLUMNS) - 3)
    path = tmp_path / "a.csv"
    path.write_text(text.getvalue() + "id-3,te weinig kolommen\n" + broken + "\n", encoding="utf-8")
    report = import_file(path, "rijksoverheid-csv")
    assert report.added == 1 and not report.ok
    reasons = dict(report.rejected)
    assert "question" in reasons[3] and "leeg" in reasons[3]
    assert "kolommen" in reasons[4]
    assert "geen geldige CSV" in reasons[5]
    assert list(VAC.objects.values_list("external_id", flat=True)) == ["id-1"]


def test_row_rejected_by_validation_changes_nothing(tmp_path) -> None:
    row = rijksoverheid_row(subjects="x" * 150)
    report = import_file(write_csv(tmp_path / "a.csv", [row]), "rijksoverheid-csv")
    assert report.rejected and "trefwoord" in report.rejected[0][1]
    assert not VAC.objects.exists() and not VACVersion.objects.exists()


@pytest.mark.parametrize(
    ("content", "format_name", "message"),
    [
        ("id,question\n1,x\n", "rijksoverheid-csv", "ontbreken"),
        ("", "rijksoverheid-csv", "kopregel"),
        ("{}", "xml", "Onbekend formaat"),
    ],
)
def test_unusable_files_import_nothing(tmp_path, content, format_name, message) -> None:
    path = tmp_path / "f"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        import_file(path, format_name)
    assert not VAC.objects.exists()


def test_missing_file_and_non_utf8(tmp_path) -> None:
    with pytest.raises(ImportFileError, match="bestaat niet"):
        import_file(tmp_path / "nergens.csv", "rijksoverheid-csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,question\n1,caf\xe9\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="geen UTF-8"):
        import_file(latin, "rijksoverheid-csv")


def test_jsonl_format_with_units_related_and_rejections(tmp_path) -> None:
    unit = OrganisationUnit.objects.create(code="burgerzaken", name="Burgerzaken", kind="afdeling")
    rows = [
        {
            "external_id": "a",
            "vraag": "Paspoort aanvragen",
            "antwoord": "<p>Zo</p>",
            "trefwoorden": ["pas"],
            "doelgroep": "burger",
            "is_public": True,
            "review_date": "2030-01-01",
            "links": [{"label": "Site", "url": "https://example.org"}],
            "afdelingen": ["burgerzaken"],
            "owner_unit": "burgerzaken",
        },
        {"external_id": "b", "vraag": "Paspoort kwijt", "antwoord": "<p>Melden</p>", "related": ["a"]},
        {"external_id": "c", "antwoord": "geen vraag"},
        "{niet: json}",
        {"external_id": "d", "vraag": "x", "antwoord": "y", "kleur": "rood"},
        {"external_id": "e", "vraag": "x", "antwoord": "y", "afdelingen": ["onbekend"]},
        {"external_id": "f", "vraag": "x", "antwoord": "y", "status": "weg"},
        {"external_id": "g", "vraag": "x", "antwoord": "y", "review_date": "morgen"},
    ]
    report = import_file(write_jsonl(tmp_path / "v.jsonl", rows), "jsonl")
    assert report.added == 2
    reasons = dict(report.rejected)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "vraag" in reasons[3] and "JSON" in reasons[4] and "kleur" in reasons[5]
    assert "onbekend" in reasons[6] and "status" in reasons[7] and "datum" in reasons[8]
    a = VAC.objects.get(external_id="a")
    assert (a.doelgroep, a.is_public, a.owner_unit, str(a.review_date)) == ("burger", True, unit, "2030-01-01")
    assert list(a.afdelingen.all()) == [unit]
    assert list(VAC.objects.get(external_id="b").related.all()) == [a]
    assert VAC.objects.get(external_id="b").status == VAC.Status.ACTIVE


def test_command_reports_and_exits_non_zero_on_rejections(tmp_path, capsys) -> None:
    path = write_csv(tmp_path / "a.csv", [rijksoverheid_row(), rijksoverheid_row(id="id-2", question="")])
    with pytest.raises(CommandError, match="1 regel"):
        call_command("kennisbank", "import", str(path), "--format", "rijksoverheid-csv")
    captured = capsys.readouterr()
    assert "Toegevoegd: 1, bijgewerkt: 0, ongewijzigd: 0, geweigerd: 1." in captured.out
    assert "Regel 3 geweigerd" in captured.err
    with pytest.raises(CommandError, match="Onbekend formaat"):
        call_command("kennisbank", "import", str(path), "--format", "xml")


@pytest.mark.skipif(not REAL_CSV.exists(), reason="the shared Rijksoverheid export is not present")
def test_real_rijksoverheid_export_imports_cleanly() -> None:
    report = import_file(REAL_CSV, "rijksoverheid-csv")
    assert (report.added, report.rejected) == (175, [])
    assert search_vacs("sofinummer", public_only=False)[0].vac.vraag.startswith(
        ("Wat is het burgerservicenummer", "Hoe kom")
    )


def test_export_validates_against_the_kiss_schema_with_the_catalogue_and_object_urls(tmp_path, capsys) -> None:
    unit = OrganisationUnit.objects.create(code="burgerzaken", name="Burgerzaken", kind="afdeling")
    draft = save_vac(vraag="Concept", antwoord="<p>c</p>", status=VAC.Status.DRAFT)
    other = save_vac(vraag="Andere", antwoord="<p>b</p>", status=VAC.Status.ACTIVE)
    vac = save_vac(
        vraag="Paspoort",
        antwoord="<p>a</p>",
        toelichting="intern",
        trefwoorden=["pas"],
        doelgroep="bedrijf",
        status=VAC.Status.ACTIVE,
        links=[{"label": "x", "url": "https://example.org/p"}],
        afdelingen=[unit],
        related=[other, draft],
    )
    product = Product.objects.create(
        upl_name="Paspoort", upl_uri="http://standaarden.overheid.nl/owms/terms/Paspoort", slug="paspoort"
    )
    product.vacs.add(vac)
    output = tmp_path / "kiss.json"
    objects = "https://objecten.demodam.nl/api/v2"
    call_command("kennisbank", "export", "--format", "kiss-vac", "--output", str(output), "--objects-api-url", objects)
    exported = json.loads(output.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        json.loads(SCHEMA_FILE.read_text()), format_checker=jsonschema.FormatChecker()
    )
    for item in exported:
        validator.validate(item)
    by_question = {item["vraag"]: item for item in exported}
    assert by_question["Paspoort"] == {
        "vraag": "Paspoort",
        "antwoord": "<p>a</p>",
        "status": "actief",
        "doelgroep": "eu-bedrijf",
        "toelichting": "intern",
        "trefwoorden": [{"trefwoord": "pas"}],
        "afdelingen": [{"afdelingId": "burgerzaken", "afdelingNaam": "Burgerzaken"}],
        # Only the published (active) related VAC, by its object URL; the draft has no object.
        "gerelateerdeVACs": [{"VAC": f"{objects}/objects/{other.uuid}"}],
        # The catalogue product by its UPL URI; the website link is not a product.
        "gerelateerdeProducten": [{"product": "http://standaarden.overheid.nl/owms/terms/Paspoort"}],
    }
    assert by_question["Concept"]["status"] == "non-actief"
    assert len(list(kiss_vacs())) == 3 == VAC.objects.count()

    call_command("kennisbank", "export", "--format", "kiss-vac", "--output", str(output))
    assert "gerelateerdeVACs" not in json.loads(output.read_text(encoding="utf-8"))[0]
    assert "zijn de gerelateerde VAC's weggelaten" in capsys.readouterr().err


def test_export_refuses_unknown_format() -> None:
    with pytest.raises(CommandError, match="Onbekend exportformaat"):
        call_command("kennisbank", "export", "--format", "csv")
