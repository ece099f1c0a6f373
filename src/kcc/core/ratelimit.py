"""Rate limits of the public pages: a fixed one-minute window per client address, in the shared cache."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def over_public_rate(request: HttpRequest, scope: str, per_minute: int) -> bool:
    """Count this request in ``scope`` for its address; True when the window already had ``per_minute``."""
    key = f"{scope}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=60)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=60)
        count = 1
    return count > per_minute
