"""Photos: the type is checked by content (not by name or header), the size is limited, and the
stored copy carries no metadata (EXIF with GPS, camera serials, XMP, IPTC, comments, thumbnails,
trailers such as "motion photo" videos).

A JPEG is decoded once to prove it is a whole, valid image (in draft mode: every entropy-coded bit
is read, the inverse DCT runs at 1/8 scale), then stored *losslessly*: the marker segments needed
to decode it are copied byte for byte and everything else is dropped, so the pixels are exactly the
uploaded ones. The visible orientation is kept with a new EXIF block holding only the Orientation
tag. A PNG is decoded fully and stored the same way (chunks copied, text/EXIF/time dropped); only a
PNG with an EXIF orientation is turned and re-encoded.

The GPS position in the original's EXIF is read only to *offer* it as the melding's location.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "MPO": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
# MPO: a JPEG followed by more pictures (some phones and 3D cameras); the first one is the photo.
JPEG_FORMATS = ("JPEG", "MPO")
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_DAMAGED = "Dit bestand is geen foto of het is beschadigd. Gebruik een JPG- of PNG-bestand."

# JPEG markers (ITU-T T.81 table B.1).
_EOI, _SOS, _APP0, _APP2, _APP14 = 0xD9, 0xDA, 0xE0, 0xE2, 0xEE
_FRAMES = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_TABLES = frozenset({0xC4, 0xCC, 0xDB, 0xDD})  # DHT, DAC, DQT, DRI
_DROPPED = frozenset({*range(0xE0, 0xF0), 0xFE})  # APP0..APP15 and COM, unless kept below
# Inside entropy-coded data 0xFF is followed by 0x00 (stuffing), RST0..RST7 or more 0xFF (fill);
# any other byte after it starts the next marker.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_FILL = re.compile(rb"\xff+")  # before a marker

# How to turn a picture upright for each EXIF Orientation (as ImageOps.exif_transpose, which would
# also re-serialise the rest of a possibly broken EXIF block).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Image data and how to show its colours (PNG 3rd ed.); text, eXIf, tIME, APNG frames etc. are dropped.
_PNG_KEPT = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"bKGD"}
)


class PhotoError(ValueError):
    """A Dutch message for the reporter."""


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _read(upload, max_bytes: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise PhotoError(f"De foto is te groot. Een foto mag maximaal {max_bytes // 1_000_000} MB zijn.")
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoError(f"De foto is te groot. Een foto mag maximaal {max_bytes // 1_000_000} MB zijn.")
    if not data:
        raise PhotoError("Het bestand is leeg.")
    return data


def _open(data: bytes) -> Image.Image:
    """Open ``data`` and decode all of it; a JPEG in draft mode (1/8 scale, so ``size`` shrinks)."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise PhotoError("Dit bestand is geen foto. Gebruik een JPG- of PNG-bestand.")
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError("De foto heeft te veel pixels. Maak de foto kleiner en probeer het opnieuw.")
        if image.format in JPEG_FORMATS:
            image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, Image.DecompressionBombError):
        raise PhotoError(_DAMAGED) from None
    return image


def _exif(image: Image.Image) -> Image.Exif:
    """The EXIF of ``image``; an unreadable block counts as none (it is never stored anyway)."""
    try:
        return image.getexif()
    except (SyntaxError, OSError, ValueError, struct.error):
        return Image.Exif()


def _orientation(image: Image.Image) -> int:
    """The EXIF Orientation (1..8; 1 when absent or invalid)."""
    orientation = _exif(image).get(_ORIENTATION)
    return orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1


def _orientation_exif(orientation: int) -> bytes:
    """An APP1 segment with only the Orientation tag, or nothing when the picture is upright."""
    if orientation == 1:
        return b""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    payload = exif.tobytes()  # starts with b"Exif\x00\x00"
    return b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload


def _kept_app(marker: int, body: bytes) -> bytes | None:
    """The segment to store for an APPn: a JFIF header without thumbnail, ICC profile, Adobe colour transform."""
    if marker == _APP0 and body.startswith(b"JFIF\x00") and len(body) >= 14:
        return b"\xff\xe0\x00\x10" + body[:12] + b"\x00\x00"  # version, units, density; thumbnail 0 x 0
    if (marker == _APP2 and body.startswith(b"ICC_PROFILE\x00")) or (marker == _APP14 and body.startswith(b"Adobe")):
        return b"\xff" + bytes((marker,)) + (len(body) + 2).to_bytes(2, "big") + body
    return None


def strip_jpeg(data: bytes, orientation_exif: bytes = b"") -> tuple[bytes, int, int]:
    """Copy the segments of the JPEG ``data`` that decoding needs, byte for byte, up to its EOI.

    Dropped: every APPn but JFIF (rewritten without thumbnail), ICC_PROFILE and Adobe; COM; all bytes
    after EOI. ``orientation_exif`` (a whole APP1 segment) goes right after SOI (after JFIF if the
    file starts with it). Returns the new file and the frame's width and height. Anything that is
    not a well-formed JPEG raises PhotoError.
    """
    if not data.startswith(b"\xff\xd8"):
        raise PhotoError(_DAMAGED)
    out = [b"\xff\xd8"]
    exif_at = 1
    size: tuple[int, int] | None = None
    scanned = False
    pos, end = 2, len(data)
    while True:
        fill = _FILL.match(data, pos)  # a marker is 0xFF (possibly repeated as fill) and its code
        if fill is None or fill.end() >= end:
            raise PhotoError(_DAMAGED)
        pos = fill.end()
        marker = data[pos]
        if marker == _EOI:
            if not scanned:
                raise PhotoError(_DAMAGED)
            out.append(b"\xff\xd9")
            break
        if marker not in _FRAMES and marker not in _TABLES and marker not in _DROPPED and marker != _SOS:
            raise PhotoError(_DAMAGED)  # SOI, RSTn, TEM, DNL, hierarchical, reserved: not in a photo
        if pos + 3 > end:
            raise PhotoError(_DAMAGED)
        length = int.from_bytes(data[pos + 1 : pos + 3], "big")
        segment_end = pos + 1 + length
        if length < 2 or segment_end > end:
            raise PhotoError(_DAMAGED)
        body = data[pos + 3 : segment_end]
        if marker in _DROPPED:
            kept = _kept_app(marker, body)
            if kept is not None:
                if marker == _APP0 and len(out) == 1:
                    exif_at = 2
                out.append(kept)
        else:
            if marker in _FRAMES:
                if size is not None or length < 8:
                    raise PhotoError(_DAMAGED)
                size = (int.from_bytes(body[3:5], "big"), int.from_bytes(body[1:3], "big"))
            elif marker == _SOS and size is None:
                raise PhotoError(_DAMAGED)
            out.append(b"\xff" + bytes((marker,)) + data[pos + 1 : segment_end])
        pos = segment_end
        if marker == _SOS:  # entropy-coded data runs up to the next marker
            following = _NEXT_MARKER.search(data, pos)
            if following is None:
                raise PhotoError(_DAMAGED)
            out.append(data[pos : following.start()].rstrip(b"\xff"))  # drop fill before the marker
            pos = following.start()
            scanned = True
    if orientation_exif:
        out.insert(exif_at, orientation_exif)
    assert size is not None  # a scan needs a frame
    return b"".join(out), size[0], size[1]


def strip_png(data: bytes) -> bytes:
    """Copy the chunks of the PNG ``data`` that showing it needs, byte for byte, up to its IEND.

    Every chunk's CRC is checked; an unknown critical chunk, a missing IHDR, IDAT or IEND, or a
    length past the end raises PhotoError. All bytes after IEND are dropped.
    """
    if not data.startswith(_PNG_SIGNATURE):
        raise PhotoError(_DAMAGED)
    out = [_PNG_SIGNATURE]
    pos, end = len(_PNG_SIGNATURE), len(data)
    seen: set[bytes] = set()
    while b"IEND" not in seen:
        if pos + 12 > end:
            raise PhotoError(_DAMAGED)
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        chunk_end = pos + 12 + length
        if chunk_end > end or not kind.isalpha() or (not seen and kind != b"IHDR"):
            raise PhotoError(_DAMAGED)
        crc = int.from_bytes(data[chunk_end - 4 : chunk_end], "big")
        if zlib.crc32(memoryview(data)[pos + 4 : chunk_end - 4]) != crc:
            raise PhotoError(_DAMAGED)
        if kind in _PNG_KEPT:
            out.append(data[pos:chunk_end])
        elif kind[0:1].isupper():
            raise PhotoError(_DAMAGED)  # a critical chunk we do not know: cannot be shown without it
        seen.add(kind)
        pos = chunk_end
    if b"IDAT" not in seen:
        raise PhotoError(_DAMAGED)
    return b"".join(out)


def clean_photo(upload, *, max_bytes: int) -> CleanPhoto:
    """Validate ``upload`` (a file-like object) and return a metadata-free copy."""
    data = _read(upload, max_bytes)
    image = _open(data)
    content_type, extension = FORMATS[image.format]
    if image.format in JPEG_FORMATS:
        orientation = _orientation(image)
        content, width, height = strip_jpeg(data, _orientation_exif(orientation))
        if orientation >= 5:  # 5..8 turn the picture a quarter: report the size as it is shown
            width, height = height, width
        return CleanPhoto(content, content_type, extension, width, height)
    orientation = _orientation(image)
    if orientation == 1:
        return CleanPhoto(strip_png(data), content_type, extension, image.width, image.height)
    image = image.transpose(_UPRIGHT[orientation])  # a rare turned PNG: turn it, re-encode without EXIF
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return CleanPhoto(out.getvalue(), content_type, extension, image.width, image.height)


def _degrees(values, ref: str) -> float:
    d, m, s = (float(v) for v in values)
    result = d + m / 60 + s / 3600
    return -result if ref in ("S", "W") else result


def gps_location(upload, *, max_bytes: int) -> tuple[float, float] | None:
    """(lat, lon) from the photo's EXIF, or None. Raises PhotoError for a non-photo."""
    exif = _exif(_open(_read(upload, max_bytes)))
    try:
        gps = exif.get_ifd(_GPS_IFD)
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError, SyntaxError, OSError, struct.error):
        return None
    return round(lat, 6), round(lon, 6)
