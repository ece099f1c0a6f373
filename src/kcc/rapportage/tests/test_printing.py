"""Reports worth printing: the council PDF checked page by page (no raw codes, no broken words, any
name printed as written, ≥ and ≤), Dutch labels on every table, explanations for the council."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from kcc.core.models import AuditEntry, OrganisationUnit
from kcc.rapportage import charts, exports, selectors, services, tables
from kcc.rapportage.models import CouncilNote
from kcc.rapportage.tables import Chart, Series
from kcc.rapportage.tests.conftest import attempt, q

pytestmark = pytest.mark.django_db
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
UNICODE_UNIT = "Wijkteam Łódź-Ærø Çağrı Ōsaka"
NOTE = "Dank aan Żaneta Øvergård en Đorđe Šimić: de wachttijd daalde ≤ 30 s."


@pytest.fixture
def year_of_contacts(tree, add_contact):
    OrganisationUnit.objects.create(code="uni", name=UNICODE_UNIT, kind="dienst")
    start = "2026-03-10T10:00:00+01:00"
    add_contact(start, [q("algemene_vraag", "zelf_beantwoord", "belastingen")])
    add_contact(start, [q("algemene_vraag", "doorverbonden", "uni",
                          [attempt("eenheid", "uni", "niet_bereikt", "geen_gehoor"),
                           attempt("eenheid", "uni", "bereikt")])])  # fmt: skip
    add_contact(start, [q("algemene_vraag", "terugbelverzoek", "belastingen",
                          [attempt("eenheid", "invordering", "niet_bereikt", "in_gesprek")],
                          terugbelverzoek={"reden": "eenheid_niet_bereikbaar", "telefoon": "0612345678"})])  # fmt: skip
    return 2026


def _vocabulary(year: int, reports: list, notes: dict[str, str]) -> set[str]:
    """Every word the report was given to print: a word in the PDF outside it was broken or invented."""
    texts = [f"Jaarverslag Klant Contact Centrum {year}", "Gemeente Demodam, aan de gemeenteraad",
             f"Periode 1 januari t/m 31 december {year}. Opgesteld op {date.today():%d-%m-%Y}.",
             "Servicenormen en gemeten waarden Onderdeel Kengetal Norm Gemeten Beoordeling",
             "Geen gegevens. Geen gegevens in deze periode.", *notes.values()]  # fmt: skip
    for title, figure in selectors.norm_overview(reports):
        texts += [title, figure.label, figure.norm_text, figure.value_text, figure.light_label]
    for report in reports:
        texts.append(str(report.title))
        texts += [part for f in report.figures for part in (f.label, f.norm_text, f.value_text, f.light_label)]
        for chart in report.charts:
            texts += [chart.title, *chart.categories, *(series.name for series in chart.series)]
            per_category = list(zip(*(series.values for series in chart.series), strict=True))
            texts += [charts.format_number(total(values)) for values in per_category for total in (sum, max)]
        for grid in report.grids:
            texts += [grid.title, *grid.header]
            texts += [cell.text for row in [*grid.rows, grid.footer or []] for cell in row]
    return {word for text in texts for word in text.split()}


def test_the_council_pdf_prints_every_page_in_dutch_without_broken_words(year_of_contacts, teamleader):
    services.save_council_note(actor=teamleader, year=2026, section=CouncilNote.OVERVIEW, text=NOTE)
    reports, notes = selectors.annual_reports(2026), selectors.council_notes(2026)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(exports.annual_pdf(2026, reports, notes))).pages]
    vocabulary = _vocabulary(2026, reports, notes)
    assert len(pages) >= len(reports) + 1
    for number, text in enumerate(pages, 1):
        assert not RAW_CODE.findall(text), f"page {number}: raw codes {RAW_CODE.findall(text)}"
        assert ">=" not in text and "<=" not in text, f"page {number}"
        strangers = [
            word
            for word in text.split()
            if word not in vocabulary
            and not (word.endswith("…") and any(known.startswith(word[:-1]) for known in vocabulary))
        ]
        assert not strangers, f"page {number}: broken or unknown words {strangers[:10]}"
    everything = "\n".join(pages)
    assert NOTE in " ".join(everything.split()) and "≥ 80%" in everything
    assert "Łódź-Ærø Çağrı Ōsaka" in everything  # the unit's name as written
    assert "Terugbel-/mailverzoek" in everything


def test_no_table_shows_a_raw_code(year_of_contacts, client, teamleader):
    context = selectors.build_context("2026-01-01", "2026-12-31", "", "dienst")
    for definition in tables.all_tables():
        report = definition.compute(context)
        cells = [cell.text for grid in report.grids for row in [*grid.rows, grid.footer or []] for cell in row]
        words = [*cells, *(c for chart in report.charts for c in chart.categories)]
        assert not [w for w in words if RAW_CODE.search(str(w))], definition.key
    client.force_login(teamleader)
    html = client.get("/rapportage/", {"van": "2026-01-01", "tot": "2026-12-31"}).content.decode()
    assert not RAW_CODE.search(re.sub(r"<[^>]+>", " ", html.split('<main id="main"', 1)[1]))


def test_a_chart_without_data_shows_only_its_message():
    empty = Chart(
        "x",
        "Meldingen per categorie",
        ["Verlichting en verkeerslichten", "Riolering"],
        [Series("binnen termijn", "#2e7d32", [0, 0]), Series("buiten termijn", "#c62828", [0, 0])],
    )
    svg = charts.render(empty)
    assert "Geen gegevens in deze periode." in svg and "Verlichting" not in svg and "binnen termijn" not in svg


def test_the_teamleader_writes_an_explanation_and_bad_input_changes_nothing(client, teamleader, agent):
    client.force_login(teamleader)
    page = client.get("/rapportage/jaarverslag/").content.decode()
    assert f"Jaarverslag Klant Contact Centrum {date.today().year}" in page  # this year by default
    response = client.post(
        "/rapportage/jaarverslag/toelichting/",
        {"jaar": "2026", "onderdeel": "eerstelijn", "tekst": "Meer vragen door de WOZ-week."},
    )
    assert response.status_code == 302 and response.url.endswith("?jaar=2026#t-eerstelijn")
    assert selectors.council_notes(2026) == {"eerstelijn": "Meer vragen door de WOZ-week."}
    assert AuditEntry.objects.filter(action="toelichting_raad_gewijzigd").count() == 1
    annual = client.get("/rapportage/jaarverslag/", {"jaar": "2026"}).content.decode()
    assert "Meer vragen door de WOZ-week." in annual
    for bad in (
        {"jaar": "2026", "onderdeel": "bestaat_niet", "tekst": "x"},
        {"jaar": "2026", "onderdeel": "eerstelijn", "tekst": "x" * 2001},
        {"jaar": "twintig", "onderdeel": "eerstelijn", "tekst": "x"},
    ):
        followed = client.post("/rapportage/jaarverslag/toelichting/", bad, follow=True).content.decode()
        assert "Onbekend onderdeel" in followed or "hooguit 2000" in followed or "tussen 2000 en 2100" in followed
    assert selectors.council_notes(2026) == {"eerstelijn": "Meer vragen door de WOZ-week."}
    client.force_login(agent)
    assert client.post("/rapportage/jaarverslag/toelichting/", {"jaar": "2026", "onderdeel": "eerstelijn",
                                                               "tekst": "x"}).status_code == 403  # fmt: skip
