"""Complaint screens: the coordinator's list and file with the Awb steps, letters, the yearly
overview, the public form and the endpoint that records the agent's choice on a recognition prompt.

Views are thin: they check access, validate with a form and call one service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kcc.contacten import capture
from kcc.contacten.models import Handling, QuestionType
from kcc.core import ratelimit
from kcc.core.access import permission_required
from kcc.core.calendar import today
from kcc.core.theme import profile
from kcc.klachten import forms as f
from kcc.klachten import letter_pdf as pdf
from kcc.klachten import selectors, services
from kcc.klachten.models import Complaint, Letter, RecognitionReview

PUBLIC_SUBMISSIONS_PER_HOUR = 10
RATE_SCOPE = "klachten:publiek"
MAX_ID = 2**63 - 1  # larger ids cannot exist and would overflow PostgreSQL's bigint


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _visible(request: HttpRequest, pk: int) -> Complaint:
    """The complaint if this user may see it; otherwise 404 (no hint that it exists)."""
    if pk > MAX_ID:
        raise Http404("Deze klacht bestaat niet of u heeft er geen toegang toe.")
    complaint = selectors.complaints_visible_to(request.user).filter(pk=pk).first()
    if complaint is None:
        raise Http404("Deze klacht bestaat niet of u heeft er geen toegang toe.")
    return complaint


# --- Workspace ------------------------------------------------------------------------------


@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:100]
    complaints = selectors.search(selectors.complaints_visible_to(request.user), status=status, query=query)
    rows = [
        (complaint, selectors.deadline(complaint)) for complaint in complaints.prefetch_related("postponements")[:200]
    ]
    context = {
        "rows": rows,
        "status": status,
        "query": query,
        "statuses": Complaint.Status.choices,
        "today": today(),
        "is_coordinator": selectors.is_coordinator(request.user),
    }
    return render(request, "klachten/list.html", context)


@permission_required("klachten.register_complaint")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Register a complaint by phone, desk, e-mail or letter; from a contact via ?origin_type&origin_id."""
    initial = {
        "received_on": today(),
        "channel": request.GET.get("kanaal", Complaint.Channel.PHONE),
        "form": Complaint.Form.ORAL,
        "origin_type": request.GET.get("origin_type", ""),
        "origin_id": request.GET.get("origin_id", ""),
        "description": request.GET.get("omschrijving", "")[:10_000],
        "email": request.GET.get("email", "")[:254],
        "phone": request.GET.get("phone", "")[:30],
    }
    form = f.RegisterComplaintForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.register_complaint(
                description=data["description"],
                channel=data["channel"],
                form=data["form"],
                received_on=data["received_on"],
                conduct_date=data["conduct_date"],
                complainant=services.Complainant(
                    name=data["name"],
                    address=data["address"],
                    postcode=data["postcode"],
                    city=data["city"],
                    email=data["email"],
                    phone=data["phone"],
                ),
                subject_unit=data["subject_unit"],
                advisory_committee=data["advisory_committee"],
                origin_type=data["origin_type"] or None,
                origin_id=data["origin_id"] or None,
                actor=request.user,
            )
        except ValidationError as error:
            f.apply_errors(form, error)
        else:
            messages.success(request, f"Klacht {complaint.number} is geregistreerd.")
            capture.follow_up_made(
                request,
                data["origin_type"],
                data["origin_id"],
                question_type=QuestionType.COMPLAINT,
                handling=Handling.COMPLAINT_REGISTERED,
                subject=complaint.number,
            )
            if next_url := capture.next_url(request):
                return capture.refresh_cockpit(redirect(next_url))
            if selectors.can_see(request.user, complaint):
                return redirect("klachten:detail", pk=complaint.pk)
            return redirect("home")
    if request.method == "POST":
        next_url = capture.next_url(request)
    else:
        next_url = capture.next_for_form(request, from_contact=bool(initial["origin_id"]))
    context = {"form": form, "next": next_url or ""}
    return render(request, "klachten/register.html", context, status=400 if form.errors else 200)


@dataclass(frozen=True)
class Step:
    title: str
    form: type | None
    run: Callable[[Complaint, dict, Any], Any]
    coordinator_only: bool = False


STEPS: dict[str, Step] = {
    "behandelaar": Step(
        "Behandelaar aanwijzen", f.AssignForm, lambda c, d, u: services.assign_handler(c, d["handler"], actor=u), True
    ),
    "beklaagde": Step(
        "Beklaagde vastleggen",
        f.PersonForm,
        lambda c, d, u: services.set_person_complained_about(c, d["person"], actor=u),
        True,
    ),
    "betrokkene": Step(
        "Betrokkene vastleggen", f.PersonForm, lambda c, d, u: services.record_involved(c, d["person"], actor=u)
    ),
    "kopie": Step(
        "Kopie aan beklaagde", None, lambda c, d, u: services.send_copy_to_person_complained_about(c, actor=u)
    ),
    "horen": Step(
        "Horen aanbieden",
        f.HearingOfferForm,
        lambda c, d, u: services.offer_hearing(c, hearing_date=d["hearing_date"], actor=u),
    ),
    "verslag": Step(
        "Verslag van het horen",
        f.HearingRecordForm,
        lambda c, d, u: services.record_hearing(c, record=d["record"], actor=u),
    ),
    "niet-horen": Step(
        "Niet horen",
        f.HearingSkipForm,
        lambda c, d, u: services.skip_hearing(c, ground=d["ground"], note=d["note"], actor=u),
    ),
    "verdagen": Step(
        "Verdagen", f.ExtendForm, lambda c, d, u: services.extend_term(c, days=d["days"], reason=d["reason"], actor=u)
    ),
    "uitstel": Step(
        "Verder uitstel met instemming", f.PostponeForm, lambda c, d, u: services.postpone_with_consent(c, actor=u, **d)
    ),
    "niet-behandelen": Step(
        "Niet in behandeling nemen (9:8)",
        f.DeclineForm,
        lambda c, d, u: services.decline_handling(c, actor=u, **d),
        True,
    ),
    "opgelost": Step(
        "Naar tevredenheid opgelost (9:5)", f.SettleForm, lambda c, d, u: services.settle(c, note=d["note"], actor=u)
    ),
    "afhandelen": Step("Afhandelen (9:12)", f.DecideForm, lambda c, d, u: services.decide(c, actor=u, **d)),
}


def _file_context(request: HttpRequest, complaint: Complaint, bound: tuple[str, Any] | None = None) -> dict:
    step_forms = {}
    for key, step in STEPS.items():
        if step.coordinator_only and not selectors.is_coordinator(request.user):
            continue
        if bound is not None and bound[0] == key:
            step_forms[key] = (step, bound[1])
        else:
            step_forms[key] = (step, step.form(auto_id=f"id_{key}_%s") if step.form else None)
    return {
        "complaint": complaint,
        "deadline": selectors.deadline(complaint),
        "notice_deadline": services.terms.not_handling_notice_deadline(complaint.received_on),
        "letters": complaint.letters.all(),
        "postponements": complaint.postponements.all(),
        "involved": complaint.involved.all(),
        "steps": step_forms,
        "is_coordinator": selectors.is_coordinator(request.user),
        "today": today(),
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _visible(request, pk)
    return render(request, "klachten/detail.html", _file_context(request, complaint))


@require_POST
def step(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    complaint = _visible(request, pk)
    step = STEPS.get(key)
    if step is None:
        raise Http404("Onbekende stap.")
    if step.coordinator_only and not selectors.is_coordinator(request.user):
        raise PermissionDenied("Alleen de klachtcoördinator mag dit doen.")
    form = step.form(request.POST, auto_id=f"id_{key}_%s") if step.form else None
    if form is None or form.is_valid():
        try:
            step.run(complaint, form.cleaned_data if form else {}, request.user)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("klachten:detail", pk=pk)
            f.apply_errors(form, error)
        else:
            messages.success(request, f"{step.title}: vastgelegd.")
            return redirect("klachten:detail", pk=pk)
    complaint.refresh_from_db()
    context = _file_context(request, complaint, bound=(key, form))
    context["open_step"] = key
    return render(request, "klachten/detail.html", context, status=400)


def _visible_letter(request: HttpRequest, pk: int, letter_pk: int) -> Letter:
    """A letter of a complaint this user may see; otherwise 404."""
    complaint = _visible(request, pk)
    item = Letter.objects.filter(complaint=complaint, pk=letter_pk).first() if letter_pk <= MAX_ID else None
    if item is None:
        raise Http404("Deze brief bestaat niet.")
    item.complaint = complaint
    return item


@require_GET
def letter(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """A letter as a printable page (A4, the address block for window envelopes)."""
    item = _visible_letter(request, pk, letter_pk)
    return render(request, "klachten/letter_print.html", {"complaint": item.complaint, "letter": item})


@require_GET
def letter_pdf(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """The same letter as a PDF download (the file that is attached when it goes by e-mail)."""
    item = _visible_letter(request, pk, letter_pk)
    response = HttpResponse(pdf.render(item), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(item)}"'
    return response


YEAR_RANGE = (2000, 2100)


@permission_required("klachten.coordinate_complaint")
@require_GET
def year_overview(request: HttpRequest) -> HttpResponse:
    value = request.GET.get("jaar", "").strip()
    year, error = today().year, ""
    if value:
        if value.isascii() and value.isdigit() and len(value) == 4 and YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]:
            year = int(value)
        else:
            error = f"‘{value[:20]}’ is geen geldig jaar. Kies een jaar van {YEAR_RANGE[0]} tot en met {YEAR_RANGE[1]}."
    rows = selectors.register(year)
    return render(
        request,
        "klachten/year_overview.html",
        {"year": year, "rows": rows, "summary": selectors.year_summary(rows, year), "error": error},
        status=400 if error else 200,
    )


# --- Recognition prompt ------------------------------------------------------------------------


@permission_required("klachten.add_recognitiondecision")
@require_POST
def recognition_choice(request: HttpRequest) -> HttpResponse:
    """Record the agent's choice on a prompt (``klachten/recognition_prompt.html``)."""
    form = f.RecognitionChoiceForm(request.POST)
    if not form.is_valid():
        return render(
            request, "klachten/_recognition_done.html", {"error": "Uw keuze kon niet worden vastgelegd."}, status=400
        )
    data = form.cleaned_data
    decision = services.record_recognition_choice(
        origin_type=data["origin_type"], origin_id=data["origin_id"], choice=data["choice"], text=data["text"],
        actor=request.user,
    )  # fmt: skip
    context = {
        "decision": decision,
        "origin_type": data["origin_type"],
        "origin_id": data["origin_id"],
        "text": data["text"],
    }
    if _htmx(request):
        return render(request, "klachten/_recognition_done.html", context)
    if decision.choice == decision.Choice.ACCEPTED and request.user.has_perm("klachten.register_complaint"):
        query = urlencode({"origin_type": data["origin_type"], "origin_id": data["origin_id"]})
        return redirect(f"{reverse('klachten:register')}?{query}")
    return render(request, "klachten/_recognition_done.html", context)


# --- Learning from the agents: the klachtcoördinator's review of misses and false alarms ------


@permission_required("klachten.coordinate_complaint")
@require_http_methods(["GET", "POST"])
def recognition_review(request: HttpRequest) -> HttpResponse:
    """Misses and false alarms to confirm or relabel; the nightly training learns from the verdicts."""
    status = 200
    if request.method == "POST":
        form = f.RecognitionReviewForm(request.POST)
        if form.is_valid():
            try:
                services.review_recognition(**form.cleaned_data, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                messages.success(request, "Uw oordeel is vastgelegd. De volgende training leert ervan.")
                query = urlencode({"soort": request.GET.get("soort", "")})
                return redirect(f"{reverse('klachten:recognition-review')}?{query}")
        else:
            messages.error(request, "Kies een oordeel: wel een klacht, geen klacht of niet gebruiken.")
            status = 400
    kind = request.GET.get("soort", "")
    kind = kind if kind in RecognitionReview.Kind.values else ""
    context = {
        "cases": selectors.review_queue(kind)[:200],
        "kind": kind,
        "kinds": RecognitionReview.Kind.choices,
        "labels": RecognitionReview.Label.choices,
        "versions": selectors.model_versions(),
    }
    return render(request, "klachten/recognition_review.html", context, status=status)


# --- Public form -------------------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest) -> HttpResponse:
    form = f.PublicComplaintForm(request.POST or None)
    if request.method == "POST":
        client = ratelimit.client_address(request)
        if ratelimit.count(RATE_SCOPE, client, window=3600) >= PUBLIC_SUBMISSIONS_PER_HOUR:
            form.add_error(
                None,
                "U heeft het afgelopen uur al vaak een klacht verstuurd. Probeert u het later opnieuw of bel "
                f"{profile().phone}.",
            )
        elif form.is_valid():
            data = form.cleaned_data
            written = bool(data["name"] and data["address"])
            try:
                complaint = services.register_complaint(
                    description=data["description"],
                    channel=Complaint.Channel.WEB,
                    form=Complaint.Form.WRITTEN if written else Complaint.Form.ORAL,
                    conduct_date=data["conduct_date"],
                    complainant=services.Complainant(
                        name=data["name"],
                        address=data["address"],
                        postcode=data["postcode"],
                        city=data["city"],
                        email=data["email"],
                        phone=data["phone"],
                    ),
                )
            except ValidationError as error:
                f.apply_errors(form, error)
            else:
                ratelimit.hit(RATE_SCOPE, client, window=3600)
                request.session["klacht_ontvangen"] = {
                    "number": complaint.number,
                    "deadline": f"{selectors.deadline(complaint):%d-%m-%Y}",
                    "written": written,
                    "email": bool(complaint.complainant_email),
                }
                return redirect("klacht:received")
    return render(request, "klachten/public_form.html", {"form": form}, status=400 if form.errors else 200)


@login_not_required
@require_GET
def public_received(request: HttpRequest) -> HttpResponse:
    received = request.session.get("klacht_ontvangen")
    if not received:
        return redirect("klacht:form")
    return render(request, "klachten/public_received.html", {"received": received})
