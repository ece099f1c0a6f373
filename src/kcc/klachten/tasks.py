"""Background work for complaints: the daily scan of Awb terms."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.klachten import services


@db_periodic_task(crontab(hour="7", minute="5"))
def warn_about_complaint_terms() -> int:
    """Warn before each term and escalate when it passed; safe to run again (idempotent keys)."""
    return services.warn_about_terms()
