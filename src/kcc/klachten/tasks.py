"""Background work for complaints: the daily scan of Awb terms and the nightly training of klachtherkenning."""

from django.core.exceptions import ValidationError
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.klachten import services


@db_periodic_task(crontab(hour="7", minute="5"))
def warn_about_complaint_terms() -> int:
    """Warn before each term and escalate when it passed; safe to run again (idempotent keys)."""
    return services.warn_about_terms()


@db_periodic_task(crontab(hour="2", minute="40"))
def train_recognition_model() -> int | None:
    """Learn a new version from the agents' decisions each night; the version number, or None if too few."""
    try:
        return services.train_recognition_model().version
    except ValidationError:
        return None
