"""Decision deadlines from the product's term, with extensions, across weekends and holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kcc.core.models import ClosingDay
from kcc.producten.terms import decision_deadline
from kcc.zaken import services
from kcc.zaken.models import Status


@dataclass
class Term:
    term_amount: int | None
    term_unit: str
    extendable: bool = False
    extension_amount: int | None = None
    lex_silencio: bool = False


@pytest.mark.parametrize(
    ("start", "term", "extended", "expected"),
    [
        # 5 working days from Tue 22 Dec 2026 skip Christmas (Fri 25, Sat 26) and the weekend: Wed 30 Dec.
        (date(2026, 12, 22), Term(5, "werkdagen", True, 3), False, date(2026, 12, 30)),
        # extended by 3 more: Thu 31 Dec, (New Year Fri 1 Jan, weekend), Mon 4, Tue 5 Jan 2027.
        (date(2026, 12, 22), Term(5, "werkdagen", True, 3), True, date(2027, 1, 5)),
        # 8 weeks from Mon 1 Feb 2027 end on Easter Monday 29 Mar 2027: moved to Tue 30 Mar (Atw art. 1).
        (date(2027, 2, 1), Term(8, "weken", True, 6), False, date(2027, 3, 30)),
        # 8 + 6 weeks from the same start: Mon 10 May 2027, an ordinary day.
        (date(2027, 2, 1), Term(8, "weken", True, 6), True, date(2027, 5, 10)),
        # 26 calendar days from Thu 29 Nov 2029 end on Christmas (Tue 25 Dec); Boxing Day too → Thu 27 Dec.
        (date(2029, 11, 29), Term(26, "dagen"), False, date(2029, 12, 27)),
        # a calendar term ending on a Saturday moves to Monday.
        (date(2026, 11, 30), Term(12, "dagen"), False, date(2026, 12, 14)),
    ],
)
def test_deadline_rule(db, start, term, extended, expected):
    assert decision_deadline(start, term, extended=extended) == expected


def test_closing_days_count_for_working_day_terms_but_do_not_move_legal_calendar_terms(db):
    ClosingDay.objects.create(date=date(2027, 3, 30), description="Gemeentehuis dicht")
    assert decision_deadline(date(2027, 3, 26), Term(1, "werkdagen")) == date(
        2027, 3, 31
    )  # Mon 29 holiday, Tue 30 closed
    assert decision_deadline(date(2027, 2, 1), Term(8, "weken")) == date(2027, 3, 30)


def test_no_term_no_deadline_and_no_extension_of_a_fixed_term(db):
    assert decision_deadline(date(2027, 1, 4), Term(None, "")) is None
    with pytest.raises(ValueError):
        decision_deadline(date(2027, 1, 4), Term(5, "werkdagen"), extended=True)


def test_a_zaak_gets_its_deadline_and_one_extension(zaaktype, agent):
    zaak = services.create_zaak(zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent, description="Dakkapel")
    assert zaak.number == f"Z-2027-{zaak.pk:05d}" and zaak.deadline == date(2027, 3, 30)
    with pytest.raises(ValidationError, match="reden"):
        services.extend_term(zaak, reason=" ", actor=agent)
    zaak = services.extend_term(zaak, reason="Advies welstandscommissie nodig", actor=agent)
    assert zaak.deadline == date(2027, 5, 10) and zaak.extended
    with pytest.raises(ValidationError, match="al verlengd"):
        services.extend_term(zaak, reason="nog eens", actor=agent)
    zaak = services.close_zaak(zaak, outcome="verleend", actor=agent)
    assert zaak.status == Status.DONE
    assert [row.status for row in zaak.history.all()] == ["ontvangen", "ontvangen", "afgehandeld"]
    with pytest.raises(ValidationError):
        services.set_status(zaak, status="in_behandeling", actor=agent)


def test_a_product_without_extension_refuses_one(zaaktype, agent):
    from kcc.producten.services import save_product

    save_product(zaaktype.product, extendable=False)
    zaak = services.create_zaak(zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent)
    with pytest.raises(ValidationError, match="kan niet worden verlengd"):
        services.extend_term(zaak, reason="drukte", actor=agent)
    zaak.refresh_from_db()
    assert zaak.deadline == date(2027, 3, 30) and not zaak.extended


def test_a_bsn_needs_a_purpose_and_a_valid_number(zaaktype, agent):
    with pytest.raises(ValidationError, match="waarvoor het BSN nodig is"):
        services.create_zaak(zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent, bsn="111222333")
    with pytest.raises(ValidationError, match="elfproef"):
        services.create_zaak(
            zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent, bsn="111222334", bsn_purpose="aanvraag"
        )
    assert not zaaktype.zaken.exists()
