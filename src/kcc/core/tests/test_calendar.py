from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcc.core.calendar import (
    add_working_days,
    holiday_name,
    holiday_names,
    is_working_day,
    public_holiday_name,
    working_days_between,
)
from kcc.core.models import ClosingDay, MunicipalityProfile

pytestmark = pytest.mark.django_db


def test_weekends_and_public_holidays_are_not_working_days():
    assert is_working_day(date(2026, 11, 27))  # a Friday
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 4, 27))  # Koningsdag, a Monday
    assert not is_working_day(date(2026, 12, 25))  # Eerste Kerstdag, a Friday
    assert holiday_name(date(2026, 12, 25)) is not None


def test_term_of_two_working_days_skips_christmas_and_the_weekend():
    assert add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 29)


def test_closing_days_count_as_non_working_and_changes_take_effect_at_once():
    friday = date(2026, 5, 15)  # the Friday after Ascension 2026
    assert is_working_day(friday)
    ClosingDay.objects.create(date=friday, description="Vrijdag na Hemelvaart")
    assert not is_working_day(friday)
    assert add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 18)  # Wed + 1 skips Thu (Ascension), Fri, weekend


def test_holidays_are_named_in_dutch_and_the_municipality_may_work_on_one():
    good_friday = date(2026, 4, 3)
    assert holiday_name(good_friday) == "Goede vrijdag" and not is_working_day(good_friday)
    assert holiday_name(date(2026, 12, 25)) == "Eerste kerstdag"
    assert "Koningsdag" in holiday_names() and "Bevrijdingsdag" in holiday_names()
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # skips Good Friday, weekend, Easter Monday
    MunicipalityProfile.objects.create(pk=MunicipalityProfile.SINGLETON_PK, working_holidays=["Goede vrijdag"])
    assert is_working_day(good_friday) and holiday_name(good_friday) is None  # at once: the save clears the cache
    assert public_holiday_name(good_friday) == "Goede vrijdag"
    assert add_working_days(date(2026, 4, 2), 1) == good_friday
    assert not is_working_day(date(2026, 4, 6))  # Tweede paasdag stays closed


def test_negative_terms_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 5), -1)


@settings(max_examples=60, deadline=None)
@given(start=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)), days=st.integers(0, 30))
def test_adding_working_days_lands_on_a_working_day_exactly_that_many_days_later(start, days):
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    if days:
        assert is_working_day(end)
        assert end > start
    assert end - start <= timedelta(days=days * 3 + 7)


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    from datetime import date, datetime

    from kcc.core.calendar import add_months

    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 3, 31), -1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 7), 1) == date(2027, 1, 7)
    assert add_months(datetime(2027, 5, 15, 9, 30), -24) == datetime(2025, 5, 15, 9, 30)
