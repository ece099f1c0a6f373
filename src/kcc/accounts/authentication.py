"""API tokens with the same brute-force guard as the log-in page: an address that sends too many wrong
tokens is refused for the cool-off, also with a right one (the counts live in the shared cache)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled


class GuardedTokenAuthentication(TokenAuthentication):
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
