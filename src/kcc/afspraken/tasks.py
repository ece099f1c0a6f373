"""Background work: the reminder the day before an appointment."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.afspraken import services


@db_periodic_task(crontab(minute="15"))
def send_appointment_reminders() -> int:
    """Hourly; each appointment gets one reminder (idempotent outbox key per appointment and day)."""
    return services.send_reminders()
