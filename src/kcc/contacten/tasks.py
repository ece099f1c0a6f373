"""Background work of contacten: callback reminders and escalations, and the retention job."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.contacten import services


@db_periodic_task(crontab(minute="*/15"))
def callback_deadlines() -> dict[str, int]:
    run = services.process_callback_deadlines()
    return {"herinnerd": run.reminded, "geëscaleerd": run.escalated}


@db_periodic_task(crontab(minute="30", hour="2"))
def retention() -> dict[str, int]:
    return services.apply_retention()
