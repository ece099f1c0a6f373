"""Letters as PDF: content, the address in the envelope window, the e-mail attachment, access."""

import io
from datetime import UTC, datetime

import pytest
from django.db import transaction
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from kcc.core.models import OutboxMessage
from kcc.core.pdf import printable
from kcc.klachten import letter_pdf, services
from kcc.klachten.models import Complaint, ComplaintSettings, Letter

pytestmark = pytest.mark.django_db

MM_PER_POINT = 25.4 / 72
A4_HEIGHT = 297.0
# The part of an A4 folded in three that is always behind the window of an EA5/6 envelope.
WINDOW_LEFT, WINDOW_RIGHT, WINDOW_TOP, WINDOW_BOTTOM = 20.0, 110.0, 55.0, 84.0


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _runs(data: bytes) -> list[tuple[str, float, float, float]]:
    """(text, x from the left, baseline from the top, font size) in mm of each text run on page 1."""
    runs = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            scale = tm[3] * cm[3]
            x = (cm[0] * tm[4] + cm[4]) * MM_PER_POINT
            y = A4_HEIGHT - (cm[3] * tm[5] + cm[5]) * MM_PER_POINT
            runs.append((text.strip(), x, y, size * scale * MM_PER_POINT))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_the_pdf_holds_number_salutation_body_and_signature(make_complaint, clock):
    complaint = make_complaint()
    letter = complaint.letters.get(kind=Letter.Kind.ACKNOWLEDGEMENT)
    text = _text(letter_pdf.render(letter))
    assert "KL-2025-00001" in text
    assert "Geachte J. de Boer," in text
    assert "Op 10 maart 2025 hebben wij uw klacht ontvangen." in text
    assert "Uw klachtnummer is KL-2025-00001." in text
    assert "De medewerker aan de balie was onbeschoft" in text
    assert "Ontvangstbevestiging van uw klacht" in text and "Ons kenmerk" in text
    assert "Met vriendelijke groet," in text and "De klachtencoördinator" in text
    assert "Gemeente Demodam" in text and "klacht indienen" in text  # letterhead, procedure footer


def test_the_letterhead_comes_from_the_complaint_settings(make_complaint, clock):
    ComplaintSettings.objects.create(letterhead="Postbus 12, 1234 AA Demodam · telefoon 14 0123")
    letter = make_complaint().letters.get()
    assert "Postbus 12, 1234 AA Demodam · telefoon 14 0123" in _text(letter_pdf.render(letter))


def test_the_address_and_nothing_else_sits_in_the_envelope_window(make_complaint, clock):
    letter = make_complaint().letters.get()
    runs = _runs(letter_pdf.render(letter))
    in_window = [run for run in runs if WINDOW_TOP <= run[2] <= WINDOW_BOTTOM + 5]
    assert [run[0] for run in in_window] == ["J. de Boer", "Kerkstraat 4", "1234 AB  Demodam"]
    for _, x, baseline, size in in_window:
        assert x >= WINDOW_LEFT and x + 60 <= WINDOW_RIGHT
        assert baseline - size * 0.75 >= WINDOW_TOP and baseline <= WINDOW_BOTTOM
    reference = next(run for run in runs if run[0] == "KL-2025-00001")
    assert reference[2] > WINDOW_BOTTOM + 5  # date and reference below the window


def test_a_letter_to_the_person_complained_about_is_addressed_by_name(make_complaint, accused, clock):
    complaint = make_complaint()
    services.set_person_complained_about(complaint, accused)
    letter = services.send_copy_to_person_complained_about(complaint)
    runs = _runs(letter_pdf.render(letter))
    assert [run[0] for run in runs if WINDOW_TOP <= run[2] <= WINDOW_BOTTOM + 5] == [str(accused)]
    assert "Kopie van een klacht over uw handelen" in _text(letter_pdf.render(letter))


def test_typographic_characters_survive_and_others_are_transliterated():
    assert printable("‘a’ “b” € ë – … Ÿ ≥ 80%") == "‘a’ “b” € ë – … Ÿ >= 80%"
    assert printable("Łódź Gdańsk Đurić Ōsaka") == "Lódz Gdansk Duric Osaka"
    assert printable("漢字 😀\u200b\u00ad\ttab\r\nnieuw\u00a0regel") == "?? ?    tab\nnieuw regel"


# --- Long and non-Latin-1 names and addresses ---------------------------------------------------

_alphabet = st.sampled_from([*"abcXYZ 0123-.,'‘’“”€ëłŁőçß漢😀\u00a0\u200b\n\t", "é", "Ñ", "ш", "Ω"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(_alphabet, min_size=0, max_size=200),
    address=st.text(_alphabet, min_size=0, max_size=200),
    postcode=st.text(_alphabet, max_size=10),
    city=st.text(_alphabet, max_size=100),
    body=st.text(max_size=3000),
)
def test_any_name_and_address_wraps_inside_the_window_and_never_raises(db, name, address, postcode, city, body):
    complaint = Complaint(
        number="KL-2025-00042", complainant_name=name, complainant_address=address,
        complainant_postcode=postcode, complainant_city=city,
    )  # fmt: skip
    letter = Letter(
        complaint=complaint, kind=Letter.Kind.OUTCOME, recipient=Letter.Recipient.COMPLAINANT,
        recipient_name=name, subject="Ons oordeel over de klacht “€”", body=body,
        created_at=datetime(2025, 3, 10, 9, tzinfo=UTC),
    )  # fmt: skip
    data = letter_pdf.render(letter)
    assert "KL-2025-00042" in _text(data)

    pdf = FPDF(unit="mm", format="A4")
    pdf.core_fonts_encoding = letter_pdf.ENCODING
    pdf.add_page()
    size, height, lines = letter_pdf.fit_address(pdf, letter_pdf.address_lines(letter))
    box = letter_pdf.ADDRESS_BOX
    assert len(lines) * height <= box.height
    pdf.set_font(letter_pdf.FONT, "", size)
    assert all(pdf.get_string_width(line) <= box.width + 0.01 for line in lines)
    for _, x, baseline, size in _runs(data):  # between letterhead and reference: only the window
        if 30 < baseline < letter_pdf.REFERENCE_Y:
            assert x >= WINDOW_LEFT and baseline - size * 0.75 >= WINDOW_TOP and baseline <= WINDOW_BOTTOM


def test_an_address_too_long_even_in_small_print_is_cut_off_inside_the_window():
    pdf = FPDF(unit="mm", format="A4")
    pdf.core_fonts_encoding = letter_pdf.ENCODING
    pdf.add_page()
    box = letter_pdf.ADDRESS_BOX
    size, height, lines = letter_pdf.fit_address(pdf, ["W" * 200, "Wé " * 66, "1234 AB  " + "W" * 100])
    assert size == letter_pdf.ADDRESS_SIZES[-1] and lines[-1].endswith("…")
    assert len(lines) * height <= box.height
    assert all(pdf.get_string_width(line) <= box.width + 0.01 for line in lines)
    assert letter_pdf.fit_address(pdf, ["J. de Boer", "Kerkstraat 4"])[:1] == (letter_pdf.ADDRESS_SIZES[0],)


# --- E-mail ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_emailed_letter_reaches_the_smtp_peer_with_its_pdf_and_the_text_body(make_complaint, smtp_settings):
    complaint = make_complaint()
    letter = complaint.letters.get()
    assert len(smtp_settings.messages) == 1
    received = smtp_settings.messages[0]
    assert received["To"] == "j.deboer@example.nl" and received["X-KCC-Klacht"] == complaint.number
    body = next(part for part in received.walk() if part.get_content_type() == "text/plain")
    assert "Uw klachtnummer is KL-2025-00001." in body.get_payload(decode=True).decode()
    attachments = [part for part in received.walk() if part.get_filename()]
    assert [part.get_filename() for part in attachments] == ["KL-2025-00001-ontvangstbevestiging-klager.pdf"]
    assert attachments[0].get_content_type() == "application/pdf"
    data = attachments[0].get_payload(decode=True)
    assert "Geachte J. de Boer," in _text(data) and letter.subject in _text(data)


@pytest.mark.django_db(transaction=True)
def test_a_failed_step_leaves_neither_letter_nor_pdf_in_the_outbox(make_complaint, smtp_settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_complaint()
        assert OutboxMessage.objects.get().attachments[0]["mimetype"] == "application/pdf"
        raise RuntimeError("the step failed after the letter")
    assert not Letter.objects.exists() and not OutboxMessage.objects.exists()
    assert smtp_settings.messages == []


# --- Download and access ----------------------------------------------------------------------------


def test_the_file_and_the_letter_page_offer_the_pdf_download(client, make_complaint, coordinator):
    complaint = make_complaint()
    letter = complaint.letters.get()
    url = f"/klachten/{complaint.pk}/brief/{letter.pk}/pdf/"
    client.force_login(coordinator)
    assert f'href="{url}"' in client.get(f"/klachten/{complaint.pk}/").content.decode()
    assert f'href="{url}"' in client.get(f"/klachten/{complaint.pk}/brief/{letter.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="KL-2025-00001-ontvangstbevestiging-klager.pdf"'
    assert "Geachte J. de Boer," in _text(response.content)


def test_the_pdf_is_denied_like_the_letter_itself(client, make_complaint, coordinator, handler, agent):
    mine, other = make_complaint(), make_complaint()
    services.assign_handler(mine, handler)
    mine_url = f"/klachten/{mine.pk}/brief/{mine.letters.get().pk}/pdf/"
    other_url = f"/klachten/{other.pk}/brief/{other.letters.get().pk}/pdf/"
    assert client.get(mine_url).status_code == 302  # log-in first
    client.force_login(agent)
    assert client.get(mine_url).status_code == 404
    client.force_login(handler)
    assert client.get(mine_url).status_code == 200
    assert client.get(other_url).status_code == 404


def test_a_bad_letter_id_is_404(client, make_complaint, coordinator):
    complaint, other = make_complaint(), make_complaint()
    client.force_login(coordinator)
    other_letter = other.letters.get()
    assert client.get(f"/klachten/{complaint.pk}/brief/{other_letter.pk}/pdf/").status_code == 404
    assert client.get(f"/klachten/{complaint.pk}/brief/{other_letter.pk + 100}/pdf/").status_code == 404
    assert client.get(f"/klachten/{complaint.pk}/brief/99999999999999999999999/pdf/").status_code == 404
    assert client.post(f"/klachten/{complaint.pk}/brief/{complaint.letters.get().pk}/pdf/").status_code == 405
