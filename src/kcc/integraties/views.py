"""The beheerder's page of the integrations: per system its state, the stuck jobs, re-send."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kcc.core.access import permission_required
from kcc.integraties import selectors, services
from kcc.integraties.models import IntegrationJob
from kcc.integraties.systems import get_system

RESEND = "integraties.resend_integrationjob"


@permission_required("integraties.view_integrationjob")
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "integraties/overview.html",
        {
            "systems": selectors.system_overviews(),
            "jobs": selectors.problem_jobs(),
            "can_resend": request.user.has_perm(RESEND),
        },
    )


@permission_required(RESEND)
@require_POST
def resend_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(IntegrationJob, pk=pk)
    try:
        services.resend(job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Taak {job.pk} wordt opnieuw verstuurd.")
    return redirect("integraties:overview")


@permission_required(RESEND)
@require_POST
def resend_system(request: HttpRequest, system: str) -> HttpResponse:
    try:
        label = get_system(system).label
    except LookupError:
        raise Http404 from None
    count = services.resend_all(system, user=request.user)
    messages.success(request, f"{count} taak/taken van {label} worden opnieuw verstuurd.")
    return redirect("integraties:overview")
