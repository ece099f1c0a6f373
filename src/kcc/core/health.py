"""Health for load balancers and monitoring: liveness, readiness and Prometheus metrics.

``/gezondheid/`` answers 200 while the process serves requests. ``/gezondheid/gereed/`` checks
what the web process needs (database and cache: 503 when one fails) and reports what the
background needs (worker heartbeat, outbox backlog, mail polling age: ``gedegradeerd`` with
200, so a stale mailbox never takes the site out of the load balancer). ``/gezondheid/metrics``
gives the same figures in the Prometheus text format, for a bearer token (``KCC_METRICS_TOKEN``).
No answer carries a host name, an error text or any other configuration detail.
"""

from __future__ import annotations

import hmac
import json
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kcc.core.models import Heartbeat, OutboxMessage

WORKER = "worker"


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass
class Check:
    name: str
    ok: bool
    critical: bool  # a failure makes the web process unready (503)
    figures: dict[str, float | int | None] = field(default_factory=dict)
    message: str = ""


def record_heartbeat(name: str = WORKER) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})


def _age(moment) -> float | None:
    return None if moment is None else max(0.0, (timezone.now() - moment).total_seconds())


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Check("database", False, True, message="De database is niet bereikbaar.")
    return Check("database", True, True)


def check_cache() -> Check:
    key, value = f"kcc:health:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:  # any back-end error (Redis down) means: no working cache
        ok = False
    return Check("cache", ok, True, message="" if ok else "De cache werkt niet.")


def check_worker() -> Check:
    at = Heartbeat.objects.filter(name=WORKER).values_list("at", flat=True).first()
    age = _age(at)
    ok = age is not None and age <= _limit("KCC_HEALTH_WORKER_MAX_AGE", 180)
    message = "" if ok else "De achtergrondverwerker geeft geen teken van leven."
    return Check("worker", ok, False, {"heartbeat_age_seconds": age}, message)


def check_outbox() -> Check:
    now = timezone.now()
    figures = OutboxMessage.objects.aggregate(
        oldest_due=Min("next_attempt_at", filter=Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)),
    )
    counts = dict(
        OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    overdue = _age(figures["oldest_due"])
    ok = overdue is None or overdue <= _limit("KCC_HEALTH_OUTBOX_MAX_DELAY", 900)
    return Check(
        "outbox",
        ok,
        False,
        {
            "pending": counts.get(OutboxMessage.Status.PENDING, 0),
            "failed": counts.get(OutboxMessage.Status.FAILED, 0),
            "oldest_overdue_seconds": overdue,
        },
        "" if ok else "Uitgaande e-mail blijft liggen.",
    )


def check_mail_polling() -> Check:
    from kcc.mail.models import Mailbox

    polled = Mailbox.objects.filter(is_active=True).aggregate(
        active=Count("pk"), never=Count("pk", filter=Q(last_polled_at__isnull=True)), oldest=Min("last_polled_at")
    )
    active = polled["active"]
    age = None if polled["never"] else _age(polled["oldest"])
    ok = not active or (age is not None and age <= _limit("KCC_HEALTH_MAIL_POLL_MAX_AGE", 600))
    return Check(
        "mail_polling",
        ok,
        False,
        {"mailboxes": active, "oldest_poll_age_seconds": age},
        "" if ok else "De postvakken worden niet meer opgehaald.",
    )


def readiness() -> list[Check]:
    database = check_database()
    if not database.ok:  # the other checks read the database
        return [database, check_cache()]
    return [database, check_cache(), check_worker(), check_outbox(), check_mail_polling()]


def overall(checks: list[Check]) -> str:
    if any(not check.ok and check.critical for check in checks):
        return "fout"
    return "ok" if all(check.ok for check in checks) else "gedegradeerd"


@login_not_required
@require_GET
def liveness(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    checks = readiness()
    status = overall(checks)
    body = {
        "status": status,
        "controles": {
            check.name: {"ok": check.ok, **check.figures, **({"melding": check.message} if check.message else {})}
            for check in checks
        },
    }
    return JsonResponse(body, status=503 if status == "fout" else 200, json_dumps_params={"ensure_ascii": False})


def _metric_lines(checks: list[Check], seconds: float) -> list[str]:
    lines = [
        "# HELP kcc_up Het KCC-webproces antwoordt.",
        "# TYPE kcc_up gauge",
        "kcc_up 1",
        "# HELP kcc_ready 1 als het webproces gereed is (database en cache werken).",
        "# TYPE kcc_ready gauge",
        f"kcc_ready {int(overall(checks) != 'fout')}",
        "# HELP kcc_check_ok 1 als de controle slaagt.",
        "# TYPE kcc_check_ok gauge",
        *(f'kcc_check_ok{{check="{check.name}"}} {int(check.ok)}' for check in checks),
        "# HELP kcc_health_check_duration_seconds Duur van alle controles samen.",
        "# TYPE kcc_health_check_duration_seconds gauge",
        f"kcc_health_check_duration_seconds {seconds:.6f}",
    ]
    for check in checks:
        for name, value in check.figures.items():
            if value is None:
                continue
            metric = f"kcc_{check.name}_{name}"
            lines += [f"# TYPE {metric} gauge", f"{metric} {value}"]
    return lines


def _token_ok(request: HttpRequest) -> bool:
    expected = getattr(settings, "KCC_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


@login_not_required
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _token_ok(request):
        response = HttpResponse(
            json.dumps({"detail": "Geef het token uit KCC_METRICS_TOKEN mee als ‘Authorization: Bearer …’."}),
            status=401,
            content_type="application/json",
        )
        response["WWW-Authenticate"] = 'Bearer realm="kcc-metrics"'
        return response
    started = time.perf_counter()
    checks = readiness()
    lines = _metric_lines(checks, time.perf_counter() - started)
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4; charset=utf-8")
