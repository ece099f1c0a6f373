"""Background work of contacten: callback reminders and escalations."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.contacten import services


@db_periodic_task(crontab(minute="*/15"))
def callback_deadlines() -> dict[str, int]:
    run = services.process_callback_deadlines()
    return {"herinnerd": run.reminded, "geëscaleerd": run.escalated}
