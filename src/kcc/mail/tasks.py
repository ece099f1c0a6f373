"""Background work: polling the IMAP mailboxes and the Forward & Track deadline scan."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from kcc.mail import imap, services


@db_periodic_task(crontab(minute="*"))
@lock_task("kcc-mail-poll")
def poll_mailboxes() -> int:
    """Every minute; the lock keeps two workers from polling the same mailbox at once."""
    return sum(result.fetched for result in imap.poll_all())


@db_periodic_task(crontab(minute="15"))
def scan_forward_deadlines() -> dict[str, int]:
    """Hourly: a reminder before and an escalation after each forward's deadline (once each)."""
    return services.process_forward_deadlines()
