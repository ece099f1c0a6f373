"""Dutch phone numbers as people type them: normalised for storage, matching and dialling."""

from __future__ import annotations

import re

_ALLOWED = re.compile(r"^[+\d][\d\s\-().]*$")


def normalise_phone(value: str) -> str:
    """Return the number as digits (``+`` kept for international), or raise ``ValueError``.

    Accepts national numbers (``020-1234567``, 10 digits), ``+31``/``0031`` numbers, the
    municipal ``14 0xx`` numbers, and internal extensions of 3 to 6 digits.
    """
    text = (value or "").strip()
    if not text:
        raise ValueError("Vul een telefoonnummer in.")
    if not _ALLOWED.match(text):
        raise ValueError(f"‘{value}’ is geen telefoonnummer: gebruik alleen cijfers, spaties, + en -.")
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("00"):
        digits = digits[2:] if digits.startswith("00") else digits
        if digits.startswith("31") and len(digits) == 11:
            return "0" + digits[2:]
        if 8 <= len(digits) <= 15:
            return "+" + digits
        raise ValueError(f"‘{value}’ is geen geldig internationaal telefoonnummer.")
    if digits.startswith("14") and 5 <= len(digits) <= 7:
        return digits
    if digits.startswith("0") and len(digits) == 10:
        return digits
    if 3 <= len(digits) <= 6 and not digits.startswith("0"):
        return digits
    raise ValueError(f"‘{value}’ is geen geldig telefoonnummer (10 cijfers, 14 + netnummer of een intern nummer).")


def format_phone(digits: str) -> str:
    """Readable form for screens: 06-12345678, 020-1234567, 14 020."""
    if digits.startswith("06") and len(digits) == 10:
        return f"{digits[:2]}-{digits[2:]}"
    if digits.startswith("0") and len(digits) == 10:
        split = 3 if digits[1] in "1234579" and digits[:3] in _THREE_DIGIT_AREAS else 4
        return f"{digits[:split]}-{digits[split:]}"
    if digits.startswith("14") and 5 <= len(digits) <= 7:
        return f"14 {digits[2:]}"
    return digits


_THREE_DIGIT_AREAS = {
    "010",
    "013",
    "015",
    "020",
    "023",
    "024",
    "026",
    "030",
    "033",
    "035",
    "036",
    "038",
    "040",
    "043",
    "045",
    "046",
    "050",
    "053",
    "055",
    "058",
    "070",
    "071",
    "072",
    "073",
    "074",
    "075",
    "076",
    "077",
    "078",
    "079",
}
