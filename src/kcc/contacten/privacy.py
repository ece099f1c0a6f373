"""Personal data as little as possible: BSN validation, encryption, matching hash and masking.

The BSN is encrypted with Fernet under a key derived from ``KCC_FIELD_ENCRYPTION_KEY`` (or, when
unset, the ``SECRET_KEY``); its HMAC finds the same person again without decrypting anything.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError

from kcc.core.phone import normalise_phone

_POSTCODE_HOUSE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*[-,]?\s*(\d{1,5})\s*([A-Za-z0-9-]{0,6})\s*$")


def _key_material() -> bytes:
    secret = settings.KCC_FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return hashlib.sha256(f"kcc.contacten.bsn:{secret}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material()))


def validate_bsn(value: str) -> str:
    """The BSN as 9 digits when it passes the 11-proef, else a ``ValidationError``."""
    digits = re.sub(r"[\s.\-]", "", value or "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (8, 9):
        raise ValidationError("Een BSN bestaat uit 9 cijfers.")
    digits = digits.zfill(9)
    total = sum(int(digit) * weight for digit, weight in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    if total == 0 or total % 11:
        raise ValidationError(f"‘{value}’ is geen geldig BSN: het voldoet niet aan de elfproef.")
    return digits


def encrypt_bsn(bsn: str) -> str:
    return _fernet().encrypt(bsn.encode()).decode()


def decrypt_bsn(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def bsn_hash(bsn: str) -> str:
    return hmac.new(_key_material(), bsn.encode(), hashlib.sha256).hexdigest()


def mask_bsn(bsn: str) -> str:
    """Only the last three digits: enough to check with the caller, useless to anyone else."""
    return f"******{bsn[-3:]}" if bsn else ""


def normalise_contact_phone(value: str) -> str:
    """A caller's number as stored for matching ('' when empty)."""
    if not (value or "").strip():
        return ""
    try:
        return normalise_phone(value)
    except ValueError as error:
        raise ValidationError({"phone": str(error)}) from error


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


def normalise_address(value: str) -> str:
    """Postcode and house number as ``1234AB 10`` (addition kept), '' when empty."""
    if not (value or "").strip():
        return ""
    match = _POSTCODE_HOUSE.match(value)
    if not match:
        raise ValidationError({"address": "Vul postcode en huisnummer in, bijvoorbeeld 1234 AB 10."})
    digits, letters, number, addition = match.groups()
    return f"{digits}{letters.upper()} {number}{addition.upper()}".strip()
