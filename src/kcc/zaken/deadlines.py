"""The decision deadline of a local zaak, computed when asked: never a stored, stale date.

The term itself (unit, amount, extension, Algemene termijnenwet) is :func:`kcc.producten.terms.decision_deadline`.
On top of it, Awb art. 4:15: while the term is suspended it does not run. A suspension requested on
day *s* and ended on day *e* takes the days *s+1* up to and including *e* out of the count
(*e − s* calendar days). A suspension that starts on or after the last day changes nothing: a term
that has lapsed cannot be suspended.

* A term in **dagen/weken** runs on calendar days, so every suspended day moves its end one day; the
  end is moved to the next day that is no weekend day or public holiday once, at the very end.
  Counting from ``start + suspended days`` gives exactly that.
* A term in **werkdagen** counts working days; the working days inside a suspension do not count,
  counting goes on after its last day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from kcc.core.calendar import add_working_days, working_days_between
from kcc.producten.models import TermUnit
from kcc.producten.terms import HasTerm, decision_deadline

if TYPE_CHECKING:
    from kcc.zaken.models import Zaak

Window = tuple[date, date]  # (requested on, last suspended day): the days after the first up to the second


def _joined(windows: Iterable[Window]) -> list[Window]:
    """Windows in order, those that touch or overlap joined: a suspension split in two where one
    ends on the day the next is asked for is the same suspension (and no day counts twice)."""
    joined: list[Window] = []
    for requested, last_day in sorted(windows):
        if joined and requested <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], last_day))
        else:
            joined.append((requested, last_day))
    return joined


def suspended_deadline(start: date, product: HasTerm, *, extended: bool, windows: Iterable[Window]) -> date | None:
    """The last day to decide for a case started on ``start`` with the term suspended during ``windows``."""
    deadline = decision_deadline(start, product, extended=extended)
    if deadline is None:
        return None
    ordered = _joined(windows)
    if product.term_unit == TermUnit.WORKING_DAYS:
        remaining, counted_from = working_days_between(start, deadline), start
        for requested, last_day in ordered:
            used = working_days_between(counted_from, requested)
            if used >= remaining:
                break
            remaining -= used
            counted_from = max(counted_from, last_day)
        return add_working_days(counted_from, remaining)
    suspended = 0
    for requested, last_day in ordered:
        if requested >= deadline:
            break
        suspended += (last_day - requested).days
        deadline = decision_deadline(start + timedelta(days=suspended), product, extended=extended)
    return deadline


def zaak_deadline(zaak: Zaak, today: date | None = None) -> date | None:
    """The deadline of ``zaak`` as known on ``today``: a running suspension counts up to and including today."""
    today = today or timezone.localdate()
    windows = [(s.start_date, s.last_day(today)) for s in zaak.suspensions.all()]
    return suspended_deadline(zaak.start_date, zaak.zaaktype.product, extended=zaak.extended, windows=windows)
