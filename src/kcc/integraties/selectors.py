"""Reads of the integrations: the beheerder's overview per system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet

from kcc.integraties.models import IntegrationJob
from kcc.integraties.systems import all_systems

STUCK = [IntegrationJob.Status.PARKED, IntegrationJob.Status.FAILED]


@dataclass(frozen=True)
class SystemOverview:
    name: str
    label: str
    configured: bool
    api_root: str
    pending: int
    retrying: int
    parked: int
    failed: int
    sent: int
    last_success: datetime | None


def system_overviews() -> list[SystemOverview]:
    """Every registered system with its counts, in one grouped query."""
    counts = {
        row["system"]: row
        for row in IntegrationJob.objects.values("system").annotate(
            pending=Count("pk", filter=Q(status=IntegrationJob.Status.PENDING, attempts=0)),
            retrying=Count("pk", filter=Q(status=IntegrationJob.Status.PENDING, attempts__gt=0)),
            parked=Count("pk", filter=Q(status=IntegrationJob.Status.PARKED)),
            failed=Count("pk", filter=Q(status=IntegrationJob.Status.FAILED)),
            sent=Count("pk", filter=Q(status=IntegrationJob.Status.SENT)),
            last_success=Max("sent_at"),
        )
    }
    overviews = []
    for system in all_systems():
        row = counts.get(system.name, {})
        connection = system.connection()
        overviews.append(
            SystemOverview(
                name=system.name,
                label=system.label,
                configured=connection is not None,
                api_root=connection.api_root if connection else "",
                pending=row.get("pending", 0),
                retrying=row.get("retrying", 0),
                parked=row.get("parked", 0),
                failed=row.get("failed", 0),
                sent=row.get("sent", 0),
                last_success=row.get("last_success"),
            )
        )
    return overviews


def problem_jobs(system: str | None = None, limit: int = 50) -> QuerySet[IntegrationJob]:
    """Parked, failed and retrying jobs, newest first: what the beheerder should look at."""
    jobs = IntegrationJob.objects.filter(
        Q(status__in=STUCK) | Q(status=IntegrationJob.Status.PENDING, attempts__gt=0)
    ).order_by("-pk")
    if system:
        jobs = jobs.filter(system=system)
    return jobs[:limit]


def stuck_count() -> int:
    return IntegrationJob.objects.filter(status__in=STUCK).count()


def job_result(key: str) -> dict:
    """What a job got back so far (remote URLs and UUIDs), {} when there is no such job."""
    row = IntegrationJob.objects.filter(key=key).values_list("result", flat=True).first()
    return row or {}
