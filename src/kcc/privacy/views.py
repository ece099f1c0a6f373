"""The privacy officer's workspace: AVG-verzoeken with their term, inzage, correction and erasure."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kcc.core.access import permission_required
from kcc.privacy import selectors, services
from kcc.privacy.models import IdentifierKind, Request, Right
from kcc.privacy.pdf import REGISTER_TITLES, access_pdf
from kcc.privacy.selectors import SecretPersonError

_PERMISSION = "privacy.handle_request"


@permission_required(_PERMISSION)
@require_http_methods(["GET", "POST"])
def request_list(request: HttpRequest) -> HttpResponse:
    """The open requests by deadline and a form for a new one."""
    error, values = "", {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip()[:300] for key in ("recht", "kenmerk", "waarde", "doel")}
        try:
            if values["kenmerk"] not in IdentifierKind.values:
                raise ValidationError("Kies waaraan u de persoon herkent: telefoonnummer, e-mailadres of BSN.")
            argument = {"telefoon": "phone", "email": "email", "bsn": "bsn"}[values["kenmerk"]]
            person = services.identify(user=request.user, purpose=values["doel"], **{argument: values["waarde"]})
            created = services.open_request(
                right=values["recht"], person=person, purpose=values["doel"], user=request.user
            )
        except ValidationError as exception:
            error = " ".join(exception.messages)
        else:
            return redirect("privacy:request", created.pk)
    return render(
        request,
        "privacy/list.html",
        {
            "open": selectors.open_requests(),
            "closed": selectors.recent_requests(),
            "today": timezone.localdate(),
            "rights": Right.choices,
            "kinds": IdentifierKind.choices,
            "values": values,
            "error": error,
        },
        status=400 if error else 200,
    )


@permission_required(_PERMISSION)
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Request, pk=pk)
    answer, refusal = _access(request, case)
    registers = [
        (name, REGISTER_TITLES[name], [_shown(record) for record in records])
        for name, records in (answer or {}).get("registers", {}).items()
    ]
    return render(
        request,
        "privacy/detail.html",
        {
            "case": case,
            "answer": answer,
            "registers": registers,
            "refusal": refusal,
            "today": timezone.localdate(),
            "correctable": {name: list(fields) for name, (_, fields) in services.CORRECTABLE_FIELDS.items()},
        },
    )


@permission_required(_PERMISSION)
@require_GET
def request_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Request, pk=pk)
    answer, refusal = _access(request, case)
    if answer is None:
        return HttpResponse(refusal, status=403, content_type="text/plain; charset=utf-8")
    response = HttpResponse(access_pdf(answer, request_number=case.number), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{case.number}.pdf"'
    return response


@permission_required(_PERMISSION)
@require_GET
def request_json(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Request, pk=pk)
    answer, refusal = _access(request, case)
    if answer is None:
        return HttpResponse(refusal, status=403, content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        json.dumps({"verzoek": case.number, **answer}, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="inzage-{case.number}.json"'
    return response


@permission_required(_PERMISSION)
@require_POST
def request_erase(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Request, pk=pk, right=Right.ERASURE, status=Request.Status.OPEN)
    try:
        result = services.erase(services.person_of(case), user=request.user, request=case)
    except SecretPersonError as error:
        messages.error(request, str(error))
        return redirect("privacy:request", case.pk)
    services.close(case, user=request.user, outcome=result["registers"])
    refused = sum(len(part["geweigerd"]) for part in result["registers"].values())
    erased = sum(part["verwijderd"] for part in result["registers"].values())
    messages.success(
        request, f"{erased} record(s) verwijderd, {refused} geweigerd met reden. Het verzoek is afgesloten."
    )
    return redirect("privacy:request", case.pk)


@permission_required(_PERMISSION)
@require_POST
def request_correct(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Request, pk=pk, right=Right.RECTIFICATION, status=Request.Status.OPEN)
    try:
        record_id = int(request.POST.get("record", ""))
    except ValueError:
        messages.error(request, "Kies het record dat u wilt corrigeren.")
        return redirect("privacy:request", case.pk)
    try:
        services.correct(
            services.person_of(case),
            register=request.POST.get("register", ""),
            record_id=record_id,
            field=request.POST.get("veld", ""),
            value=request.POST.get("waarde", "")[:254],
            user=request.user,
            request=case,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Het gegeven is gecorrigeerd.")
    return redirect("privacy:request", case.pk)


@permission_required(_PERMISSION)
@require_POST
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Request, pk=pk)
    try:
        services.extend(case, reason=request.POST.get("reden", "")[:500], user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"De termijn is verlengd tot {case.deadline:%d-%m-%Y}.")
    return redirect("privacy:request", case.pk)


@permission_required(_PERMISSION)
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(Request, pk=pk)
    try:
        services.close(
            case,
            user=request.user,
            outcome=case.outcome,
            note=request.POST.get("toelichting", "")[:4000],
            refused=request.POST.get("geweigerd") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Het verzoek is afgesloten.")
    return redirect("privacy:request", case.pk)


def _shown(record: dict) -> list[tuple[str, str]]:
    """A record as label and text for the screen; nested items (questions, messages) on one line each."""
    shown = []
    for label, value in record.items():
        if isinstance(value, list):
            value = " | ".join(", ".join(f"{key}: {text}" for key, text in item.items() if text) for item in value)
        if value not in ("", None):
            shown.append((label, str(value)))
    return shown


def _access(request: HttpRequest, case: Request) -> tuple[dict | None, str]:
    """The inzage for the request's person (audited), or the refusal for a shielded person."""
    try:
        return services.access(services.person_of(case), user=request.user, purpose=case.purpose, request=case), ""
    except SecretPersonError as error:
        return None, str(error)
