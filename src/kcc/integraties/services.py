"""Writes of the integration outbox: enqueue with the change, deliver in the worker, re-send.

The delivery mirrors the e-mail outbox (:mod:`kcc.core.outbox`): claim the row, run the
operation, then mark it sent, retry it with back-off, park it (refused, needs a person) or give
it up after :data:`MAX_ATTEMPTS` (failed). Parked and failed jobs are shown to the beheerder,
who sends them again (:func:`resend`, audited).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kcc.core import audit
from kcc.core.models import User
from kcc.integraties.client import IntegrationError, Retryable, Waiting
from kcc.integraties.models import IntegrationJob
from kcc.integraties.systems import get_system

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
MAX_BACKOFF = timedelta(hours=2)
WAIT_FOR_DEPENDENCY = timedelta(minutes=1)
CLAIM_FOR = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes after the n-th failed try, at most two hours (ten tries: about eight hours)."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def is_enabled(system: str) -> bool:
    return get_system(system).connection() is not None


def enqueue(system: str, operation: str, *, key: str, payload: dict[str, Any]) -> IntegrationJob | None:
    """Queue one call in the caller's transaction, once per ``key``; None while the system is off."""
    definition = get_system(system)
    if operation not in definition.operations:
        raise LookupError(f"{system} kent geen handeling {operation}")
    if definition.connection() is None:
        return None
    job, created = IntegrationJob.objects.get_or_create(
        key=key,
        defaults={"system": system, "operation": operation, "payload": payload, "next_attempt_at": timezone.now()},
    )
    if created:
        transaction.on_commit(_wake_worker)
    return job


def enqueue_many(system: str, jobs: list[tuple[str, str, dict[str, Any]]]) -> int:
    """Queue several calls (operation, key, payload) at once: one insert, one wake-up of the worker.

    Keys already queued are left as they are; returns how many were offered, 0 while the system is off.
    """
    definition = get_system(system)
    if not jobs or definition.connection() is None:
        return 0
    unknown = {operation for operation, _, _ in jobs} - set(definition.operations)
    if unknown:
        raise LookupError(f"{system} kent geen handeling {', '.join(sorted(unknown))}")
    now = timezone.now()
    # A key already queued (the same event again) is skipped by the unique index, not re-read first.
    IntegrationJob.objects.bulk_create(
        [
            IntegrationJob(system=system, operation=operation, key=key, payload=payload, next_attempt_at=now)
            for operation, key, payload in jobs
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(_wake_worker)
    return len(jobs)


def _wake_worker() -> None:
    from kcc.integraties.tasks import deliver_integrations

    deliver_integrations()


def save_progress(job: IntegrationJob, **result: Any) -> None:
    """Store what a remote write returned at once (outside any transaction), so a retry resumes there."""
    job.result = {**job.result, **result}
    IntegrationJob.objects.filter(pk=job.pk).update(result=job.result)


def _claim(job: IntegrationJob) -> bool:
    claimed = IntegrationJob.objects.filter(
        pk=job.pk, status=IntegrationJob.Status.PENDING, attempts=job.attempts
    ).update(attempts=job.attempts + 1, next_attempt_at=timezone.now() + CLAIM_FOR)
    if claimed:
        job.attempts += 1
    return claimed == 1


@dataclass
class DeliveryRun:
    sent: int = 0
    retried: int = 0
    parked: int = 0
    failed: int = 0
    waiting: int = 0

    def add(self, other: DeliveryRun) -> None:
        for name in ("sent", "retried", "parked", "failed", "waiting"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def deliver(job: IntegrationJob) -> str:
    """Run one claimed job; returns what happened: sent, retried, parked, failed or waiting."""
    definition = get_system(job.system)
    connection = definition.connection()
    now = timezone.now()
    if connection is None:
        _finish(job, IntegrationJob.Status.PARKED, error="Koppeling staat uit", exchange="")
        return "parked"
    handler = definition.operations[job.operation]
    with definition.client(connection) as client:
        try:
            result = handler(job, client) or {}
        except Waiting as waiting:
            IntegrationJob.objects.filter(pk=job.pk).update(
                attempts=job.attempts - 1, next_attempt_at=now + WAIT_FOR_DEPENDENCY, last_error=str(waiting)[:2000]
            )
            return "waiting"
        except Retryable as error:
            return _retry_or_fail(job, error)
        except IntegrationError as error:
            logger.warning("integration job %s parked: %s", job.pk, error)
            _finish(job, IntegrationJob.Status.PARKED, error=str(error), exchange=error.exchange)
            return "parked"
        except Exception as error:
            # A bug or an answer the handler could not read: keep the job, tell the beheerder.
            logger.exception("integration job %s crashed", job.pk)
            _finish(
                job,
                IntegrationJob.Status.PARKED,
                error=f"{type(error).__name__}: {error}",
                exchange=client.last_exchange(),
            )
            return "parked"
    IntegrationJob.objects.filter(pk=job.pk).update(
        status=IntegrationJob.Status.SENT,
        result={**job.result, **result},
        sent_at=timezone.now(),
        last_error="",
        last_exchange=client.last_exchange(),
    )
    return "sent"


def _retry_or_fail(job: IntegrationJob, error: IntegrationError) -> str:
    if job.attempts >= MAX_ATTEMPTS:
        logger.warning("integration job %s failed after %s tries: %s", job.pk, job.attempts, error)
        _finish(job, IntegrationJob.Status.FAILED, error=str(error), exchange=error.exchange)
        return "failed"
    IntegrationJob.objects.filter(pk=job.pk).update(
        next_attempt_at=timezone.now() + backoff(job.attempts),
        last_error=str(error)[:2000],
        last_exchange=error.exchange,
    )
    return "retried"


def _finish(job: IntegrationJob, status: str, *, error: str, exchange: str) -> None:
    IntegrationJob.objects.filter(pk=job.pk).update(
        status=status, last_error=error[:2000], last_exchange=exchange, stopped_at=timezone.now()
    )


def deliver_pending(*, system: str | None = None, limit: int = 200, due_before: datetime | None = None) -> DeliveryRun:
    """Deliver due jobs, oldest first (so a klantcontact goes before the internetaak it caused).

    ``due_before`` far in the future sends everything pending now, back-off or not (``sync``).
    """
    run = DeliveryRun()
    due = IntegrationJob.objects.filter(
        status=IntegrationJob.Status.PENDING, next_attempt_at__lte=due_before or timezone.now()
    )
    if system:
        due = due.filter(system=system)
    for job in list(due.order_by("pk")[:limit]):
        if not _claim(job):
            continue
        outcome = deliver(job)
        setattr(run, outcome, getattr(run, outcome) + 1)
    return run


def sync(system: str, *, rounds: int = 3) -> DeliveryRun:
    """Send everything pending for ``system`` now; a few rounds so dependent jobs follow their cause."""
    total = DeliveryRun()
    far = timezone.now() + timedelta(days=3650)
    for _ in range(rounds):
        run = deliver_pending(system=system, limit=10_000, due_before=far)
        total.add(run)
        if not run.sent:  # only a job sent in this round can release one that waits for it
            break
    return total


@transaction.atomic
def resend(job: IntegrationJob, *, user: User) -> IntegrationJob:
    """Put a parked or failed job back in the queue with fresh tries; audited."""
    if not user.has_perm("integraties.resend_integrationjob"):
        raise PermissionDenied("U mag integratietaken niet opnieuw versturen.")
    job = IntegrationJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (IntegrationJob.Status.PARKED, IntegrationJob.Status.FAILED):
        raise ValidationError({"status": ["Alleen een geparkeerde of mislukte taak kan opnieuw worden verstuurd."]})
    audit.record(
        user,
        "integraties.opnieuw_verzenden",
        job,
        systeem=job.system,
        handeling=job.operation,
        fout=job.last_error[:200],
    )
    job.status, job.attempts, job.next_attempt_at, job.stopped_at = (
        IntegrationJob.Status.PENDING,
        0,
        timezone.now(),
        None,
    )
    job.save(update_fields=["status", "attempts", "next_attempt_at", "stopped_at"])
    transaction.on_commit(_wake_worker)
    return job


def resend_all(system: str, *, user: User) -> int:
    """Re-send every parked and failed job of one system; returns how many."""
    stuck = IntegrationJob.objects.filter(
        system=system, status__in=[IntegrationJob.Status.PARKED, IntegrationJob.Status.FAILED]
    )
    count = 0
    for job in stuck:
        resend(job, user=user)
        count += 1
    return count
