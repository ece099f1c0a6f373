"""CSV of one table and the annual report as PDF (fpdf2: pure Python, embeds the SVG charts)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.conf import settings

from kcc.core.pdf import ENCODING, printable
from kcc.rapportage import charts
from kcc.rapportage.selectors import norm_overview
from kcc.rapportage.tables import Report


def to_csv(report: Report) -> str:
    """Each grid of the table as a block: its title, the header, the rows, the total; blank line between."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    context = report.context
    writer.writerow([report.title, context.period.start.isoformat(), context.period.end.isoformat(),
                     context.unit.code if context.unit else ""])  # fmt: skip
    for figure in report.figures:
        writer.writerow(["norm", figure.label, "" if figure.value is None else round(figure.value, 1),
                         "" if figure.norm is None else float(figure.norm), figure.light])  # fmt: skip
    for grid in report.grids:
        writer.writerow([])
        writer.writerow([grid.title])
        writer.writerow(grid.header)
        for row in grid.rows:
            writer.writerow([cell.csv for cell in row])
        if grid.footer:
            writer.writerow([cell.csv for cell in grid.footer])
    return out.getvalue()


def annual_pdf(year: int, reports: list[Report]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(printable(f"Jaarverslag KCC {year}"))
    pdf.set_author(printable(settings.KCC_MUNICIPALITY_NAME))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, printable(f"Jaarverslag Klant Contact Centrum {year}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 7, printable(f"{settings.KCC_MUNICIPALITY_NAME} - aan de gemeenteraad"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 7, f"Opgesteld op {datetime.now():%d-%m-%Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "Servicenormen en gemeten waarden", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, ["Onderdeel", "Norm", "Gemeten", "Beoordeling"],
           [[f"{title}: {figure.label}", figure.norm_text, figure.value_text, figure.light_label]
            for title, figure in norm_overview(reports)], widths=[100, 25, 25, 40])  # fmt: skip
    for report in reports:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 9, printable(report.title), new_x="LMARGIN", new_y="NEXT")
        if report.figures:
            _table(pdf, ["Kengetal", "Norm", "Gemeten", "Beoordeling"],
                   [[f.label, f.norm_text, f.value_text, f.light_label] for f in report.figures],
                   widths=[100, 25, 25, 40])  # fmt: skip
        for chart in report.charts:
            svg = printable(charts.render(chart, tooltips=False), encoding="latin-1").encode()
            pdf.ln(2)
            pdf.image(io.BytesIO(svg), w=180)
        for grid in report.grids:
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, printable(grid.title), new_x="LMARGIN", new_y="NEXT")
            rows = [[cell.text for cell in row] for row in grid.rows]
            if grid.footer:
                rows.append([cell.text for cell in grid.footer])
            _table(pdf, grid.header, rows)
    return bytes(pdf.output())


def _table(pdf, header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
    if not rows:
        pdf.set_font("Helvetica", "I", 9)
        pdf.cell(0, 6, "Geen gegevens.", new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font("Helvetica", "", 7 if len(header) > 8 else 8)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(printable(str(value)))
