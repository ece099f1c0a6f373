"""Background work of the core: delivering the outbox."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kcc.core import outbox


@db_task()
def deliver_outbox() -> int:
    return outbox.deliver_pending()


@db_periodic_task(crontab(minute="*"))
def deliver_outbox_periodically() -> int:
    """Retries and anything enqueued while no worker was listening; then reports new dead letters."""
    sent = outbox.deliver_pending()
    outbox.alert_dead_letters()
    return sent
