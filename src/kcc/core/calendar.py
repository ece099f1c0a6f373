"""The working-day calendar: weekends, Dutch public holidays and the municipality's closing days.

Closed are: Saturdays and Sundays, the public holidays (named in Dutch) except those the
municipality works on (``MunicipalityProfile.working_holidays``, e.g. Goede Vrijdag), and the
extra closing days (``ClosingDay``).
"""

from __future__ import annotations

import calendar as month_lengths
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TypeVar

import holidays
from django.core.cache import cache
from django.utils import timezone

DateOrDatetime = TypeVar("DateOrDatetime", date, datetime)

CLOSING_DAYS_CACHE_KEY = "kcc:core:closing-days"
WORKING_HOLIDAYS_CACHE_KEY = "kcc:core:working-holidays"


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> dict[date, str]:
    """Dutch public holidays of one year with Dutch names; building them costs milliseconds, so once per year."""
    return dict(holidays.country_holidays("NL", years=year, language="nl"))


def holiday_names() -> list[str]:
    """Every name a Dutch public holiday can have, for choosing the ones that are working days."""
    this_year = timezone.localdate().year
    # Bevrijdingsdag is a public holiday every fifth year only: look far enough ahead to meet it.
    return sorted({name for year in range(this_year, this_year + 5) for name in _holidays_of(year).values()})


def closing_days() -> frozenset[date]:
    """The configured extra closing days, cached until one is saved or deleted (see signals)."""
    days = cache.get(CLOSING_DAYS_CACHE_KEY)
    if days is None:
        from kcc.core.models import ClosingDay

        days = frozenset(ClosingDay.objects.values_list("date", flat=True))
        cache.set(CLOSING_DAYS_CACHE_KEY, days, 3600)
    return days


def working_holidays() -> frozenset[str]:
    """Names of the public holidays this municipality is open on (asked only on a public holiday)."""
    names = cache.get(WORKING_HOLIDAYS_CACHE_KEY)
    if names is None:
        from kcc.core.models import MunicipalityProfile

        stored = MunicipalityProfile.objects.filter(pk=MunicipalityProfile.SINGLETON_PK).values_list(
            "working_holidays", flat=True
        )
        names = frozenset(stored.first() or [])
        cache.set(WORKING_HOLIDAYS_CACHE_KEY, names, 3600)
    return names


def forget_closing_days() -> None:
    cache.delete_many([CLOSING_DAYS_CACHE_KEY, WORKING_HOLIDAYS_CACHE_KEY])


def public_holiday_name(day: date) -> str | None:
    """The Dutch name of the public holiday on ``day``, also when the municipality works that day."""
    return _holidays_of(day.year).get(day)


def holiday_name(day: date) -> str | None:
    """The Dutch name of the public holiday the municipality is closed on at ``day``, or None."""
    name = public_holiday_name(day)
    if name is None or name in working_holidays():
        return None
    return name


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None and day not in closing_days()


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


def add_months(moment: DateOrDatetime, months: int) -> DateOrDatetime:
    """``moment`` moved by whole calendar months (negative: back); the 31st becomes the month's last day."""
    year, month = divmod(moment.year * 12 + moment.month - 1 + months, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, month_lengths.monthrange(year, month + 1)[1]))
