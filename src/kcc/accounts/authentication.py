"""API tokens, stored only as a hash, with the same brute-force guard as the log-in page.

A token is 32 random bytes shown once when it is issued; the database keeps a 160-bit BLAKE2b
digest in DRF's ``Token.key`` column (40 characters, its size), so a copy of the database gives
no usable token. A random token needs no slow password hash: one digest and one indexed read.

An address that sends too many wrong tokens is refused for the cool-off, also with a right one
(the counts live in the shared cache).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled


def api_token_digest(token: str) -> str:
    """What is stored for ``token``: fits DRF's 40-character key column."""
    return hashlib.blake2b(token.encode(), digest_size=20).hexdigest()


class GuardedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        return super().authenticate_credentials(api_token_digest(key))

    def authenticate(self, request):
        key = f"kcc:api-token-failures:{request.META.get('REMOTE_ADDR', '')}"
        cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
        if (cache.get(key) or 0) >= settings.AXES_FAILURE_LIMIT:
            detail = "Te veel ongeldige tokens vanaf dit adres. Probeer het later opnieuw."
            raise Throttled(wait=cool_off, detail=detail)
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            cache.add(key, 0, timeout=cool_off)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=cool_off)
            raise
