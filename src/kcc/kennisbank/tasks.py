"""Background work of the knowledge base: the daily review reminders and the learned search terms."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kcc.kennisbank import services


@db_periodic_task(crontab(hour="6", minute="30"))
def send_review_reminders() -> int:
    """Every morning: a review task and an e-mail for owners of VAC's past their review date."""
    return len(services.create_review_reminders())


@db_periodic_task(crontab(hour="3", minute="40"))
def learn_search_terms() -> int:
    """Every night: the search terms learned from the agents' searches, with decay and vetoes."""
    return services.learn_search_terms().active
