"""The MI contract: selectors.email_report(start, end, unit_codes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kcc.core.calendar import add_working_days, today
from kcc.core.models import OrganisationUnit
from kcc.mail import selectors, services
from kcc.mail.models import Forward, Thread

pytestmark = pytest.mark.django_db
ANSWER = "Geachte mevrouw De Vries,\n\nHet paspoort aanvragen duurt vijf werkdagen. U maakt een afspraak."


def _received(make_mail, when: datetime, n: int) -> Thread:
    return services.ingest(make_mail(message_id=f"<r{n}@example.nl>"), received_at=when).message.thread


def test_email_report_counts_classes_forwards_and_end_states(make_mail, agent, unit, django_assert_max_num_queries):
    zone = ZoneInfo("Europe/Amsterdam")
    monday = date(2026, 3, 2)
    at = lambda day, hour=10: datetime(day.year, day.month, day.day, hour, tzinfo=zone)  # noqa: E731
    threads = [_received(make_mail, at(monday), n) for n in range(6)]
    outside = _received(make_mail, at(monday - timedelta(days=1), 23), 99)  # Sunday 23:00 local: before the period
    # reply times: same day, next day, 2, 3, 6 working days; one unanswered
    for thread, days in zip(threads, [0, 1, 2, 3, 6], strict=False):
        services.send_answer(thread, user=agent, text=ANSWER, acknowledged=True)
        Thread.objects.filter(pk=thread.pk).update(first_answer_at=at(add_working_days(monday, days), 15))
    other = OrganisationUnit.objects.create(code="wegen", name="Wegen", kind="afdeling")
    open_thread = threads[5]
    late = services.forward(open_thread, user=agent, unit=unit)
    Forward.objects.filter(pk=late.pk).update(deadline=today() - timedelta(days=1))
    on_time = Forward.objects.create(
        thread=threads[0], unit=other, deadline=monday, status="beantwoord", answered_at=at(monday, 12)
    )
    with django_assert_max_num_queries(6):
        report = selectors.email_report(monday, monday)
    assert report["aantal"] == 6 and report["beantwoord"] == 5 and report["open"] == 1
    assert report["antwoordtijd"] == [
        {"klasse": "zelfde dag", "aantal": 1},
        {"klasse": "volgende dag", "aantal": 1},
        {"klasse": "2 werkdagen", "aantal": 1},
        {"klasse": "3 werkdagen", "aantal": 1},
        {"klasse": "meer", "aantal": 1},
    ]
    assert report["doorgestuurd"] == 2
    assert (report["backoffice_binnen_termijn"], report["backoffice_te_laat"]) == (1, 1)
    assert {row["eindstatus"]: row["aantal"] for row in report["eindstatus"]}["beantwoord"] == 5
    assert report["eindstatus"][0]["eindstatus"] == "beantwoord"
    assert outside.pk not in [t.pk for t in threads]

    by_unit = selectors.email_report(monday, monday, unit_codes=["wegen"])
    assert (by_unit["aantal"], by_unit["doorgestuurd"], by_unit["backoffice_binnen_termijn"]) == (1, 1, 1)
    assert by_unit["backoffice_te_laat"] == 0 and on_time.thread_id == threads[0].pk
    assert selectors.email_report(monday, monday, unit_codes=[])["aantal"] == 0
    sunday = selectors.email_report(monday - timedelta(days=1), monday - timedelta(days=1))
    assert sunday["aantal"] == 1 and sunday["open"] == 1


def test_report_period_uses_the_municipal_time_zone(make_mail):
    zone = ZoneInfo("Europe/Amsterdam")
    late_evening = datetime(2026, 3, 3, 23, 30, tzinfo=zone)  # 22:30 UTC
    _received(make_mail, late_evening, 1)
    assert selectors.email_report(date(2026, 3, 3), date(2026, 3, 3))["aantal"] == 1
    assert selectors.email_report(date(2026, 3, 4), date(2026, 3, 4))["aantal"] == 0
    assert timezone.localtime(late_evening).date() == date(2026, 3, 3)
