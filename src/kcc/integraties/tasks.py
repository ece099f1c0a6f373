"""Background work of the integrations: deliver the outbox of API calls."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kcc.integraties import services


@db_task()
def deliver_integrations() -> int:
    return services.deliver_pending().sent


@db_periodic_task(crontab(minute="*"))
def deliver_integrations_periodically() -> int:
    """Retries after back-off, and anything enqueued while no worker was listening."""
    return services.deliver_pending().sent
