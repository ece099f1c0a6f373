"""Integer ids from user input (query strings, form fields, path segments).

Both databases store ids as signed 64-bit integers; a larger number reaches the driver as an
overflow (a 500) on foreign-key look-ups, so every id read from a request goes through here.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """``value`` as a positive id the database can hold, or None when it is not one."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
