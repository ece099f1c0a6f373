"""Background work: the deadline scan that sends reminders (oranje) and escalations (rood)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.meldingen import services


@db_periodic_task(crontab(minute="5"))
def scan_melding_deadlines() -> dict[str, int]:
    """Hourly; each melding gets one reminder and one escalation per term (idempotent outbox keys)."""
    return services.send_deadline_signals()
