from datetime import date

import pytest

from kcc.klachten import terms


@pytest.mark.parametrize(
    ("received", "committee", "expected"),
    [
        (date(2025, 3, 4), False, date(2025, 4, 15)),  # plain: same weekday six weeks later
        (date(2025, 3, 10), False, date(2025, 4, 22)),  # ends on Easter Monday → Tuesday
        (date(2025, 11, 14), False, date(2025, 12, 29)),  # ends on Boxing Day (Friday) → Monday
        (date(2026, 3, 16), False, date(2026, 4, 28)),  # ends on King's Day 2026 (Monday) → Tuesday
        (date(2026, 3, 24), False, date(2026, 5, 6)),  # ends on 5 May, counted every year → 6 May
        (date(2025, 3, 4), True, date(2025, 5, 13)),  # ten weeks with an advisory committee
        (date(2025, 3, 22), False, date(2025, 5, 6)),  # ends Saturday 3 May; Monday 5 May is a holiday
    ],
)
def test_handling_term_counts_calendar_weeks_and_skips_weekends_and_holidays(received, committee, expected):
    assert terms.original_deadline(received, committee) == expected


def test_extension_is_added_to_the_unmoved_end_and_then_moved():
    # 10 March + 6 weeks = Easter Monday 21 April; + 28 days = Monday 19 May (a working day).
    assert terms.extended_deadline(date(2025, 3, 10), False, 28) == date(2025, 5, 19)
    # + 24 days = Thursday 15 May; + 25 days = Friday 16 May.
    assert terms.extended_deadline(date(2025, 3, 10), False, 25) == date(2025, 5, 16)


def test_not_handling_notice_is_due_four_weeks_after_receipt():
    assert terms.not_handling_notice_deadline(date(2025, 12, 1)) == date(2025, 12, 29)
    assert terms.not_handling_notice_deadline(date(2025, 11, 28)) == date(2025, 12, 29)  # 26 Dec → Monday
