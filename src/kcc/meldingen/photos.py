"""Photos: the type is checked by content (not by name or header), the size is limited, and the
stored copy is re-encoded without any metadata (EXIF with GPS, camera serials, comments).

The GPS position in the original's EXIF is read only to *offer* it as the melding's location.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
_GPS_IFD = 0x8825


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
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS:
            raise PhotoError("Dit bestand is geen foto. Gebruik een JPG- of PNG-bestand.")
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError("De foto heeft te veel pixels. Maak de foto kleiner en probeer het opnieuw.")
        image.load()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoError("Dit bestand is geen foto of het is beschadigd. Gebruik een JPG- of PNG-bestand.") from None
    return image


def clean_photo(upload, *, max_bytes: int) -> CleanPhoto:
    """Validate ``upload`` (a file-like object) and return a metadata-free copy."""
    data = _read(upload, max_bytes)
    image = _open(data)
    source_format = image.format
    image = ImageOps.exif_transpose(image)  # keep the visible orientation once the EXIF is gone
    content_type, extension = FORMATS[source_format]
    out = io.BytesIO()
    if source_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=85, optimize=False)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG")
    return CleanPhoto(out.getvalue(), content_type, extension, image.width, image.height)


def _degrees(values, ref: str) -> float:
    d, m, s = (float(v) for v in values)
    result = d + m / 60 + s / 3600
    return -result if ref in ("S", "W") else result


def gps_location(upload, *, max_bytes: int) -> tuple[float, float] | None:
    """(lat, lon) from the photo's EXIF, or None. Raises PhotoError for a non-photo."""
    image = _open(_read(upload, max_bytes))
    gps = image.getexif().get_ifd(_GPS_IFD)
    try:
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    return round(lat, 6), round(lon, 6)
