"""Text for PDFs made with fpdf2's core fonts (Helvetica), which pip installs without any system
font: they have no Unicode. Text is written in Windows-1252, which holds the Dutch typographic
characters (‘ ’ “ ” € – … and every accent of Latin-1); other characters are transliterated
(ł → l, ő → o, ≥ → >=) or, when nothing fits, replaced by ``?``. Set ``pdf.core_fonts_encoding =
ENCODING`` on the document and pass every text through :func:`printable`; it never raises.

Documents that must print any name as written (the annual report) use the bundled Unicode font
instead: :func:`use_unicode_font` (DejaVu Sans, licence in ``data/fonts/``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

ENCODING = "windows-1252"

# Letters that Unicode does not decompose into a Latin letter plus accent, and dashes outside 1252.
_TRANSLITERATION = str.maketrans(
    {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ŀ": "l", "Ŀ": "L", "ŧ": "t",
     "Ŧ": "T", "ĸ": "k", "ŋ": "n", "Ŋ": "N", "‐": "-", "‑": "-", "‒": "-", "−": "-", "\t": "    ",
     "≥": ">=", "≤": "<="}
)  # fmt: skip


# What Windows-1252 has beyond Latin-1, for text that must be Latin-1 (fpdf2 draws the text of an
# SVG image in Latin-1 whatever the document's encoding).
_TO_LATIN1 = str.maketrans({"‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                            "€": "EUR", "•": "-"})  # fmt: skip


def printable(text: str, encoding: str = ENCODING) -> str:
    """``text`` with only characters the core font can show (Windows-1252, or ``encoding``
    "latin-1"), line breaks kept."""
    text = text.translate(_TRANSLITERATION).replace("\r\n", "\n")
    if encoding == "latin-1":
        text = text.translate(_TO_LATIN1)
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char == "\n" or (char.isprintable() and _encodable(char, encoding)):
            out.append(char)
        elif unicodedata.category(char) == "Zs":  # no-break, thin and other spaces
            out.append(" ")
        elif char.isprintable():
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base and all(c.isprintable() and _encodable(c, encoding) for c in base) else "?")
        # control and format characters (zero-width space, soft hyphen, bidi marks) are dropped
    return "".join(out)


def _encodable(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


FONT_DIR = Path(__file__).parent / "data" / "fonts"
UNICODE_FONT = "DejaVu"


def use_unicode_font(pdf) -> str:
    """Register the bundled DejaVu Sans (regular and bold; Latin, Greek, Cyrillic, ≥ ≤ and more) on
    an fpdf2 document and return its family name: text then needs no :func:`printable`."""
    pdf.add_font(UNICODE_FONT, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(UNICODE_FONT, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    return UNICODE_FONT
