"""Reading a raw RFC 5322 message safely: headers, text, attachments and what kind of mail it is.

Pure: bytes in, a :class:`ParsedMessage` out, or :class:`Unparseable` with a Dutch reason. Any
charset (with fallbacks for wrong or unknown ones), multiparts nested up to a limit, HTML reduced to
plain text with nh3 (scripts, styles and tags gone; the template escapes what is left). Outlook's
winmail.dat (TNEF) is unpacked into its files (see :mod:`kcc.mail.tnef`); every file's type is
sniffed from its first bytes, never taken from the sender's label.

Linear and bounded: the structure is read with the stdlib's ``compat32`` policy, which keeps header
values raw (the modern policy's header parser grows with the square of a header's size: 100,000
encoded words took 22 GB), and headers are decoded here in one pass. Before anything is decoded the
message is held against hard limits (:func:`check_limits`: header size, encoded words, MIME
containers, nesting depth, parts, HTML nesting); a message over one raises :class:`LimitExceeded`
and is quarantined.
"""

from __future__ import annotations

import binascii
import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

import nh3

from kcc.mail import conf, tnef

MAX_TEXT_CHARS = 200_000
MAX_ATTACHMENTS = 100
"""Listed per message (winmail.dat's files included); the raw message keeps any further ones."""
TNEF_TYPE = "application/ms-tnef"
EXECUTABLE_TYPES = frozenset({"application/x-msdownload", "application/x-executable", "text/x-shellscript"})
# First bytes → type. Checked in order; the sender's Content-Type is never trusted.
_MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"{\\rtf", "application/rtf"),
    (tnef.SIGNATURE, TNEF_TYPE),
    (b"MZ", "application/x-msdownload"),
    (b"\x7fELF", "application/x-executable"),
    (b"#!", "text/x-shellscript"),
    (b"\x1f\x8b", "application/gzip"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"ID3", "audio/mpeg"),
    (b"BEGIN:VCALENDAR", "text/calendar"),
    (b"BEGIN:VCARD", "text/vcard"),
)
# Containers whose kind only the name tells apart: the name may pick within the sniffed family only.
_FAMILIES = {
    b"PK\x03\x04": (
        "application/zip",
        {
            ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".odt": "application/vnd.oasis.opendocument.text",
            ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        },
    ),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": (
        "application/x-ole-storage",
        {".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".msg": "application/vnd.ms-outlook"},
    ),
}
_MSGID = re.compile(r"<[^<>\s]{1,400}>")
# [^<>]* (not [^>]*): an unclosed tag ends at the next "<", so the scan stays linear.
_BLOCK_END = re.compile(r"(?i)<\s*(br|/p|/div|/tr|/li|/h[1-6]|/blockquote|/table|hr)\b[^<>]*>")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,20})\b[^<>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
# One RFC 2047 encoded word; no class can match "?" or whitespace, so matching cannot backtrack.
_ENCODED_WORD = re.compile(r"=\?([^?\s*]{1,40})(?:\*[^?\s]*)?\?([bBqQ])\?([^?\s]*)\?=")
_CONTAINER = re.compile(rb"(?i)(\bboundary\s*\*?\d*\*?\s*=|message/(rfc822|global)\b)")
_BLANK_LINES = re.compile(r"\n[ \t\xa0]*(\n[ \t\xa0]*){2,}")
_LIST_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
_DAEMONS = ("mailer-daemon@", "postmaster@")


class Unparseable(Exception):
    """The input is not an e-mail we can read; ``reason`` says why, in Dutch."""

    def __init__(self, reason: str, message_id: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.message_id = message_id


class LimitExceeded(Unparseable):
    """The message is over one of the hard limits (header size, encoded words, nesting, parts)."""


@dataclass(frozen=True)
class ParsedAttachment:
    position: int
    filename: str
    content_type: str
    size: int
    inner: int | None = None
    """Index of the file inside the winmail.dat at ``position``; None for the part itself."""
    note: str = ""


@dataclass
class ParsedMessage:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    recipients: list[str]
    cc: list[str]
    sent_at: datetime | None
    in_reply_to: str
    references: list[str]
    text: str
    attachments: list[ParsedAttachment] = field(default_factory=list)
    automatic_reason: str = ""
    related_ids: list[str] = field(default_factory=list)
    """Message-IDs of the original message inside a bounce (DSN), for threading."""
    authentication_results: list[str] = field(default_factory=list)
    """Every Authentication-Results header, topmost (added last, by the nearest MTA) first."""
    hard_bounces: list[str] = field(default_factory=list)
    """Addresses a delivery report (DSN) says failed permanently (Action: failed, Status 5.x.x)."""

    @property
    def thread_ids(self) -> list[str]:
        """Ids that may point to an earlier message of the same thread, nearest first."""
        ids = [self.in_reply_to] if self.in_reply_to else []
        ids += list(reversed(self.references)) + self.related_ids
        return list(dict.fromkeys(i for i in ids if i and i != self.message_id))


def synthetic_message_id(raw: bytes) -> str:
    """For a message without Message-ID: the same bytes delivered twice get the same id."""
    return f"<{hashlib.sha256(raw).hexdigest()}@zonder-message-id.kcc>"


def _raw_header(message: Message, name: str) -> str | None:
    """The first header ``name`` as it came (folded, 8-bit bytes surrogate-escaped), or None."""
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return value if isinstance(value, str) else str(value)
    return None


def _header_text(value: str) -> str:
    """Raw header bytes as text: 8-bit headers are UTF-8 or, failing that, Windows-1252."""
    if any("\udc80" <= c <= "\udcff" for c in value):
        return decode_bytes(value.encode("utf-8", "surrogateescape"), None)
    return value


def _decode_word(encoding: str, payload: str) -> bytes | None:
    data = payload.encode("ascii", "ignore")
    try:
        if encoding in "qQ":
            return binascii.a2b_qp(data, header=True)
        return binascii.a2b_base64(data + b"=" * (-len(data) % 4), strict_mode=True)
    except (binascii.Error, ValueError):
        return None


def decode_header_value(value: str) -> str:
    """Decode RFC 2047 encoded words in one pass (the stdlib's decoders are quadratic).

    Whitespace between two encoded words is dropped (RFC 2047 §6.2); consecutive words in the same
    charset are joined as bytes first, so a character split over two words survives.
    """
    value = _header_text(value)
    out: list[str] = []
    run_charset, run_bytes = "", []

    def flush() -> None:
        if run_bytes:
            out.append(decode_bytes(b"".join(run_bytes), run_charset))
            run_bytes.clear()

    position = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        data = _decode_word(match.group(2), match.group(3))
        if data is None:
            flush()
            out.append(value[position : match.end()])
        else:
            if between and (not run_bytes or between.strip()):
                flush()
                out.append(between)
            charset = match.group(1).lower()
            if charset != run_charset:
                flush()
                run_charset = charset
            run_bytes.append(data)
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


def _header(message: Message, name: str) -> str:
    """A header as one line of decoded text ('' when absent)."""
    value = _raw_header(message, name)
    if value is None:
        return ""
    return " ".join(decode_header_value(value).replace("\x00", "").split())


def _raw_address_header(message: Message, name: str) -> str:
    """An address header unfolded but not decoded: a decoded name may hold commas or brackets."""
    return " ".join(_header_text(_raw_header(message, name) or "").replace("\x00", "").split())


def _display_name(name: str) -> str:
    return " ".join(decode_header_value(name).split())


def _ids(value: str) -> list[str]:
    return _MSGID.findall(value or "")


def _addresses(value: str) -> list[str]:
    return [address.lower() for _name, address in getaddresses([value]) if "@" in address][:50]


def decode_bytes(payload: bytes, charset: str | None) -> str:
    """Text in the declared charset, else UTF-8, else Windows-1252 (a superset of ISO-8859-1)."""
    candidates = []
    if charset:
        name = charset.strip().strip('"').lower()
        # Mail clients label Windows-1252 text as ISO-8859-1; decoding it as 1252 is never worse.
        candidates.append("cp1252" if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"} else name)
    candidates += ["utf-8", "cp1252"]
    for candidate in candidates:
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    return payload.decode("utf-8", errors="replace")


def _part_text(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is None:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "replace") if isinstance(raw, str) else b""
    return decode_bytes(payload, part.get_content_charset())


def html_depth(markup: str) -> int:
    """The deepest nesting of elements, counted in one pass over the tags (void and
    self-closing tags do not nest; a stray end tag never takes the count below zero)."""
    depth = deepest = 0
    for match in _TAG.finditer(markup):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _check_html_size(chars: int) -> None:
    if chars > conf.max_html_chars():
        limit = f"{conf.max_html_chars():,}".replace(",", ".")  # Dutch thousands separator
        raise LimitExceeded(f"De HTML-tekst is groter dan {limit} tekens.")


def html_to_text(markup: str) -> str:
    """Safe plain text from HTML: block ends become line breaks, scripts and styles vanish.

    The HTML parser's cost grows with the square of the nesting depth (a 1.1 MB stack of <div>s
    took 264 s), so markup over the size or depth limit is refused with :class:`LimitExceeded`.
    """
    _check_html_size(len(markup))
    if (depth := html_depth(markup)) > conf.max_html_depth():
        raise LimitExceeded(f"De HTML-tekst is {depth} lagen diep genest; de grens is {conf.max_html_depth()} lagen.")
    with_breaks = _BLOCK_END.sub(lambda m: f"{m.group(0)}\n", markup)
    cleaned = nh3.clean(with_breaks, tags=set(), attributes={}, strip_comments=True)
    text = html.unescape(cleaned).replace("\r", "")
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def clean_filename(name: str) -> str:
    """No control characters and no path: what the sender named it, safe to show and to offer."""
    return re.sub(r"[\x00-\x1f\x7f/\\]", "_", name).strip()[:255]


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    return clean_filename(decode_header_value(str(name)))


def sniff(data: bytes, filename: str = "") -> str:
    """The type of a file from its first bytes (the name only chooses within a container family)."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for magic, (generic, by_extension) in _FAMILIES.items():
        if data.startswith(magic):
            return by_extension.get(extension, generic)
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "image/webp"
    head = data[:2048]
    if not head:
        return "application/x-empty"
    # Text in any 8-bit charset has no control characters; binary data has them soon enough.
    text = head.decode("utf-8", errors="replace")
    if any(ord(c) < 32 and c not in "\t\n\r\f\x1a" for c in text):
        return "application/octet-stream"
    lowered = text.lstrip().lower()
    return "text/html" if lowered.startswith(("<!doctype html", "<html")) else "text/plain"


def _automatic_reason(message: Message, sender: str) -> str:
    """Why this is no mail from a person (and must never get an automatic reply), or ''."""
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        if _header(message, name):
            return f"{name}: automatisch antwoord"
    suppress = _header(message, "X-Auto-Response-Suppress").lower()
    if suppress and any(word in suppress for word in ("all", "oof", "autoreply")):
        return f"X-Auto-Response-Suppress: {suppress}"
    precedence = _header(message, "Precedence").lower()
    if precedence in _LIST_PRECEDENCE:
        return f"Precedence: {precedence}"
    if _header(message, "List-Id") or _header(message, "List-Unsubscribe"):
        return "Mailinglijst (List-Id)"
    if message.get_content_type() == "multipart/report":
        return "Onbestelbaar of afleverbericht (multipart/report)"
    if sender.startswith(_DAEMONS) or _header(message, "Return-Path") == "<>":
        return "Onbestelbaar-bericht (afzender MAILER-DAEMON of leeg Return-Path)"
    return ""


def _walk(message: Message):
    """Every leaf part with its position; an attached message (message/rfc822) counts as one leaf."""
    position = 0
    stack = [message]
    while stack:
        part = stack.pop()
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            payload = part.get_payload()
            if isinstance(payload, list):
                stack += reversed([child for child in payload if isinstance(child, Message)])
            continue
        yield position, part
        position += 1


def _all_headers(message: Message, name: str) -> list[str]:
    wanted = name.lower()
    return [" ".join(_header_text(str(value)).split()) for key, value in message.raw_items() if key.lower() == wanted]


def _hard_bounces(report: Message) -> list[str]:
    """Failed recipients of a message/delivery-status part (RFC 3464: one block per recipient)."""
    blocks = report.get_payload()
    found = []
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, Message):
            continue
        action, status = _header(block, "Action").lower(), _header(block, "Status")
        recipient = _header(block, "Final-Recipient") or _header(block, "Original-Recipient")
        address = recipient.rpartition(";")[2].strip().strip("<>").lower()
        if action == "failed" and status.startswith("5") and "@" in address:
            found.append(address[:254])
    return found


def _attached_message_ids(part: Message) -> list[str]:
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    return _ids(_header(inner, "Message-ID")) if isinstance(inner, Message) else []


def attachment_bytes(part: Message) -> bytes:
    """The decoded content of a leaf part (an attached message as its own bytes)."""
    if part.get_content_type() == "message/rfc822":
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        return inner.as_bytes() if isinstance(inner, Message) else b""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _payload(part: Message) -> bytes:
    try:
        return attachment_bytes(part)
    except Exception:
        raw = part.get_payload()
        return raw.encode("utf-8", "replace") if isinstance(raw, str) else b""


def is_tnef(content_type: str, filename: str, data: bytes) -> bool:
    return content_type == TNEF_TYPE or filename.lower() == "winmail.dat" or data.startswith(tnef.SIGNATURE)


def _tnef_files(position: int, data: bytes) -> tuple[list[ParsedAttachment], str]:
    """The files in a winmail.dat as attachments, and its body as text; unreadable: the winmail.dat
    itself, with a note."""
    try:
        unpacked = tnef.unpack(data)
    except tnef.Malformed as error:
        note = f"{error.reason} Het bestand is ongewijzigd bewaard."
        return [ParsedAttachment(position, "winmail.dat", TNEF_TYPE, len(data), note=note[:200])], ""
    text = unpacked.text or (html_to_text(unpacked.html) if unpacked.html.strip() else "")
    if not unpacked.files:
        note = "Geen bestanden gevonden in winmail.dat; het bestand is ongewijzigd bewaard."
        return [ParsedAttachment(position, "winmail.dat", TNEF_TYPE, len(data), note=note)], text
    files = [
        ParsedAttachment(
            position,
            clean_filename(item.name) or f"bijlage-{position + 1}-{index + 1}",
            sniff(item.data, item.name)[:100],
            len(item.data),
            inner=index,
        )
        for index, item in enumerate(unpacked.files)
    ]
    return files, text


def attachment_content(raw: bytes, position: int, inner: int | None) -> bytes | None:
    """The bytes of an attachment as :func:`parse` listed it; None when it is not there."""
    parts = leaf_parts(parse_bytes(raw))
    if position >= len(parts):
        return None
    data = attachment_bytes(parts[position])
    if inner is None:
        return data
    try:
        files = tnef.unpack(data).files
    except tnef.Malformed:
        return None
    return files[inner].data if inner < len(files) else None


def leaf_parts(message: Message) -> list[Message]:
    """The leaf parts in the order their positions number them (for fetching an attachment)."""
    return [part for _position, part in _walk(message)]


def parse_bytes(raw: bytes) -> Message:
    """The MIME structure, header values kept raw (decoded on use, in one pass)."""
    return message_from_bytes(raw)


def _header_block_size(raw: bytes) -> int:
    end = re.search(rb"\r?\n\r?\n", raw)
    return end.start() if end else len(raw)


def check_limits(raw: bytes) -> Message:
    """Parse the structure of ``raw`` and hold it against the hard limits; raises
    :class:`LimitExceeded` with the reason when it is over one.

    Counted before the parse, on the bytes: the top header block and the MIME containers (each
    nesting level makes the stdlib parser test every line once more). After it, on the tree: the
    real depth, the parts, and every header of every part with its encoded words.
    """
    max_header = conf.max_header_bytes()
    if _header_block_size(raw) > max_header:
        raise LimitExceeded(f"De kopregels zijn groter dan {max_header // 1024} KB.")
    containers = sum(1 for _ in _CONTAINER.finditer(raw))
    if containers > conf.max_mime_containers():
        raise LimitExceeded(
            f"Het bericht heeft {containers} MIME-onderdelen met eigen onderdelen; de grens is "
            f"{conf.max_mime_containers()}."
        )
    message = parse_bytes(raw)
    header_bytes = encoded_words = parts = 0
    max_depth, max_parts, max_words = conf.max_mime_depth(), conf.max_mime_parts(), conf.max_encoded_words()
    stack = [(message, 0)]
    while stack:
        part, level = stack.pop()
        parts += 1
        if level > max_depth:
            raise LimitExceeded(f"Het bericht is meer dan {max_depth} lagen diep genest.")
        if parts > max_parts:
            raise LimitExceeded(f"Het bericht heeft meer dan {max_parts} onderdelen.")
        for key, value in part.raw_items():
            text = value if isinstance(value, str) else str(value)
            header_bytes += len(key) + len(text) + 2
            encoded_words += sum(1 for _ in _ENCODED_WORD.finditer(text))
        if header_bytes > max_header:
            raise LimitExceeded(f"De kopregels (van alle onderdelen samen) zijn groter dan {max_header // 1024} KB.")
        if encoded_words > max_words:
            raise LimitExceeded(f"De kopregels bevatten meer dan {max_words} gecodeerde woorden (RFC 2047).")
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack += [(child, level + 1) for child in payload if isinstance(child, Message)]
    return message


def parse(raw: bytes) -> ParsedMessage:
    """Read ``raw``; raises :class:`Unparseable` when it is no e-mail we can register."""
    if not raw or not raw.strip():
        raise Unparseable("Leeg bericht: er kwam geen enkele byte tekst binnen.")
    try:
        return _parse(raw)
    except Unparseable:
        raise
    except Exception as error:
        raise Unparseable(f"Het bericht is niet te lezen ({type(error).__name__}).") from error


def _parse(raw: bytes) -> ParsedMessage:
    message = check_limits(raw)
    if not any(True for _ in message.raw_items()):
        raise Unparseable("Geen kopregels gevonden: dit is geen e-mailbericht.")
    message_ids = _ids(_header(message, "Message-ID"))
    message_id = message_ids[0] if message_ids else synthetic_message_id(raw)
    sender_name, sender = parseaddr(_raw_address_header(message, "From"))
    sender_name, sender = _display_name(sender_name), sender.strip().lower()
    if "@" not in sender or len(sender) > 254:
        raise Unparseable("Geen geldige afzender (From) in het bericht.", message_id)
    try:
        sent_at = parsedate_to_datetime(_header(message, "Date")) if _header(message, "Date") else None
        if sent_at is not None and sent_at.tzinfo is None:
            sent_at = None
    except (TypeError, ValueError, IndexError, OverflowError):
        sent_at = None

    plain: list[str] = []
    markup: list[str] = []
    attachments: list[ParsedAttachment] = []
    tnef_text: list[str] = []
    related: list[str] = []
    # A delivery report's blocks are parts of their own; the report is read as a whole here.
    bounced = [
        address
        for part in message.walk()
        if part.get_content_type() == "message/delivery-status"
        for address in _hard_bounces(part)
    ]
    for position, part in _walk(message):
        content_type = part.get_content_type()
        try:
            disposition = (part.get_content_disposition() or "").lower()
        except Exception:
            disposition = ""
        filename = _filename(part)
        if content_type == "message/rfc822":
            related += _attached_message_ids(part)
        elif content_type in {"text/rfc822-headers", "message/global-headers"}:
            related += _ids(_header(parse_bytes(_part_text(part).encode("utf-8", "replace")), "Message-ID"))
        if disposition == "attachment" or filename or not content_type.startswith("text/"):
            if content_type.startswith("multipart/"):
                continue
            if len(attachments) >= MAX_ATTACHMENTS:
                continue
            data = _payload(part)
            if is_tnef(content_type, filename, data):
                files, body = _tnef_files(position, data)
                attachments += files
                tnef_text.append(body)
                continue
            sniffed = "message/rfc822" if content_type == "message/rfc822" else sniff(data, filename)
            name = filename or f"bijlage-{position + 1}"
            attachments.append(ParsedAttachment(position, name, sniffed[:100], len(data)))
            continue
        if content_type == "text/html":
            markup.append(_part_text(part))
        elif content_type in {"text/plain", "text/enriched"} or not plain:
            plain.append(_part_text(part))
    text = "\n\n".join(t.strip() for t in plain if t.strip())
    if not text and markup:
        _check_html_size(sum(len(m) for m in markup))  # all HTML parts together, not each
        text = "\n\n".join(html_to_text(m) for m in markup)
    if not text.strip():
        text = "\n\n".join(t.strip() for t in tnef_text if t.strip())
    text = text.replace("\x00", "").replace("\r\n", "\n")[:MAX_TEXT_CHARS]
    references = _ids(_header(message, "References"))
    in_reply = _ids(_header(message, "In-Reply-To"))
    return ParsedMessage(
        message_id=message_id[:500],
        sender=sender,
        sender_name=sender_name.strip()[:200],
        subject=_header(message, "Subject")[:300],
        recipients=_addresses(_raw_address_header(message, "To")),
        cc=_addresses(_raw_address_header(message, "Cc")),
        sent_at=sent_at,
        in_reply_to=in_reply[0] if in_reply else "",
        references=references[-50:],
        text=text,
        attachments=attachments[:MAX_ATTACHMENTS],
        automatic_reason=_automatic_reason(message, sender),
        related_ids=[i for i in related if i != message_id][:10],
        authentication_results=_all_headers(message, "Authentication-Results")[:20],
        hard_bounces=list(dict.fromkeys(bounced))[:20],
    )
