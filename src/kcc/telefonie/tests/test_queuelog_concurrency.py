"""Two imports at the same time (cron and a hand-started run) with overlapping lines: the batches
take turns (advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so no merge is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from kcc.telefonie import queuelog
from kcc.telefonie.tests.test_queuelog import ALGEMEEN, BELASTINGEN, LOG, day_counts, figures, stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_overlapping_imports_in_parallel_end_as_one_import(monkeypatch):
    queuelog.import_lines(LOG)
    whole, whole_days = stored(), day_counts()
    from kcc.telefonie.tests.test_queuelog import forget_everything

    forget_everything()
    monkeypatch.setattr(queuelog, "BATCH_LINES", 3)  # many small transactions that interleave
    start, errors = threading.Barrier(3), []

    def run(lines: list[str]) -> None:
        try:
            start.wait()
            assert queuelog.import_lines(lines).ok
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(part,)) for part in (LOG[:18], LOG[8:], LOG[::-1])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored() == whole and day_counts() == whole_days
    assert figures() == [ALGEMEEN, BELASTINGEN]
