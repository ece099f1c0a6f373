"""CSV of one table and the annual report as PDF (fpdf2: pure Python).

The PDF is set in the bundled DejaVu Sans (any name prints as written, ≥ and ≤ included); its
charts are drawn with the PDF's own text and measured widths, and every table column is at least
as wide as its longest word, so no text overlaps and no word is broken.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from django.conf import settings

from kcc.core.pdf import use_unicode_font
from kcc.rapportage.models import CouncilNote
from kcc.rapportage.norms import format_number
from kcc.rapportage.selectors import norm_overview
from kcc.rapportage.tables import Chart, Report

CELL_PADDING = 1.2  # mm, each side
SMALLEST_TABLE_FONT = 5.5
NUMBER = re.compile(r"^[—\-]?$|^[≥≤]?\s?-?[\d.,]+\s?%?$")


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


def annual_pdf(year: int, reports: list[Report], notes: dict[str, str] | None = None) -> bytes:
    """The annual report for the council: the norms overview, then one page per table, each section
    with its explanation for the council (``notes``: section key → text) when there is one."""
    from fpdf import FPDF

    notes = notes or {}
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    font = use_unicode_font(pdf)
    pdf.set_title(f"Jaarverslag Klant Contact Centrum {year}")
    pdf.set_author(settings.KCC_MUNICIPALITY_NAME)
    pdf.set_lang("nl")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(font, "B", 18)
    pdf.multi_cell(0, 10, f"Jaarverslag Klant Contact Centrum {year}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", 11)
    pdf.multi_cell(0, 6, f"{settings.KCC_MUNICIPALITY_NAME}, aan de gemeenteraad", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"Periode 1 januari t/m 31 december {year}. Opgesteld op {date.today():%d-%m-%Y}.",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(4)
    _heading(pdf, font, "Servicenormen en gemeten waarden", 13)
    _note(pdf, font, notes.get(CouncilNote.OVERVIEW, ""))
    _table(pdf, font, ["Onderdeel", "Kengetal", "Norm", "Gemeten", "Beoordeling"],
           [[title, figure.label, figure.norm_text, figure.value_text, figure.light_label]
            for title, figure in norm_overview(reports)])  # fmt: skip
    for report in reports:
        pdf.add_page()
        _heading(pdf, font, report.title, 14)
        _note(pdf, font, notes.get(report.key, ""))
        if report.figures:
            _table(pdf, font, ["Kengetal", "Norm", "Gemeten", "Beoordeling"],
                   [[f.label, f.norm_text, f.value_text, f.light_label] for f in report.figures])  # fmt: skip
        for chart in report.charts:
            _chart(pdf, font, chart)
        for grid in report.grids:
            pdf.ln(2)
            _heading(pdf, font, grid.title, 10.5)
            rows = [[cell.text for cell in row] for row in grid.rows]
            if grid.footer:
                rows.append([cell.text for cell in grid.footer])
            _table(pdf, font, grid.header, rows)
    return bytes(pdf.output())


def _heading(pdf, font: str, text: str, size: float) -> None:
    if pdf.will_page_break(size * 1.6):
        pdf.add_page()
    pdf.set_font(font, "B", size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _note(pdf, font: str, text: str) -> None:
    if not text:
        return
    pdf.set_font(font, "", 10)
    pdf.set_fill_color(238, 242, 247)
    pdf.multi_cell(0, 5, text, fill=True, padding=2, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _column_widths(pdf, font: str, size: float, header: list[str], rows: list[list[str]]) -> list[float] | None:
    """Widths at font ``size``: each column at least its longest word (headings in bold), the rest
    shared out by how much more each column's longest text needs; None when the words do not fit."""

    def measure(texts: list[str], style: str) -> tuple[float, float]:
        pdf.set_font(font, style, size)
        longest_word = max(pdf.get_string_width(word) for text in texts for word in (text.split() or [""]))
        return longest_word, max(pdf.get_string_width(text) for text in texts)

    least, wanted = [], []
    for i, heading in enumerate(header):
        head_word, head_text = measure([heading], "B")
        body_word, body_text = measure([row[i] for row in rows], "")
        least.append(max(head_word, body_word) + 2 * CELL_PADDING + 0.6)
        wanted.append(max(head_text, body_text) + 2 * CELL_PADDING + 0.6)
    total = pdf.epw
    if sum(least) > total:
        return None
    if sum(wanted) <= total:
        return [width + (total - sum(wanted)) * width / sum(wanted) for width in wanted]
    room, extra = total - sum(least), [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + room * e / sum(extra) for m, e in zip(least, extra, strict=True)]


def _fitting_widths(pdf, font: str, header: list[str], rows: list[list[str]]) -> tuple[float, list[float] | None]:
    """The largest font size (and column widths) at which no word needs breaking."""
    size = 8.5 if len(header) <= 6 else 7
    while (widths := _column_widths(pdf, font, size, header, rows)) is None and size > SMALLEST_TABLE_FONT:
        size -= 0.5
    return size, widths


def _table(pdf, font: str, header: list[str], rows: list[list[str]]) -> None:
    from fpdf.fonts import FontFace

    if not rows:
        pdf.set_font(font, "", 9)
        pdf.cell(0, 6, "Geen gegevens.", new_x="LMARGIN", new_y="NEXT")
        return
    # A short row (a total without the last cells) is filled out, so every column lines up.
    rows = [[str(value) for value in row] + [""] * (len(header) - len(row)) for row in rows]
    size, widths = _fitting_widths(pdf, font, header, rows)
    if widths is None and pdf.cur_orientation == "P":
        pdf.add_page(orientation="L")  # too many columns for portrait: this table gets a landscape page
        size, widths = _fitting_widths(pdf, font, header, rows)
    pdf.set_font(font, "", size)
    numeric = [all(NUMBER.match(row[i].strip()) for row in rows) for i in range(len(header))]
    align = tuple("RIGHT" if number and i else "LEFT" for i, number in enumerate(numeric))
    headings = FontFace(emphasis="BOLD", fill_color=(229, 236, 244))
    with pdf.table(col_widths=widths or None, text_align=align, line_height=size * 0.5, padding=CELL_PADDING,
                   width=pdf.epw, headings_style=headings) as table:  # fmt: skip
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)


def _chart(pdf, font: str, chart: Chart) -> None:
    """Horizontal (stacked) bars drawn with the PDF's own text: labels measured, never overlapping."""
    row_h, gap = 5.0, 1.5
    rows = list(zip(chart.categories, *[series.values for series in chart.series], strict=True))
    totals = [sum(values) if chart.stacked else max(values, default=0) for _, *values in rows]
    shown = rows if any(totals) else []
    needed = 8 + len(shown) * (row_h + gap) + 10
    if pdf.will_page_break(min(needed, 60)):
        pdf.add_page()
    pdf.ln(2)
    _heading(pdf, font, chart.title, 10)
    pdf.set_font(font, "", 8)
    if not shown:
        pdf.cell(0, 6, "Geen gegevens in deze periode.", new_x="LMARGIN", new_y="NEXT")
        return
    label_w = min(max(pdf.get_string_width(label) for label, *_ in shown) + 2, pdf.epw * 0.4)
    value_w = max(pdf.get_string_width(format_number(total)) for total in totals) + 3
    plot_w = pdf.epw - label_w - value_w
    peak = max(totals) or 1
    for (label, *values), total in zip(shown, totals, strict=True):
        if pdf.will_page_break(row_h + gap):
            pdf.add_page()
        y, x = pdf.get_y(), pdf.l_margin
        pdf.set_xy(x, y)
        pdf.cell(label_w - 2, row_h, _fit(pdf, label, label_w - 2), align="R")
        bar_x = x + label_w
        for series, value in zip(chart.series, values, strict=True):
            width = plot_w * value / peak
            if width > 0:
                pdf.set_fill_color(*_rgb(series.color))
                pdf.rect(bar_x if chart.stacked else x + label_w, y + 0.5, width, row_h - 1, style="F")
                if chart.stacked:
                    bar_x += width
        end = bar_x if chart.stacked else x + label_w + plot_w * total / peak
        pdf.set_xy(end + 1, y)
        pdf.cell(value_w, row_h, format_number(total))
        pdf.set_y(y + row_h + gap)
    if len(chart.series) > 1:
        _legend(pdf, chart)
    pdf.ln(2)


def _legend(pdf, chart: Chart) -> None:
    x, y = pdf.l_margin, pdf.get_y() + 1
    for series in chart.series:
        width = 4 + pdf.get_string_width(series.name) + 6
        if x + width > pdf.l_margin + pdf.epw:
            x, y = pdf.l_margin, y + 5
        pdf.set_fill_color(*_rgb(series.color))
        pdf.rect(x, y + 0.8, 3, 3, style="F")
        pdf.set_xy(x + 4, y)
        pdf.cell(width - 4, 4.6, series.name)
        x += width
    pdf.set_y(y + 6)


def _fit(pdf, text: str, width: float) -> str:
    """``text`` shortened with an ellipsis until it fits ``width`` at the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
