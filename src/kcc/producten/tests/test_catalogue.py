from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from kcc.core.roles import Role
from kcc.kennisbank.exporters import kiss_vacs
from kcc.kennisbank.services import save_vac
from kcc.producten import services, terms
from kcc.producten.imports import ImportFileError, import_upl_csv
from kcc.producten.models import Product

UPL = Path(__file__).resolve().parents[5] / "shared" / "data" / "producten" / "UPL-actueel.csv"
HEADER = "UniformeProductnaam,URI,Rijk,Provincie,Waterschap,Gemeente,Burger,Bedrijf,Grondslaglabel,Grondslaglink\n"


def _csv(tmp_path: Path, body: str, name: str = "upl.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def paspoort(db) -> Product:
    product = Product.objects.create(
        upl_name="paspoort", upl_uri="http://standaarden.overheid.nl/owms/terms/paspoort", slug="paspoort"
    )
    return services.save_product(
        product, title="Paspoort aanvragen", term_amount=5, term_unit="werkdagen", costs="€ 84,70", synonyms=["pas"]
    )


@pytest.mark.skipif(not UPL.exists(), reason="shared UPL data not present")
def test_the_real_upl_file_loads_the_municipal_products_once(db):
    report = import_upl_csv(UPL)
    assert len(report.added) == 449  # 450 municipal URIs minus the "UPL-naam nog niet beschikbaar" placeholder
    assert [r.reason for r in report.rejected] == ["plaatshouder in de UPL, geen echt product"]
    assert report.skipped_not_municipal == 618
    rijbewijs = Product.objects.get(upl_name="rijbewijs")
    assert rijbewijs.upl_uri.endswith("/rijbewijs") and rijbewijs.for_citizens
    assert not Product.objects.filter(upl_name="aanpassing zelfgebouwd vliegtuig melding").exists()  # Rijk only
    again = import_upl_csv(UPL)
    assert (len(again.added), len(again.updated), len(again.unchanged)) == (0, 0, 449)
    assert Product.objects.count() == 449


def test_import_keeps_own_fields_groups_legal_bases_and_reports_bad_rows(tmp_path, paspoort):
    path = _csv(
        tmp_path,
        "paspoort,http://standaarden.overheid.nl/owms/terms/paspoort,X,,,X,X,,Paspoortwet art. 26,https://wetten.nl/a\n"
        "paspoort,http://standaarden.overheid.nl/owms/terms/paspoort,X,,,X,X,,Paspoortuitvoeringsregeling,\n"
        "hondenbelasting,http://standaarden.overheid.nl/owms/terms/hondenbelasting,,,,X,X,,,\n"
        ",http://example.org/x,,,,X,,,,\n"
        "kapot,geen-url,,,,X,,,,\n"
        "andere naam,http://standaarden.overheid.nl/owms/terms/hondenbelasting,,,,X,,,,\n"
        "rijksding,http://example.org/rijk,X,,,,X,,,\n",
    )
    report = import_upl_csv(path)
    assert report.added == ["hondenbelasting"] and report.updated == ["paspoort"]
    assert {(r.line, r.reason.split(" ")[0]) for r in report.rejected} == {(5, "de"), (6, "de"), (7, "dezelfde")}
    assert report.skipped_not_municipal == 1
    paspoort.refresh_from_db()
    assert paspoort.title == "Paspoort aanvragen" and paspoort.term_amount == 5  # own fields untouched
    assert [basis["label"] for basis in paspoort.legal_basis] == ["Paspoortwet art. 26", "Paspoortuitvoeringsregeling"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "geen UTF-8"),
        (b"naam,adres\nx,y\n", "kolommen ontbreken"),
        (HEADER.encode(), "geen producten"),
    ],
)
def test_a_bad_file_is_refused_as_a_whole_and_changes_nothing(tmp_path, paspoort, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        import_upl_csv(path)
    with pytest.raises(CommandError, match="Er is niets veranderd"):
        call_command("producten", "import", str(path), "--format", "upl-csv")
    assert list(Product.objects.values_list("upl_name", flat=True)) == ["paspoort"]


def test_the_command_reports_counts(tmp_path, db, capsys):
    path = _csv(tmp_path, "paspoort,http://standaarden.overheid.nl/owms/terms/paspoort,X,,,X,X,,,\n")
    call_command("producten", "import", str(path), "--format", "upl-csv")
    assert "1 toegevoegd, 0 bijgewerkt, 0 ongewijzigd, 0 afgewezen" in capsys.readouterr().out


def test_the_term_reads_the_same_everywhere(paspoort):
    product = services.save_product(paspoort, term_amount=8, term_unit="weken", extendable=True, extension_amount=6)
    assert terms.term_text(product) == (
        "Wij beslissen binnen 8 weken. Deze termijn kunnen wij één keer met 6 weken verlengen. "
        "Dat laten wij u dan weten."
    )
    product = services.save_product(product, lex_silencio=True, extendable=False)
    assert "automatisch (van rechtswege)" in terms.term_text(product)
    assert "niet worden verlengd" in terms.term_text(product) and product.extension_amount is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"term_amount": 8, "term_unit": ""}, "term_unit"),
        ({"term_amount": None, "extendable": True, "extension_amount": 2}, "extendable"),
        ({"extendable": True, "extension_amount": None}, "extension_amount"),
        ({"term_amount": None, "lex_silencio": True}, "lex_silencio"),
    ],
)
def test_an_incomplete_term_is_refused(paspoort, fields, field):
    with pytest.raises(ValidationError) as error:
        services.save_product(paspoort, **fields)
    assert field in error.value.message_dict
    paspoort.refresh_from_db()
    assert (paspoort.term_amount, paspoort.term_unit, paspoort.extendable) == (5, "werkdagen", False)


def test_a_vac_embeds_product_facts_and_follows_changes(client, paspoort, editor, agent):
    vac = save_vac(
        vraag="Hoe lang duurt een paspoort?",
        antwoord="<p>[[product:paspoort:beslistermijn]] Kosten: [[product:paspoort:kosten]]. "
        "[[product:bestaatniet:kosten]]</p>",
        status="actief",
        is_public=True,
        actor=editor,
    )
    assert "Wij beslissen binnen 5 werkdagen." in vac.antwoord_html
    assert "€ 84,70" in vac.antwoord_html and "(gegeven niet beschikbaar)" in vac.antwoord_html
    services.save_product(paspoort, term_amount=7)
    client.force_login(agent)
    body = client.get(reverse("kennisbank:public-answer", args=[vac.uuid])).content.decode()
    assert "Wij beslissen binnen 7 werkdagen." in body and "[[product:" not in body


def test_the_api_and_the_kiss_export_give_the_answer_with_the_facts_filled_in(
    client, paspoort, editor, agent, django_assert_max_num_queries
):
    for number in range(12):
        save_vac(vraag=f"Paspoort {number}?", antwoord=f"<p>{number}: [[product:paspoort:beslistermijn]]</p>",
                 status="actief", is_public=True, actor=editor)  # fmt: skip
    client.force_login(agent)
    with django_assert_max_num_queries(9):  # one product look-up for the whole page, not one per answer
        page = client.get("/api/v1/kennisbank/vacs/", {"page_size": 12}).json()
    shown = {item["antwoord"]: item["antwoord_weergave"] for item in page["results"]}
    third = shown["<p>3: [[product:paspoort:beslistermijn]]</p>"]
    assert third.startswith("<p>3: Wij beslissen binnen 5 werkdagen.") and "[[" not in third
    single = client.get(f"/api/v1/kennisbank/vacs/{page['results'][0]['id']}/").json()
    assert "Wij beslissen binnen 5 werkdagen." in single["antwoord_weergave"] and "[[" in single["antwoord"]
    exported = list(kiss_vacs(chunk=5))
    assert len(exported) == 12 and all("Wij beslissen binnen 5 werkdagen." in vac["antwoord"] for vac in exported)


def test_products_have_their_own_section_in_the_workspace_search(client, agent, paspoort):
    client.force_login(agent)
    body = client.get("/zoeken/", {"q": "pas"}).content.decode()
    assert 'id="group-producten"' in body and "Paspoort aanvragen" in body and "5 werkdagen" in body


def test_agents_read_editors_change_products(client, make_user, paspoort):
    client.force_login(make_user(Role.AGENT))
    assert client.get("/producten/paspoort/").status_code == 200
    assert client.get("/producten/paspoort/wijzigen/").status_code == 403
    assert (
        client.patch("/api/v1/producten/paspoort", {"kosten": "gratis"}, content_type="application/json").status_code
        == 403
    )
    client.force_login(make_user(Role.EDITOR))
    response = client.patch(
        "/api/v1/producten/paspoort",
        {"termijn_aantal": 8, "termijn_eenheid": "weken", "verlengbaar": True, "verlenging_aantal": 6},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["beslistermijn"].startswith("Wij beslissen binnen 8 weken. Deze termijn kunnen wij")
    bad = client.patch("/api/v1/producten/paspoort", {"verlenging_aantal": None}, content_type="application/json")
    assert bad.status_code == 400 and "extension_amount" in bad.json()
    client.logout()
    assert client.get("/api/v1/producten").status_code in (401, 403)


def test_the_api_searches_with_q_and_lists_in_a_fixed_number_of_queries(
    client, agent, paspoort, django_assert_max_num_queries
):
    for number in range(15):
        Product.objects.create(upl_name=f"product {number}", upl_uri=f"http://example.org/p{number}", slug=f"p{number}")
    client.force_login(agent)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/producten").json()["count"] == 16
    found = client.get("/api/v1/producten", {"q": "paspoort"}).json()
    assert [item["slug"] for item in found["results"]] == ["paspoort"]


def test_a_too_long_search_is_a_documented_400(client, agent):
    client.force_login(agent)
    response = client.get("/api/v1/producten", {"q": "paspoort " * 30})
    assert response.status_code == 400 and "te lang" in response.json()["q"][0]
    operation = client.get("/api/v1/schema/", {"format": "json"}).json()["paths"]["/api/v1/producten"]["get"]
    assert "400" in operation["responses"]  # schemathesis found the undocumented answer
