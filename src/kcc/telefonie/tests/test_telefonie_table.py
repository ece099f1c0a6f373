"""The rapportage table "telefonie" on the hand-made queue_log: CLI (JSON, CSV), API, the service
norm with its history and lights, dashboard and annual report."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from kcc.core.roles import Role
from kcc.rapportage import selectors, services
from kcc.rapportage.period import Period
from kcc.rapportage.tables import Context
from kcc.telefonie import queuelog
from kcc.telefonie.tests.test_queuelog import ALGEMEEN, BELASTINGEN, LOG, MARCH_10

pytestmark = pytest.mark.django_db
DAY = {"van": "2026-03-10", "tot": "2026-03-10"}


@pytest.fixture
def calls(db):
    assert queuelog.import_lines(LOG).ok


@pytest.fixture
def teamleader(make_user):
    return make_user(Role.TEAMLEADER, username="tl")


def cli(*args: str) -> str:
    out = StringIO()
    call_command("rapportage", "telefonie", "--van", DAY["van"], "--tot", DAY["tot"], *args, stdout=out)
    return out.getvalue()


def test_cli_json_and_csv_and_the_api_give_the_hand_figures(client, calls, teamleader):
    assert json.loads(cli("--json")) == {"rijen": [ALGEMEEN, BELASTINGEN]}
    rows = list(csv.reader(io.StringIO(cli("--csv"))))
    assert rows[0] == ["Telefonie", "2026-03-10", "2026-03-10", ""]
    # all lines: 3 within 30 s of 8 offered minus 1 short abandon = 42.9% against 80%
    assert ["norm", "Beantwoord binnen 30 seconden (servicelevel, alle lijnen)", "42.9", "80.0", "rood"] in rows
    assert ["algemeen", "6", "3", "2", "2", "1", "1", "40.0", "≥ 80% binnen 30 s", "norm niet gehaald", "75 s",
            "300 s"] in rows  # fmt: skip
    assert ["Totaal", "8", "4", "3", "2", "1", "2", "42.9", "≥ 80%", "norm niet gehaald", "", ""] in rows
    text = cli()
    assert "Telefonie, 10-03-2026 t/m 10-03-2026" in text and "belastingen" in text
    client.force_login(teamleader)
    body = client.get("/api/v1/rapportage/telefonie/", DAY).json()
    assert body["rijen"] == [ALGEMEEN, BELASTINGEN]
    label = "Beantwoord binnen 30 seconden (servicelevel, alle lijnen)"
    assert body["normen"] == [{"sleutel": "servicelevel", "omschrijving": label, "waarde": 42.9, "norm": 80.0,
                               "lager_is_beter": False, "licht": "rood"}]  # fmt: skip
    assert "telefonie" in [t["tabel"] for t in client.get("/api/v1/rapportage/").json()["tabellen"]]


def test_the_norm_has_history_a_scope_per_line_and_a_light(calls, admin_user):
    services.set_norm(kind="servicelevel_seconden", value="45", valid_from=date(2026, 1, 1), actor=admin_user)
    services.set_norm(kind="servicelevel_seconden", value="10", valid_from=date(2026, 4, 1))  # later: not for March
    services.set_norm(kind="servicelevel_seconden", value="20", valid_from=date(2026, 1, 1), scope="belastingen")
    services.set_norm(kind="servicelevel", value="55", valid_from=date(2026, 1, 1))
    services.set_norm(kind="servicelevel", value="60", valid_from=date(2026, 1, 1), scope="algemeen")
    report = selectors.report("telefonie", Context(MARCH_10))
    # algemeen within 45 s: 12, 45 and 30 s; belastingen within 20 s: none (30 s answered)
    assert [(row["lijn"], row["binnen_norm"], row["servicelevel"]) for row in report.data["rijen"]] == [
        ("algemeen", 3, 60.0), ("belastingen", 0, 0.0)]  # fmt: skip
    figure = report.figures[0]
    assert figure.label == "Beantwoord binnen 45 seconden (servicelevel, alle lijnen)"
    assert round(figure.value, 1) == 42.9 and figure.light == "rood"  # 3 of 7 against 55%
    lights = [cell.light for row in report.grids[0].rows for cell in row if cell.light]
    assert lights == ["groen", "rood"]  # algemeen 60% against its own 60%; belastingen 0% against 55%
    assert [row[8].value for row in report.grids[0].rows] == ["≥ 60% binnen 45 s", "≥ 55% binnen 20 s"]
    with pytest.raises(Exception, match="0 of meer"):
        services.set_norm(kind="servicelevel_seconden", value="-1", valid_from=date(2026, 1, 1))
    services.set_norm(kind="servicelevel_seconden", value="120", valid_from=date(2026, 2, 1))  # seconds, not a %


def test_dashboard_and_annual_report_include_the_table(client, calls, teamleader, tmp_path):
    client.force_login(teamleader)
    html = client.get("/rapportage/", DAY).content.decode()
    assert "Telefonie" in html and "Wachtrijen per lijn" in html and "belastingen" in html
    assert client.get("/rapportage/telefonie/", DAY).status_code == 200
    csv_response = client.get("/rapportage/telefonie/csv/", DAY)
    assert csv_response.status_code == 200 and "algemeen,6,3,2,2,1" in csv_response.content.decode()
    page = client.get("/rapportage/jaarverslag/", {"jaar": "2026"}).content.decode()
    assert "Telefonie" in page and "Beantwoord binnen 30 seconden" in page
    target = tmp_path / "jaarverslag.pdf"
    call_command("rapportage", "jaarverslag", "--jaar", "2026", "--output", str(target), stderr=StringIO())
    text = "\n".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Telefonie" in text and "Wachtrijen per lijn" in text and "belastingen" in text
    assert "Beantwoord binnen 30 seconden" in text


def test_bad_period_is_refused_by_cli_and_api(client, teamleader):
    with pytest.raises(CommandError, match="geen geldige datum"):
        call_command("rapportage", "telefonie", "--van", "2026-03-10", "--tot", "morgen", "--json")
    client.force_login(teamleader)
    response = client.get("/api/v1/rapportage/telefonie/", {"van": "2026-03-31", "tot": "2026-03-01"})
    assert response.status_code == 400 and "De einddatum ligt voor de begindatum." in response.json()["tot"][0]


def test_an_empty_period_has_no_rows_and_no_light(calls):
    report = selectors.report("telefonie", Context(Period(date(2025, 1, 1), date(2025, 1, 31))))
    assert report.data == {"rijen": []} and report.figures[0].value is None and report.figures[0].light == ""
