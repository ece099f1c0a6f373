"""Text for the PDF core fonts: always encodable, Dutch typography kept where the encoding has it."""

from hypothesis import given
from hypothesis import strategies as st

from kcc.core.pdf import ENCODING, printable


def test_windows_1252_keeps_dutch_typography_and_latin_1_spells_it_out():
    assert printable("‘Zó’ – € 5 … ≥ 80%") == "‘Zó’ – € 5 … >= 80%"
    assert printable("‘Zó’ – € 5 … ≥ 80%", encoding="latin-1") == "'Zó' - EUR 5 ... >= 80%"
    assert printable("Łódź 漢\u200b") == "Lódz ?"


@given(st.text())
def test_any_text_becomes_encodable(text):
    for encoding in (ENCODING, "latin-1"):
        printable(text, encoding=encoding).encode(encoding)
