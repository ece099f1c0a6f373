"""The parser on the corpus of real-world-shaped messages, a 20 MB attachment, and fuzzed input."""

from __future__ import annotations

import base64
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcc.mail import parsing
from kcc.mail.tests.conftest import CORPUS

EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def test_corpus_is_large_and_varied():
    names = sorted(EXPECTED)
    assert len(names) >= 50
    for shape in (
        "outlook",
        "gmail",
        "applemail",
        "winmail",
        "charset-iso-8859-1",
        "charset-windows-1252",
        "autoreply",
        "bounce",
        "mailinglist",
        "broken",
    ):
        assert any(shape in name for name in names), shape


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_message(name):
    expected = EXPECTED[name]
    raw = (CORPUS / name).read_bytes()
    if not expected.get("parseable", True):
        with pytest.raises(parsing.Unparseable) as error:
            parsing.parse(raw)
        assert error.value.reason
        return
    parsed = parsing.parse(raw)
    if "sender" in expected:
        assert parsed.sender == expected["sender"]
    if "automatic" in expected:
        assert bool(parsed.automatic_reason) is expected["automatic"], parsed.automatic_reason
    if expected.get("text"):
        assert expected["text"].lower() in parsed.text.lower()
    if "attachments" in expected:
        assert len(parsed.attachments) == expected["attachments"]
    if expected.get("attachment"):
        assert parsed.attachments[0].filename == expected["attachment"]
    if expected.get("related"):
        assert expected["related"] in parsed.thread_ids
    assert parsed.message_id.startswith("<") and parsed.message_id.endswith(">")


def test_html_becomes_safe_text():
    parsed = parsing.parse((CORPUS / "012-applemail-html-only.eml").read_bytes())
    assert "<" not in parsed.text and "alert" not in parsed.text and "steal" not in parsed.text
    assert "één ‘test’" in parsed.text
    outlook = parsing.parse((CORPUS / "000-outlook-html-qp.eml").read_bytes())
    assert "Café" in outlook.text  # ISO-8859-1 label, decoded as Windows-1252


def test_windows_1252_labelled_latin1_keeps_quotes_and_euro():
    assert parsing.decode_bytes("“€”".encode("cp1252"), "iso-8859-1") == "“€”"
    assert parsing.decode_bytes(b"ok", "x-does-not-exist") == "ok"
    assert parsing.decode_bytes(b"\xff\xfe caf\xe9", "utf-8") == "ÿþ café"


def test_tnef_attachment_is_listed_as_winmail():
    parsed = parsing.parse((CORPUS / "024-attachment-winmail-tnef.eml").read_bytes())
    (attachment,) = parsed.attachments
    assert (attachment.filename, attachment.content_type) == ("winmail.dat", "application/ms-tnef")
    assert attachment.size > 0


def test_reply_threads_on_in_reply_to_and_references():
    parsed = parsing.parse((CORPUS / "042-reply-quoted.eml").read_bytes())
    assert parsed.thread_ids[0] == "<E-2026-000001.antwoord.abc@demodam.nl>"
    assert "<corpus-000@example.nl>" in parsed.thread_ids


def test_twenty_megabyte_attachment(make_mail):
    from email import message_from_bytes, policy

    content = os.urandom(20 * 1024 * 1024)
    message = message_from_bytes(make_mail(), policy=policy.default)
    message.add_attachment(content, maintype="application", subtype="pdf", filename="bouwtekening.pdf")
    raw = message.as_bytes()
    assert len(raw) > 27 * 1024 * 1024  # base64 on the wire
    parsed = parsing.parse(raw)
    (attachment,) = parsed.attachments
    assert attachment.size == len(content)
    parts = parsing.leaf_parts(parsing.parse_bytes(raw))
    assert parsing.attachment_bytes(parts[attachment.position]) == content


def test_missing_message_id_gets_a_stable_synthetic_one():
    raw = (CORPUS / "046-broken-no-message-id.eml").read_bytes()
    assert parsing.parse(raw).message_id == parsing.parse(raw).message_id == parsing.synthetic_message_id(raw)


_header_line = st.builds(
    lambda name, value: f"{name}: {value}\r\n",
    st.sampled_from(
        [
            "From",
            "To",
            "Subject",
            "Message-ID",
            "In-Reply-To",
            "References",
            "Content-Type",
            "Content-Transfer-Encoding",
            "Date",
            "Auto-Submitted",
            "List-Id",
            "Content-Disposition",
        ]
    ),
    st.text(max_size=80),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_arbitrary_bytes_never_crash(raw):
    try:
        parsed = parsing.parse(raw)
    except parsing.Unparseable as error:
        assert error.reason
    else:
        assert "@" in parsed.sender


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_header_line, max_size=12), st.binary(max_size=1000), st.booleans())
def test_fuzz_header_shaped_input_never_crashes(lines, body, base64_body):
    head = "".join(lines).encode("utf-8", "surrogatepass") if lines else b""
    payload = base64.encodebytes(body) if base64_body else body
    try:
        parsing.parse(head + b"From: x@example.nl\r\n\r\n" + payload)
    except parsing.Unparseable as error:
        assert error.reason
