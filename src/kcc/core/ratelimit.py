"""Rate limits of the public pages: fixed windows per client address, shared by every process and host.

The counters live in Redis when ``KCC_REDIS_URL`` is set (the default cache then is Redis), and
otherwise in the database (``RateWindow``): the default LocMem cache is per process, so with two web
workers each would allow the full limit. Both stores increment atomically.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest

from kcc.core.models import RateWindow

# Cache back ends that live inside one process: never a place for a limit.
_PROCESS_LOCAL = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


def _shared_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"] not in _PROCESS_LOCAL


def _key(scope: str, client: str, window: int, now: float) -> tuple[str, int]:
    """The counter's key and the end of its window (epoch seconds)."""
    index = int(now // window)
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    return f"rate:{scope}:{window}:{index}:{digest}", (index + 1) * window


def hit(scope: str, client: str, *, window: int) -> int:
    """Count one event for ``client`` in the current window of ``scope``; the count so far, this one included."""
    now = time.time()
    key, expires = _key(scope, client, window, now)
    if _shared_cache():
        cache.add(key, 0, timeout=max(1, int(expires - now)) + 1)
        try:
            return cache.incr(key)
        except ValueError:  # the key expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    table, key_col, expires_col, hits_col = map(
        connection.ops.quote_name, (RateWindow._meta.db_table, "key", "expires_at", "hits")
    )
    with connection.cursor() as cursor:
        # One statement, atomic on SQLite and PostgreSQL alike (INSERT … ON CONFLICT … RETURNING).
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, {expires_col}, {hits_col}) VALUES (%s, %s, 1) "
            f"ON CONFLICT ({key_col}) DO UPDATE SET {hits_col} = {table}.{hits_col} + 1 RETURNING {hits_col}",
            [key, expires],
        )
        return cursor.fetchone()[0]


def count(scope: str, client: str, *, window: int) -> int:
    """How many events ``client`` has in the current window of ``scope`` (without counting one)."""
    key, _ = _key(scope, client, window, time.time())
    if _shared_cache():
        return cache.get(key, 0)
    return RateWindow.objects.filter(key=key).values_list("hits", flat=True).first() or 0


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def over_public_rate(request: HttpRequest, scope: str, per_minute: int) -> bool:
    """Count this request in ``scope`` for its address; True when the minute already had ``per_minute``."""
    return hit(scope, client_address(request), window=60) > per_minute


def purge_expired() -> int:
    """Drop the database counters of windows that have ended."""
    deleted, _ = RateWindow.objects.filter(expires_at__lt=int(time.time())).delete()
    return deleted
