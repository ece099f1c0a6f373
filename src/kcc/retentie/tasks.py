"""The daily retention run."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.retentie.services import apply_retention


@db_periodic_task(crontab(minute="30", hour="2"))
def retention() -> dict:
    return apply_retention()
