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
