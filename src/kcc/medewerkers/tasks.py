"""Background work of the staff directory: the daily freshness scan."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.medewerkers.services import send_freshness_reminders


@db_periodic_task(crontab(hour="6", minute="15"))
def freshness_reminders() -> dict[str, int]:
    """Reminders to coordinators before the due date, escalation to the teamleaders after it (06:15 UTC)."""
    return send_freshness_reminders()
