"""Background work of telefonie: transfers onto contacts, and pruning screen-pops."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kcc.telefonie import services


@db_task()
def apply_transfers(call_pk: int) -> int:
    """Enqueued when a transfer event (or the answer after it) is committed."""
    return services.apply_pending_transfers(call_pk)


@db_periodic_task(crontab(minute="*"))
def apply_transfers_periodically() -> int:
    """Any transfer whose task was lost (enqueued while no worker was listening, or it failed)."""
    return services.apply_all_pending_transfers()


@db_periodic_task(crontab(minute="*"))
def prune_screenpops() -> int:
    return services.prune_screenpops()
