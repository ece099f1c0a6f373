"""Handling terms on the working-day calendar, and the traffic light they give.

A term of N working days that starts on day S ends on the N-th working day after S (the
deadline). The light of an open melding on day T:

* ``rood``   — the deadline has passed (T is after the deadline);
* ``oranje`` — the reminder point has been reached: ceil(fraction × N) days of the term are gone;
* ``zwart``  — received but not yet routed to a department (status ``gemeld``);
* ``groen``  — routed and within the term.

A closed melding has no light (``""``). The selectors compute the same in SQL with
:func:`latest_start`: "k days have passed by day R" holds exactly for the starts on or before it.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

from kcc.core.calendar import add_working_days, is_working_day
from kcc.meldingen.models import OPEN_STATUSES, DayType, Status

BLACK, GREEN, ORANGE, RED = "zwart", "groen", "oranje", "rood"
LIGHTS = (RED, ORANGE, BLACK, GREEN)
LIGHT_LABELS = {
    BLACK: "Zwart: nieuw, nog niet doorgezet",
    GREEN: "Groen: binnen de termijn",
    ORANGE: "Oranje: herinnering, termijn loopt bijna af",
    RED: "Rood: termijn verlopen",
}


def add_days(start: date, days: int, day_type: str) -> date:
    if day_type == DayType.WORKING:
        return add_working_days(start, days)
    return start + timedelta(days=days)


def reminder_days(term_days: int, fraction: Decimal | float) -> int:
    return math.ceil(term_days * Decimal(str(fraction)) - Decimal("0.000001"))


def deadline(term_start: date, term_days: int, day_type: str) -> date:
    return add_days(term_start, term_days, day_type)


def reminder_date(term_start: date, term_days: int, day_type: str, fraction: Decimal | float) -> date:
    return add_days(term_start, reminder_days(term_days, fraction), day_type)


def latest_start(days: int, day_type: str, reference: date) -> date:
    """The latest start S for which ``add_days(S, days) <= reference``: every earlier start qualifies too."""
    if day_type != DayType.WORKING:
        return reference - timedelta(days=days)
    day, counted = reference, 0
    while counted < days:
        if is_working_day(day):
            counted += 1
        day -= timedelta(days=1)
    return day


def light(status: str, term_start: date, term_days: int, day_type: str, today: date, fraction: Decimal) -> str:
    """The light of one melding, in Python (the selectors do the same in SQL for lists)."""
    if status not in OPEN_STATUSES:
        return ""
    if today > deadline(term_start, term_days, day_type):
        return RED
    if today >= reminder_date(term_start, term_days, day_type, fraction):
        return ORANGE
    return BLACK if status == Status.REPORTED else GREEN
