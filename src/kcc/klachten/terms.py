"""Awb terms for complaints, counted in calendar weeks from the date of receipt.

How we count (documented in docs/klachten.md):

* A term of N weeks "na ontvangst" ends on the same weekday N weeks after the day of receipt
  (received Tuesday 4 March → 6 weeks → Tuesday 15 April). The day of receipt itself is day 0.
* The Algemene termijnenwet applies to these statutory terms: when the last day falls on a
  Saturday, Sunday or a generally recognised holiday (New Year's Day, Good Friday, Easter and
  Whit Monday, Ascension Day, King's Day, 5 May, Christmas), the term runs to the next day that is
  none of these. The municipality's own closing days do not move an Awb term.
* The one extension (at most 4 weeks, Awb 9:11 lid 2) is added in days to the original end date
  and that result is moved the same way. Further delay with the complainant's written consent
  sets an explicit new date.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

HANDLING_WEEKS = 6
HANDLING_WEEKS_WITH_COMMITTEE = 10
MAX_EXTENSION_DAYS = 28
NOT_HANDLING_NOTICE_WEEKS = 4


@lru_cache(maxsize=64)
def _atw_holidays(year: int) -> frozenset[date]:
    days = set(holidays.country_holidays("NL", years=year).keys())
    days.add(date(year, 5, 5))  # Bevrijdingsdag counts every year under the Algemene termijnenwet
    return frozenset(days)


def is_atw_day_off(day: date) -> bool:
    return day.weekday() >= 5 or day in _atw_holidays(day.year)


def roll_forward(day: date) -> date:
    """The last day of a term moved past weekends and recognised holidays (Algemene termijnenwet)."""
    while is_atw_day_off(day):
        day += timedelta(days=1)
    return day


def weeks_after(start: date, weeks: int) -> date:
    return roll_forward(start + timedelta(weeks=weeks))


def handling_term_weeks(advisory_committee: bool) -> int:
    return HANDLING_WEEKS_WITH_COMMITTEE if advisory_committee else HANDLING_WEEKS


def original_deadline(received_on: date, advisory_committee: bool) -> date:
    """Awb 9:11 lid 1: 6 weeks after receipt, or 10 with an advisory committee."""
    return weeks_after(received_on, handling_term_weeks(advisory_committee))


def extended_deadline(received_on: date, advisory_committee: bool, extension_days: int) -> date:
    unrolled = received_on + timedelta(weeks=handling_term_weeks(advisory_committee))
    return roll_forward(unrolled + timedelta(days=extension_days)) if extension_days else roll_forward(unrolled)


def not_handling_notice_deadline(received_on: date) -> date:
    """Awb 9:8 lid 3: notice of not handling at the latest 4 weeks after receipt."""
    return weeks_after(received_on, NOT_HANDLING_NOTICE_WEEKS)
