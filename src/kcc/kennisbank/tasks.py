"""Background work of the knowledge base: the daily review reminders."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.kennisbank import services


@db_periodic_task(crontab(hour="6", minute="30"))
def send_review_reminders() -> int:
    """Every morning: a review task and an e-mail for owners of VAC's past their review date."""
    return len(services.create_review_reminders())
