"""The e-mail table, when the mail app is installed (it is registered only then)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from kcc.rapportage import selectors, tables
from kcc.rapportage.period import Period
from kcc.rapportage.tables import Context

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("kcc.mail"), reason="kcc.mail is not installed"),
]
AMS = ZoneInfo("Europe/Amsterdam")


def test_email_table_reads_the_mail_report_with_the_reply_norm():
    from kcc.mail.models import Thread

    # Tuesday 3 March 2026: answered the same day, on Thursday (2 working days), the next Monday (4: "meer")
    received = datetime(2026, 3, 3, 10, tzinfo=AMS)
    for answered in (datetime(2026, 3, 3, 15, tzinfo=AMS), datetime(2026, 3, 5, 9, tzinfo=AMS),
                     datetime(2026, 3, 9, 9, tzinfo=AMS), None):  # fmt: skip
        Thread.objects.create(received_at=received, answer_due=date(2026, 3, 5), first_answer_at=answered)
    assert "email" in [table.key for table in tables.all_tables()]
    report = selectors.report("email", Context(Period(date(2026, 3, 1), date(2026, 3, 31))))
    assert report.data["aantal"] == 4 and report.data["beantwoord"] == 3
    within = report.figures[0]
    assert within.label == "Beantwoord binnen 2 werkdagen"
    assert round(within.value, 1) == 66.7 and within.light == "rood"
    assert [cell.value for cell in report.grids[0].rows[0]][:2] == ["zelfde dag", 1]


def test_email_counts_drill_down_to_their_threads(client, make_user, django_assert_max_num_queries):
    from kcc.core.roles import Role
    from kcc.mail.models import Thread

    received = datetime(2026, 3, 3, 10, tzinfo=AMS)
    answered = Thread.objects.create(received_at=received, answer_due=date(2026, 3, 5), first_answer_at=received,
                                     status="afgesloten", end_state="beantwoord", closed_at=received)  # fmt: skip
    waiting = Thread.objects.create(received_at=received, answer_due=date(2026, 3, 5))
    Thread.objects.create(received_at=datetime(2026, 4, 1, 10, tzinfo=AMS), answer_due=date(2026, 4, 3))  # April
    report = selectors.report("email", Context(Period(date(2026, 3, 1), date(2026, 3, 31))))
    counts = report.grids[1].rows[0]
    assert [cell.drill for cell in counts if cell.drill] == [
        {"selectie": "aantal"},
        {"selectie": "beantwoord"},
        {"selectie": "doorgestuurd"},
        {"selectie": "open"},
    ]
    client.force_login(make_user(Role.TEAMLEADER, username="tl"))
    march = {"van": "2026-03-01", "tot": "2026-03-31"}
    for params, expected in (({"selectie": "aantal"}, {answered, waiting}), ({"selectie": "beantwoord"}, {answered}),
                             ({"selectie": "open"}, {waiting}), ({"selectie": "doorgestuurd"}, set()),
                             ({"eindstatus": "beantwoord"}, {answered})):  # fmt: skip
        with django_assert_max_num_queries(12):
            html = client.get("/rapportage/email/lijst/", {**march, **params}).content.decode()
        assert {thread for thread in (answered, waiting) if f"/mail/{thread.number}/" in html} == expected
