"""The PII scrubber on the kinds of text KCC stores: notes, mails, search terms."""

from __future__ import annotations

import pytest

from kcc.privacy.pii import Kind, detect, scrub


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(span.kind, span.text) for span in detect(text)]


def test_a_note_with_every_kind_is_scrubbed():
    note = (
        "Mevrouw Jansen belde over de container op de Dorpsstraat 12 in Zwolle, "
        "tel 06-12345678, mail j.jansen@example.nl, bsn 111222333."
    )
    assert scrub(note) == (
        "[NAAM] belde over de container op de [ADRES] in Zwolle, tel [TELEFOON], mail [E-MAIL], bsn [BSN]."
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bel terug op (038) 498 12 34", (Kind.PHONE, "(038) 498 12 34")),
        ("nummer +31 6 1234 5678 graag", (Kind.PHONE, "+31 6 1234 5678")),
        ("06 12 34 56 78", (Kind.PHONE, "06 12 34 56 78")),
        ("0031384981234.", (Kind.PHONE, "0031384981234")),
        ("bsn 1112.22.333 van de beller", (Kind.BSN, "1112.22.333")),
        ("postcode 8011AB 5a", (Kind.ADDRESS, "8011AB 5a")),
        ("woont op kerkstraat 12 zwolle", (Kind.ADDRESS, "kerkstraat 12")),
        ("Van Welderenstraat 3 B", (Kind.ADDRESS, "Van Welderenstraat 3 B")),
        ("mail naar piet.de.vries+kcc@gemeente.example.nl svp", (Kind.EMAIL, "piet.de.vries+kcc@gemeente.example.nl")),
    ],
)
def test_own_checks_find_lower_case_and_typed_formats(text, expected):
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "paspoort kwijt",
        "hondenbelasting betalen",
        "in 2024 en 2025 afvalkalender",
        "bel 14 038 of toestel 1234",
        "zaaknummer 123456789",  # nine digits that fail the 11-proef
        "afspraak op 12-03-2026 om 10:30",
        "parkeervergunning Zwolle",
        "",
    ],
)
def test_text_without_personal_data_is_left_alone(text):
    assert detect(text) == []
    assert scrub(text) == text


def test_two_numbers_typed_next_to_each_other_are_two_findings():
    assert kinds("06 12345678 111222333") == [(Kind.PHONE, "06 12345678"), (Kind.BSN, "111222333")]


def test_names_come_from_deduce_with_titles_and_initials():
    assert kinds("Dhr. P. de Vries wil teruggebeld worden") == [(Kind.NAME, "Dhr. P. de Vries")]
    assert scrub("Melding van Karin Bakker: lamp kapot") == "Melding van [NAAM]: lamp kapot"


def test_overlapping_findings_keep_the_longest():
    # Deduce reads "8011 AB Zwolle" as one location, our postcode check "8011 AB": one finding stays.
    assert kinds("Kerkstraat 5, 8011 AB Zwolle") == [(Kind.ADDRESS, "Kerkstraat 5"), (Kind.ADDRESS, "8011 AB Zwolle")]
