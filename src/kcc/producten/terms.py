"""The decision term (beslistermijn) of a product: one text and one computation for everybody.

Agents, public pages, letters and VAC's show :func:`term_text`; zaken compute their decision
deadline with :func:`decision_deadline`. The rule (docs/producten.md):

* a term in **werkdagen** counts working days on the municipality's calendar
  (:func:`kcc.core.calendar.add_working_days`: weekends, public holidays and closing days do not count);
* a term in **dagen** or **weken** runs in calendar days from the day after the start (Awb 4:13 and
  4:14); when its last day falls on a Saturday, Sunday or public holiday it moves to the next day
  that is none of these (Algemene termijnenwet art. 1). Closing days of the municipality do not move
  a legal term.
* an extension (Awb 4:14 lid 3 / the product's own rule) adds its amount, in the same unit, to the
  end of the original term; the adjustment above is applied once, to the final day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from kcc.core.calendar import add_working_days, holiday_name
from kcc.producten.models import TermUnit


class HasTerm(Protocol):
    term_amount: int | None
    term_unit: str
    extendable: bool
    extension_amount: int | None
    lex_silencio: bool


def _amount(amount: int, unit: str) -> str:
    if unit == TermUnit.WEEKS:
        return f"{amount} {'week' if amount == 1 else 'weken'}"
    if unit == TermUnit.WORKING_DAYS:
        return f"{amount} {'werkdag' if amount == 1 else 'werkdagen'}"
    return f"{amount} {'dag' if amount == 1 else 'dagen'}"


def term_short(product: HasTerm) -> str:
    """'8 weken' or '' when the product has no decision term."""
    if not product.term_amount:
        return ""
    return _amount(product.term_amount, product.term_unit)


def term_text(product: HasTerm) -> str:
    """The term in plain Dutch (u-vorm, B1), the same on every channel."""
    if not product.term_amount:
        return "Voor dit product geldt geen wettelijke beslistermijn."
    parts = [f"Wij beslissen binnen {term_short(product)}."]
    if product.extendable and product.extension_amount:
        parts.append(
            f"Deze termijn kunnen wij één keer met {_amount(product.extension_amount, product.term_unit)} verlengen. "
            "Dat laten wij u dan weten."
        )
    else:
        parts.append("Deze termijn kan niet worden verlengd.")
    if product.lex_silencio:
        parts.append("Beslissen wij niet op tijd, dan krijgt u wat u hebt aangevraagd automatisch (van rechtswege).")
    return " ".join(parts)


def _next_open_day(day: date) -> date:
    """Algemene termijnenwet: a term ending on a weekend day or public holiday ends on the next other day."""
    while day.weekday() >= 5 or holiday_name(day) is not None:
        day += timedelta(days=1)
    return day


def decision_deadline(start: date, product: HasTerm, *, extended: bool = False) -> date | None:
    """The last day to decide for a case started on ``start``; None when the product has no term."""
    if not product.term_amount:
        return None
    amount = product.term_amount
    if extended:
        if not (product.extendable and product.extension_amount):
            raise ValueError("This product's term cannot be extended")
        amount += product.extension_amount
    if product.term_unit == TermUnit.WORKING_DAYS:
        return add_working_days(start, amount)
    days = amount * 7 if product.term_unit == TermUnit.WEEKS else amount
    return _next_open_day(start + timedelta(days=days))
