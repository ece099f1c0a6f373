"""The working-day calendar: weekends, Dutch public holidays and the municipality's closing days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.core.cache import cache
from django.utils import timezone

CLOSING_DAYS_CACHE_KEY = "kcc:core:closing-days"


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[date, str]:
    """Dutch public holidays of one year; building them costs milliseconds, so once per year."""
    return dict(holidays.country_holidays("NL", years=year))


def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(_holidays_of(year))


def closing_days() -> frozenset[date]:
    """The configured closing days, cached until one is saved or deleted (see signals)."""
    days = cache.get(CLOSING_DAYS_CACHE_KEY)
    if days is None:
        from kcc.core.models import ClosingDay

        days = frozenset(ClosingDay.objects.values_list("date", flat=True))
        cache.set(CLOSING_DAYS_CACHE_KEY, days, 3600)
    return days


def forget_closing_days() -> None:
    cache.delete(CLOSING_DAYS_CACHE_KEY)


def holiday_name(day: date) -> str | None:
    """The name of the public holiday on ``day`` (in Dutch), or None."""
    return _holidays_of(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year) and day not in closing_days()


def add_working_days(start: date | datetime, days: int) -> date:
    """The date ``days`` working days after ``start`` (a term of 2 working days from Friday is Tuesday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start.date() if isinstance(start, datetime) else start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def today() -> date:
    return timezone.localdate()
