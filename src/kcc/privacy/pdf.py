"""The inzage as a readable PDF for the citizen: per register each record as label and value."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from kcc.core.pdf import ENCODING, printable

REGISTER_TITLES = {
    "klanten": "Uw gegevens als klant",
    "contactmomenten": "Contacten met de gemeente",
    "terugbelverzoeken": "Terugbelverzoeken",
    "gesprekken": "Telefoongesprekken",
    "meldingen": "Meldingen openbare ruimte",
    "klachten": "Klachten",
    "mail": "E-mail",
    "afspraken": "Afspraken",
    "zaken": "Zaken",
}


def access_pdf(answer: dict[str, Any], *, request_number: str = "") -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title("Inzage persoonsgegevens")
    pdf.set_author(printable(settings.KCC_MUNICIPALITY_NAME))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Inzage in uw persoonsgegevens", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    person = answer["persoon"]
    lines = [
        f"{settings.KCC_MUNICIPALITY_NAME}, opgesteld op {timezone.localdate():%d-%m-%Y}",
        f"Gezocht op {person['kenmerk']}: {person['waarde']}",
        "Dit zijn alle gegevens die het Klant Contact Centrum over u heeft vastgelegd (AVG artikel 15).",
    ]
    if request_number:
        lines.insert(1, f"Verzoek {request_number}")
    for line in lines:
        pdf.multi_cell(0, 6, printable(line), new_x="LMARGIN", new_y="NEXT")
    if answer.get("melding"):
        pdf.ln(3)
        pdf.multi_cell(0, 6, printable(answer["melding"]), new_x="LMARGIN", new_y="NEXT")
    for register, records in answer["registers"].items():
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        title = REGISTER_TITLES.get(register, register)
        pdf.cell(0, 8, printable(f"{title} ({len(records)})"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        if not records:
            pdf.multi_cell(0, 5, "Geen gegevens.", new_x="LMARGIN", new_y="NEXT")
        for record in records:
            _record(pdf, record)
    return bytes(pdf.output())


def _record(pdf: Any, record: dict[str, Any], indent: int = 0) -> None:
    for label, value in record.items():
        if label == "id" or value in ("", None, [], {}):
            continue
        if isinstance(value, list):
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(0, 5, printable(f"{label}:"), new_x="LMARGIN", new_y="NEXT")
            for item in value:
                _record(pdf, item, indent + 6)
            continue
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, 5, printable(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
