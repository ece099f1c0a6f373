"""Background work of the management information: the nightly check of the daily aggregates."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.rapportage import services


@db_periodic_task(crontab(minute="0", hour="3"))
def check_aggregates() -> dict[str, int]:
    return services.repair_aggregates()
