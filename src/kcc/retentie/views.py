"""The register of processing (AVG art. 30) for the beheerder, printable from the browser."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kcc.retentie import selectors


@require_GET
@permission_required("retentie.view_processingregister", raise_exception=True)
def processing_register(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "retentie/register.html",
        {"lines": selectors.processing_register(), "generated_at": timezone.localtime()},
    )
