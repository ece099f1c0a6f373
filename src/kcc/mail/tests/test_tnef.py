"""winmail.dat (TNEF): unpacked into its files and body with the same limits as any attachment;
a broken one is kept as it came, with a note, and never fails the ingest."""

from __future__ import annotations

import struct
from email import message_from_bytes, policy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcc.mail import parsing, services, storage, tnef
from kcc.mail.tests.conftest import CORPUS

SAMPLES = CORPUS / "tnef"
pytestmark = pytest.mark.django_db


def sample(name: str) -> bytes:
    return (SAMPLES / f"{name}.tnef").read_bytes()


def _attribute(level: int, name: int, kind: int, data: bytes) -> bytes:
    return bytes([level]) + struct.pack("<HHI", name, kind, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def make_tnef(*files: tuple[str, bytes]) -> bytes:
    """A TNEF stream as Outlook writes it for attachments: rendering data, title, data per file."""
    stream = tnef.SIGNATURE + b"\x01\x00" + _attribute(1, 0x9006, 0x0008, b"\x00\x00\x01\x00")
    for name, data in files:
        stream += _attribute(2, 0x9002, 0x0006, b"\x00" * 14)
        stream += _attribute(2, 0x8010, 0x0001, name.encode("cp1252") + b"\x00")
        stream += _attribute(2, 0x800F, 0x0006, data)
    return stream


def outlook_mail(make_mail, winmail: bytes, *, body: str = "Zie de bijlagen.") -> bytes:
    message = message_from_bytes(make_mail(body=body), policy=policy.default)
    message.add_attachment(winmail, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return message.as_bytes()


def test_real_sample_is_unpacked_into_its_files(make_mail):
    parsed = parsing.parse(outlook_mail(make_mail, sample("two-files")))
    assert [(a.filename, a.content_type, a.inner) for a in parsed.attachments] == [
        ("AUTHORS", "text/plain", 0),
        ("README", "text/plain", 1),
    ]
    assert parsed.attachments[0].position == parsed.attachments[1].position
    assert "Zie de bijlagen." in parsed.text


def test_names_with_umlauts_and_types_from_the_content(make_mail):
    parsed = parsing.parse(outlook_mail(make_mail, sample("umlaut")))
    found = {a.filename: a.content_type for a in parsed.attachments}
    assert found == {
        "TBZ PARIV GmbH.jpg": "image/jpeg",
        "image003.jpg": "image/jpeg",
        "UmlautAnhang-äüö.txt": "text/plain",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rtf", "Greg Allen"),  # compressed RTF only
        ("body", "Bill of Rights"),  # HTML only
        ("umlaut", "TEST äöü"),  # RTF, with the files
    ],
)
def test_body_of_the_winmail_when_the_mail_has_no_text(make_mail, name, expected):
    message = message_from_bytes(make_mail(body=""), policy=policy.default)
    message.clear_content()
    message.add_attachment(sample(name), maintype="application", subtype="ms-tnef", filename="winmail.dat")
    parsed = parsing.parse(message.as_bytes())
    assert expected.lower() in parsed.text.lower()
    assert "<" not in parsed.text and "\\rtf" not in parsed.text


def test_plain_body_of_the_mail_wins_over_the_winmail_body(make_mail):
    parsed = parsing.parse(outlook_mail(make_mail, sample("umlaut"), body="Mijn eigen tekst."))
    assert "Mijn eigen tekst." in parsed.text and "TEST" not in parsed.text


def test_ingest_keeps_the_raw_bytes_and_applies_the_attachment_rules(settings, make_mail, client, agent):
    settings.KCC_MAIL_MAX_ATTACHMENT_BYTES = 1000
    winmail = make_tnef(
        ("factuur.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a program dressed up as a PDF
        ("C:\\Users\\x\\brief.pdf", b"%PDF-1.4 brief"),
        ("groot.pdf", b"%PDF-1.4" + b"x" * 2000),
        ("AUTOEXEC.BAT", b"echo hallo"),
        ("foto\x1b.png", bytes.fromhex("89504e470d0a1a0a") + b"\x00" * 8),
    )
    raw = outlook_mail(make_mail, winmail)
    result = services.ingest(raw)
    assert storage.load(result.message.raw_sha256) == raw
    rows = list(result.message.attachments.all())
    assert [(a.filename, a.content_type) for a in rows] == [
        ("factuur.pdf", "application/x-msdownload"),
        ("C:_Users_x_brief.pdf", "application/pdf"),
        ("groot.pdf", "application/pdf"),
        ("AUTOEXEC.BAT", "text/plain"),
        ("foto_.png", "image/png"),
    ]
    refused = {a.filename: a.refused_reason for a in rows}
    assert "programma" in refused["factuur.pdf"]
    assert refused["C:_Users_x_brief.pdf"] == ""
    assert "Groter dan" in refused["groot.pdf"]
    assert ".bat" in refused["AUTOEXEC.BAT"]
    client.force_login(agent)
    number = result.message.thread.number
    brief = rows[1]
    download = client.get(f"/mail/{number}/bijlage/{brief.pk}/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 brief"
    assert download["Content-Type"] == "application/octet-stream"
    assert client.get(f"/mail/{number}/bijlage/{rows[0].pk}/").status_code == 404
    page = client.get(f"/mail/{number}/").content.decode()
    assert "C:_Users_x_brief.pdf" in page and "geweigerd: Het bestand is een programma" in page


def test_normal_attachments_are_sniffed_too(make_mail):
    message = message_from_bytes(make_mail(), policy=policy.default)
    message.add_attachment(b"MZ\x90\x00" * 8, maintype="application", subtype="pdf", filename="rekening.pdf")
    result = services.ingest(message.as_bytes())
    (attachment,) = result.message.attachments.all()
    assert attachment.content_type == "application/x-msdownload" and attachment.refused_reason


def test_at_most_max_attachments_are_listed(make_mail):
    winmail = make_tnef(*[(f"bestand-{i}.txt", b"tekst") for i in range(parsing.MAX_ATTACHMENTS + 5)])
    parsed = parsing.parse(outlook_mail(make_mail, winmail))
    assert len(parsed.attachments) == parsing.MAX_ATTACHMENTS


@pytest.mark.parametrize(
    "broken",
    [
        sample("two-files")[:40],  # cut off
        tnef.SIGNATURE + b"\x01\x00" + b"\xff" * 64,  # garbage after the signature
        # A property list that claims four billion properties: tnefparse would loop that often.
        tnef.SIGNATURE + b"\x01\x00" + _attribute(1, 0x9003, 0x0006, struct.pack("<I", 0xFFFFFFFF) + b"\x00" * 8),
        b"not a tnef stream at all",
    ],
)
def test_broken_winmail_is_kept_as_it_is_with_a_note(make_mail, client, agent, broken):
    raw = outlook_mail(make_mail, broken)
    result = services.ingest(raw)
    assert result.status == services.Status.NEW
    (attachment,) = result.message.attachments.all()
    assert (attachment.filename, attachment.content_type, attachment.inner_position) == (
        "winmail.dat",
        "application/ms-tnef",
        None,
    )
    assert "ongewijzigd bewaard" in attachment.note
    client.force_login(agent)
    number = result.message.thread.number
    assert client.get(f"/mail/{number}/bijlage/{attachment.pk}/").content == broken
    assert attachment.note in client.get(f"/mail/{number}/").content.decode()


def test_many_tiny_attributes_before_a_large_one_end_in_bounded_time():
    """tnefparse copies the rest of the stream per attribute: quadratic. The child process is cut off."""
    stream = make_tnef() + _attribute(1, 0x9006, 0x0008, b"\x00\x00\x01\x00") * 80_000
    stream += _attribute(1, 0x800C, 0x0001, b"x" * 5_000_000)
    with pytest.raises(tnef.Malformed):
        tnef.unpack(stream)


def test_compressed_rtf_round_trip_of_the_uncompressed_form():
    rtf = b"{\\rtf1\\ansi Hallo \\'e9\\u8364? wereld\\par}"
    header = struct.pack("<IIII", len(rtf) + 12, len(rtf), 0x414C454D, 0)
    assert tnef.rtf_text(tnef.decompress_rtf(header + rtf)) == ("Hallo é€ wereld", False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["two-files", "umlaut", "rtf", "body", "data-before-name", "unicode-mapi-attr"]),
    st.lists(st.tuples(st.integers(min_value=0, max_value=100_000), st.binary(min_size=1, max_size=8)), max_size=6),
    st.integers(min_value=6, max_value=100_000),
)
def test_fuzz_corrupted_samples_never_raise(name, changes, cut):
    data = bytearray(sample(name))
    for offset, replacement in changes:
        offset %= len(data)
        data[offset : offset + len(replacement)] = replacement
    data = bytes(data[: max(cut, 6)])
    try:
        unpacked = tnef.unpack(data)
    except tnef.Malformed as error:
        assert error.reason
    else:
        assert all(isinstance(item.data, bytes) for item in unpacked.files)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_fuzz_arbitrary_winmail_never_breaks_the_parser(body):
    message = message_from_bytes(
        b"From: a@example.nl\r\nMessage-ID: <f@example.nl>\r\n\r\nTekst", policy=policy.default
    )
    message.add_attachment(tnef.SIGNATURE + body, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    parsed = parsing.parse(message.as_bytes())
    assert parsed.attachments
