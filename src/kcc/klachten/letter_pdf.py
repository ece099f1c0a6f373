"""A complaint letter as an A4 PDF (fpdf2), with the address in the window of a Dutch envelope.

The PDF is built from the stored :class:`Letter` (subject and exact body text), so the download,
the printed letter and the e-mail attachment all show what was sent.

Address window: the usual Dutch window envelope is the EA5/6 (110 × 220 mm) with the window on the
left, 20 mm from the left and 15 mm from the bottom edge, 40 mm high and at least 90 mm wide. An A4
folded in three (99 mm) can slide 11 mm up or down and 10 mm sideways in it, so the part of the
letter that is always behind the window is 55–84 mm from the top and 20–110 mm from the left.
The address block is kept inside that zone (:data:`ADDRESS_BOX`), made smaller when it is long.

Text goes through :func:`kcc.core.pdf.printable` (the core font's Windows-1252; never raises).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, timezone
from fpdf import FPDF

from kcc.core.pdf import ENCODING, printable
from kcc.core.theme import contact_line
from kcc.klachten.models import ComplaintSettings, Letter

FONT = "Helvetica"
LEFT = 22.0  # mm; the address block, the reference lines and the body share this margin
RIGHT = 20.0
BOTTOM = 20.0
BODY_SIZE = 10.5
BODY_LINE = 5.2


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


ADDRESS_BOX = Box(x=LEFT, y=55.0, width=86.0, height=28.0)
ADDRESS_SIZES = (10.0, 9.0, 8.0, 7.0)  # points; tried in this order until the address fits
REFERENCE_Y = 95.0


def address_lines(letter: Letter) -> list[str]:
    """Name, street and postcode with town (two spaces between them, as PostNL asks)."""
    complaint = letter.complaint
    lines = [letter.recipient_name]
    if letter.recipient == Letter.Recipient.COMPLAINANT:
        lines += [complaint.complainant_address, f"{complaint.complainant_postcode}  {complaint.complainant_city}"]
    return [line for line in (printable(line).replace("\n", " ").strip() for line in lines) if line]


def fit_address(pdf: FPDF, lines: list[str], box: Box = ADDRESS_BOX) -> tuple[float, float, list[str]]:
    """Wrap the address into ``box``: (font size, line height, wrapped lines).

    The largest size of :data:`ADDRESS_SIZES` at which every line fits is used; an address that is
    too long even at the smallest size is cut off with "…" rather than run out of the window.
    """
    for size in ADDRESS_SIZES:
        pdf.set_font(FONT, "", size)
        height = size * 0.45
        wrapped = [
            part.encode("latin-1").decode(ENCODING)  # fpdf2 returns the lines in its byte-per-char form
            for line in lines
            for part in pdf.multi_cell(box.width, height, line, dry_run=True, output="LINES")
        ]
        if len(wrapped) * height <= box.height:
            return size, height, wrapped
    room = int(box.height // height)
    kept = wrapped[:room]
    if kept:
        last = kept[-1]
        while last and pdf.get_string_width(f"{last}…") > box.width:
            last = last[:-1]
        kept[-1] = f"{last}…"
    return size, height, kept


class _LetterPDF(FPDF):
    reference = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 4, f"Ons kenmerk {self.reference} - pagina {self.page_no()} van {{nb}}", align="R")


def render(letter: Letter) -> bytes:
    """The letter as PDF bytes."""
    complaint = letter.complaint
    config = ComplaintSettings.current()
    municipality = printable(settings.KCC_MUNICIPALITY_NAME)
    pdf = _LetterPDF(orientation="P", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.reference = printable(complaint.number)
    pdf.set_margins(LEFT, 15, RIGHT)
    pdf.c_margin = 0  # text starts exactly at the margin, so the address is where the window is
    pdf.set_auto_page_break(auto=True, margin=BOTTOM)
    pdf.set_title(printable(f"{letter.subject} ({complaint.number})"))
    pdf.set_author(municipality)
    pdf.set_creation_date(letter.created_at)
    pdf.add_page()

    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 8, municipality, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    sender = printable(config.letterhead or contact_line())
    pdf.multi_cell(0, 4, sender, new_x="LMARGIN", new_y="NEXT")

    size, height, lines = fit_address(pdf, address_lines(letter))
    pdf.set_font(FONT, "", size)
    pdf.set_xy(ADDRESS_BOX.x, ADDRESS_BOX.y)
    for line in lines:
        pdf.cell(ADDRESS_BOX.width, height, line, new_x="LMARGIN", new_y="NEXT")

    sent_on = timezone.localtime(letter.created_at)
    pdf.set_xy(LEFT, REFERENCE_Y)
    pdf.set_font(FONT, "", 9.5)
    for label, value in (
        ("Datum", formats.date_format(sent_on.date(), "j F Y")),
        ("Ons kenmerk", complaint.number),
    ):
        pdf.cell(30, 5, label)
        pdf.cell(0, 5, printable(value), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(30, 5, "Onderwerp")
    pdf.set_font(FONT, "B", 9.5)
    pdf.multi_cell(0, 5, printable(letter.subject), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(8)
    pdf.set_font(FONT, "", BODY_SIZE)
    pdf.multi_cell(0, BODY_LINE, printable(letter.body.strip()), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def filename(letter: Letter) -> str:
    return f"{letter.complaint.number}-{letter.kind}-{letter.recipient}.pdf"
