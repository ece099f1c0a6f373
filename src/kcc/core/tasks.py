"""Background work of the core: delivering the outbox."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kcc.core import health, outbox, ratelimit


@db_task()
def deliver_outbox() -> int:
    return outbox.deliver_pending()


@db_periodic_task(crontab(minute="*"))
def deliver_outbox_periodically() -> int:
    """Retries and anything enqueued while no worker was listening; then reports new dead letters."""
    sent = outbox.deliver_pending()
    outbox.alert_dead_letters()
    return sent


@db_periodic_task(crontab(minute="*/10"))
def purge_rate_windows() -> int:
    """Rate-limit counters of ended windows (database store only; Redis expires its own)."""
    return ratelimit.purge_expired()


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Every minute: the readiness check and the metrics see from it that the worker runs."""
    health.record_heartbeat()
