"""Unpacking Outlook's winmail.dat (``application/ms-tnef``) with tnefparse: its files, and its
body as text (plain, else HTML, else the compressed RTF Outlook stores).

Defensive: :func:`unpack` returns :class:`Unpacked` or raises :class:`Malformed`, whatever the
bytes, in bounded time and memory; the caller keeps the winmail.dat as it is then.
"""

from __future__ import annotations

import base64
import codecs
import json
import logging
import re
import resource
import struct
import subprocess
import sys
from dataclasses import dataclass

import tnefparse

SIGNATURE = b"\x78\x9f\x3e\x22"  # 0x223E9F78, little-endian: the first bytes of every winmail.dat
MAX_RTF_BYTES = 2 * 1024 * 1024
TIMEOUT_SECONDS = 15
CPU_SECONDS = 3
MEMORY_BYTES = 2 * 1024**3
# MS-OXRTFCP 2.1.3.1.1: the dictionary every compressed RTF starts from.
_RTF_PREBUF = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
_LZFU, _MELA = 0x75465A4C, 0x414C454D
# A control word with its parameter, a hex escape, a control symbol, a brace, line breaks, or text.
_RTF_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)", re.S
)
# Groups that hold no text of the message (fonts, colours, styles, pictures, document info).
_RTF_SKIP = frozenset(
    b"fonttbl colortbl stylesheet info pict object header footer headerl headerr footerl footerr "
    b"themedata colorschememapping datastore latentstyles listtable listoverridetable rsidtbl "
    b"generator xmlnstbl mmathPr filetbl revtbl".split()
)


class Malformed(Exception):
    """The winmail.dat cannot be read; ``reason`` says why, in Dutch."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class File:
    name: str
    data: bytes


@dataclass(frozen=True)
class Unpacked:
    files: list[File]
    text: str
    """The body as plain text, or empty when it is HTML (``html``, for the caller to reduce)."""
    html: str


def _as_text(value: bytes | str | None, codepage: str = "cp1252") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    for candidate in ("utf-8", codepage):
        try:
            return value.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return value.decode("cp1252", errors="replace")


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _name(attachment: tnefparse.tnef.TNEFAttachment) -> str:
    name = attachment.long_filename()
    return _as_text(name).replace("\x00", "") if isinstance(name, (bytes, str)) else ""


def unpack(data: bytes) -> Unpacked:
    """The files and body of a TNEF stream. Raises :class:`Malformed` for anything it cannot read.

    tnefparse trusts the counts in the stream (a property count of four billion loops that often)
    and copies the rest of the stream for every attribute (quadratic time), so it runs in a child
    process with limits on CPU time, memory and wall time; only the result comes back.
    """
    if not data.startswith(SIGNATURE):
        raise Malformed("winmail.dat begint niet met de TNEF-kenmerkbytes.")
    try:
        child = subprocess.run(
            [sys.executable, "-I", "-m", "kcc.mail.tnef"],
            input=data,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise Malformed("winmail.dat uitpakken duurde te lang.") from error
    if child.returncode != 0:
        raise Malformed("winmail.dat uitpakken is afgebroken (te groot of te ingewikkeld).")
    try:
        result = json.loads(child.stdout)
        if "fout" in result:
            raise Malformed(str(result["fout"]))
        files = [File(str(name), base64.b64decode(content)) for name, content in result["bestanden"]]
        return Unpacked(files=files, text=str(result["tekst"]), html=str(result["html"]))
    except (ValueError, KeyError, TypeError) as error:
        raise Malformed("winmail.dat uitpakken gaf geen bruikbaar resultaat.") from error


def _unpack_here(data: bytes) -> Unpacked:
    """What the child process does (see :func:`unpack`)."""
    try:
        # Outlook writes wrong checksums often enough (tnefparse ships such a sample); the content is
        # what counts, and every file is checked afterwards like any attachment.
        parsed = tnefparse.TNEF(data, do_checksum=False)
        files = [File(_name(item), item.data) for item in parsed.attachments if isinstance(item.data, bytes)]
        codepage = parsed.codepage or "cp1252"
        text = _as_text(parsed.body, codepage).replace("\x00", "").strip()
        markup = "" if text else _as_text(parsed.htmlbody, codepage)
        if not text and not markup.strip() and isinstance(parsed._rtfbody, bytes):
            body, is_html = rtf_text(decompress_rtf(parsed._rtfbody))
            text, markup = ("", body) if is_html else (body, "")
    except Malformed:
        raise
    except Exception as error:
        raise Malformed(f"winmail.dat is niet te lezen ({type(error).__name__}).") from error
    return Unpacked(files=files, text=text, html=markup)


def _child_main() -> None:
    # Limits set by the child itself, first thing (a preexec_fn is unsafe in a threaded worker).
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    logging.disable(logging.CRITICAL)  # tnefparse logs per property; nobody reads the child's log
    try:
        unpacked = _unpack_here(sys.stdin.buffer.read())
        result: dict = {
            "bestanden": [[item.name, base64.b64encode(item.data).decode("ascii")] for item in unpacked.files],
            "tekst": unpacked.text,
            "html": unpacked.html,
        }
    except Malformed as error:
        result = {"fout": error.reason}
    sys.stdout.write(json.dumps(result))


def decompress_rtf(data: bytes) -> bytes:
    """Compressed RTF (MS-OXRTFCP, "LZFu", or "MELA" for uncompressed) to RTF, at most MAX_RTF_BYTES."""
    if len(data) < 16:
        raise Malformed("De RTF-tekst in winmail.dat is afgebroken.")
    _size, raw_size, kind, _crc = struct.unpack_from("<IIII", data)
    if kind == _MELA:
        return data[16 : 16 + min(raw_size, MAX_RTF_BYTES)]
    if kind != _LZFU:
        raise Malformed("De RTF-tekst in winmail.dat heeft een onbekende vorm.")
    window = bytearray(4096)
    window[: len(_RTF_PREBUF)] = _RTF_PREBUF
    write = len(_RTF_PREBUF)
    out = bytearray()
    position, end = 16, len(data)
    limit = min(raw_size, MAX_RTF_BYTES)
    while position < end and len(out) < limit:
        control = data[position]
        position += 1
        for bit in range(8):
            if position >= end or len(out) >= limit:
                break
            if control & (1 << bit):
                if position + 1 >= end:
                    return bytes(out)
                reference = (data[position] << 8) | data[position + 1]
                position += 2
                offset, length = reference >> 4, (reference & 0xF) + 2
                if offset == write:
                    return bytes(out)
                for step in range(length):
                    byte = window[(offset + step) % 4096]
                    out.append(byte)
                    window[write] = byte
                    write = (write + 1) % 4096
            else:
                byte = data[position]
                position += 1
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
    return bytes(out)


def rtf_text(rtf: bytes) -> tuple[str, bool]:
    """The text of an RTF body, and whether it is HTML: RTF that encapsulates HTML (``\\fromhtml1``,
    as Outlook writes it) yields that HTML, with the RTF-only parts (``\\htmlrtf``) left out."""
    from_html = b"\\fromhtml1" in rtf[:1000]
    codepage = "cp1252"
    pieces: list[str] = []
    stack: list[tuple[bool, int]] = []
    skip, uc, pending_skip = False, 1, 0
    ignorable = False
    html_rtf = False
    for match in _RTF_TOKEN.finditer(rtf):
        word, parameter, hex_byte, symbol, brace, literal = match.groups()
        if brace == b"{":
            stack.append((skip, uc))
            ignorable = False
            continue
        if brace == b"}":
            skip, uc = stack.pop() if stack else (skip, uc)
            continue
        if symbol == b"*":
            ignorable = True
            continue
        if word is not None:
            if word in _RTF_SKIP or (ignorable and word not in {b"htmltag", b"mhtmltag"}):
                skip = True
            ignorable = False
            if word == b"ansicpg" and parameter and _known_codec(f"cp{int(parameter)}"):
                codepage = f"cp{int(parameter)}"
            elif word == b"uc" and parameter:
                uc = int(parameter)
            elif word == b"htmlrtf":
                html_rtf = parameter != b"0"
            elif not skip and not (from_html and html_rtf):
                if word == b"u" and parameter:
                    pieces.append(chr(int(parameter) % 0x10000))
                    pending_skip = uc
                elif word in {b"par", b"line", b"row"}:
                    pieces.append("\n")
                elif word == b"tab":
                    pieces.append("\t")
            continue
        if skip or (from_html and html_rtf):
            continue
        if pending_skip:
            # The characters after \uN stand in for it in readers without Unicode.
            if literal is None:
                pending_skip -= 1
                continue
            cut = min(pending_skip, len(literal))
            literal, pending_skip = literal[cut:], pending_skip - cut
        if hex_byte is not None:
            pieces.append(bytes([int(hex_byte, 16)]).decode(codepage, errors="replace"))
        elif symbol is not None:
            pieces.append({b"~": "\xa0", b"_": "-", b"-": ""}.get(symbol, symbol.decode("latin-1")))
        elif literal:
            pieces.append(literal.decode(codepage, errors="replace"))
    return "".join(pieces).strip(), from_html


if __name__ == "__main__":
    _child_main()
