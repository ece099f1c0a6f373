"""Secret tokens that are handed to people and programs once (API tokens, phone-system tokens)."""

from __future__ import annotations

import secrets


def new_secret_token() -> str:
    """256 random bits, URL-safe. Never starting with "-": pasted after an option on a command line
    (``--token -x…``) such a token would be read as an option."""
    while True:
        token = secrets.token_urlsafe(32)
        if not token.startswith("-"):
            return token
