"""Pages: the public web form and status page, and the workspace (intake, list, detail, transitions).

Views are thin: they check the role, validate input with a form and call a service or selector.
htmx partials (``HX-Request``) show extra questions, duplicates and a photo's location in place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kcc.contacten import capture
from kcc.contacten.models import Handling, QuestionType
from kcc.core.access import permission_required
from kcc.core.calendar import today
from kcc.core.models import OrganisationUnit
from kcc.core.params import parse_id
from kcc.core.phone import format_phone
from kcc.core.ratelimit import over_public_rate
from kcc.meldingen import photos as photo_rules
from kcc.meldingen import selectors, services, terms, texts
from kcc.meldingen.config import get_config
from kcc.meldingen.forms import AgentMeldingForm, MeldingForm, TransitionForm, apply_errors
from kcc.meldingen.map_views import map_context, shows_map
from kcc.meldingen.models import CLOSED_STATUSES, OPEN_STATUSES, Category, Channel, Melding, Photo, Status

PAGE_SIZE = 50


def _extra_answers(request: HttpRequest, category: Category | None) -> dict[str, Any]:
    if category is None:
        return {}
    answers = {}
    for question in category.questions.all():
        values = [value for value in request.POST.getlist(f"extra_{question.code}") if value.strip()]
        if values:
            answers[question.code] = values if question.datatype == "multivaluelist" else values[0]
    return answers


def _submit(request: HttpRequest, form: MeldingForm, *, channel: str) -> services.IntakeResult | None:
    """Create the melding (or follow the chosen duplicate); None with the errors on the form."""
    category = form.cleaned_data["category"]
    intake = form.intake(channel=channel, extra=_extra_answers(request, category))
    actor = request.user if request.user.is_authenticated else None
    try:
        existing_number = form.cleaned_data.get("existing")
        if existing_number:
            existing = Melding.objects.filter(number=existing_number, category=category).first()
            if existing is None:
                raise ValidationError({"existing": ["Deze melding bestaat niet (meer)."]})
            return services.add_to_existing(existing, intake=intake, actor=actor)
        return services.create_melding(intake, actor=actor)
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _form_context(form: MeldingForm, request: HttpRequest) -> dict[str, Any]:
    category = form.cleaned_data.get("category") if hasattr(form, "cleaned_data") else None
    return {
        "form": form,
        "config": get_config(),
        "category_obj": category,
        "questions": list(category.questions.all()) if category else [],
        "answers": request.POST,
        **map_context(),
    }


# --- Public: the web form and the status page -----------------------------------------------------


def _over_public_rate(request: HttpRequest) -> bool:
    return over_public_rate(request, "meldingen:public-report", get_config().public_reports_per_minute)


@login_not_required
@require_http_methods(["GET", "POST"])
@shows_map
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if _over_public_rate(request):
            response = render(request, "meldingen/rate_limited.html", status=429)
            response["Retry-After"] = "60"
            return response
        form = MeldingForm(request.POST, request.FILES)
        if form.is_valid() and (result := _submit(request, form, channel=Channel.WEB)):
            url = reverse("melden:confirmation", args=[result.melding.number])
            suffix = "&toegevoegd=1" if result.added_to_existing else ""
            return redirect(f"{url}?token={result.melding.token}{suffix}")
        return render(request, "meldingen/report.html", _form_context(form, request), status=400)
    return render(request, "meldingen/report.html", _form_context(MeldingForm(), request))


@login_not_required
@require_GET
def confirmation(request: HttpRequest, number: str) -> HttpResponse:
    try:
        melding = selectors.public_melding(number, request.GET.get("token", ""))
    except Melding.DoesNotExist:
        raise Http404("Deze melding bestaat niet of de link is niet goed.") from None
    return render(
        request,
        "meldingen/confirmation.html",
        {
            "melding": melding,
            "added": request.GET.get("toegevoegd") == "1",
            "term": texts.term_text(melding),
            "expected": texts.expected_date(melding),
            "status_link": texts.status_link(melding),
            "config": get_config(),
        },
    )


@login_not_required
@require_GET
def status(request: HttpRequest, number: str) -> HttpResponse:
    """Status, history in plain Dutch and expected date; nothing personal. Wrong token: 404."""
    try:
        melding = selectors.public_melding(number, request.GET.get("token", ""))
    except Melding.DoesNotExist:
        raise Http404("Deze melding bestaat niet of de link is niet goed.") from None
    response = render(
        request,
        "meldingen/status.html",
        {
            "melding": melding,
            "status_text": texts.STATUS_PUBLIC[melding.status],
            "expected": texts.expected_date(melding),
            "history": selectors.public_history(melding),
        },
    )
    response["Referrer-Policy"] = "no-referrer"  # the token must not leak to other sites
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@require_GET
def category_fields(request: HttpRequest) -> HttpResponse:
    """htmx: the urgency hint and extra questions of the chosen category."""
    category = selectors.active_categories().filter(code=request.GET.get("category", "")).first()
    return render(
        request,
        "meldingen/_category_fields.html",
        {"category_obj": category, "questions": list(category.questions.all()) if category else [], "answers": {}},
    )


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_not_required
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    """htmx: open meldingen in the same category near the given place, with the choice to follow one."""
    category = selectors.active_categories().filter(code=request.GET.get("category", "")).first()
    candidates = selectors.duplicate_candidates(
        category=category,
        lat=_float(request.GET.get("lat")),
        lon=_float(request.GET.get("lon")),
        street=request.GET.get("street", "")[:200],
        house_number=request.GET.get("house_number", "")[:20],
    )
    return render(
        request, "meldingen/_duplicates.html", {"candidates": candidates, "chosen": request.GET.get("existing")}
    )


@login_not_required
@require_POST
def photo_location(request: HttpRequest) -> HttpResponse:
    """htmx: offer the position stored in the photo's EXIF as the melding's location (nothing is saved)."""
    # Reading a photo costs seconds of CPU: without a limit this public URL is a cheap way to load the server.
    if over_public_rate(request, "meldingen:photo-location", settings.KCC_PHOTO_LOCATION_PER_MINUTE):
        response = render(
            request,
            "meldingen/_photo_location.html",
            {"error": "U heeft te veel foto's achter elkaar gestuurd. Wacht een minuut en probeer het opnieuw."},
            status=429,
        )
        response["Retry-After"] = "60"
        return response
    upload = request.FILES.get("photos")
    context: dict[str, Any] = {}
    if upload is not None:
        try:
            context["point"] = photo_rules.gps_location(upload, max_bytes=get_config().max_photo_mb * 1_000_000)
        except photo_rules.PhotoError as error:
            context["error"] = str(error)
    return render(request, "meldingen/_photo_location.html", context)


# --- Workspace -------------------------------------------------------------------------------------


@permission_required("meldingen.add_melding")
@require_http_methods(["GET", "POST"])
@shows_map
def intake(request: HttpRequest) -> HttpResponse:
    """The agent during a call: the same form, linked to the contact it came from."""
    if request.method == "POST":
        form = AgentMeldingForm(request.POST, request.FILES)
        if form.is_valid() and (result := _submit(request, form, channel=form.cleaned_data["channel"])):
            melding = result.melding
            if result.added_to_existing:
                messages.success(request, f"De melder volgt nu melding {melding.number}.")
            else:
                messages.success(request, f"Melding {melding.number} is gemaakt.")
            if result.complaint_offer:
                messages.warning(
                    request,
                    "Dit is een herhaalmelding of er klinkt ontevredenheid in door. Bied de melder de "
                    "klachtenprocedure aan. " + " ".join(result.complaint_offer.reasons),
                )
            capture.follow_up_made(
                request,
                form.cleaned_data.get("origin_type", ""),
                form.cleaned_data.get("origin_id", ""),
                question_type=QuestionType.REPORT,
                handling=Handling.REPORT_MADE,
                subject=melding.number,
            )
            detail = reverse("meldingen:detail", args=[melding.number])
            # An urgent melding stays on its page: it tells the agent to call the department now.
            next_url = None if melding.is_urgent else capture.next_url(request)
            return capture.refresh_cockpit(redirect(next_url or detail))
        context = {**_form_context(form, request), "next": capture.next_url(request) or ""}
        return render(request, "meldingen/intake.html", context, status=400)
    initial = {key: request.GET[key] for key in ("origin_type", "origin_id", "email", "phone") if key in request.GET}
    next_url = capture.next_for_form(request, from_contact="origin_id" in initial)
    context = {**_form_context(AgentMeldingForm(initial=initial), request), "next": next_url}
    return render(request, "meldingen/intake.html", context)


@permission_required("meldingen.view_melding")
@require_GET
@shows_map
def melding_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "light": request.GET.get("licht", ""),
        "status": request.GET.get("status", "open"),
        "unit_id": parse_id(request.GET.get("afdeling")),
        "query": request.GET.get("q", "").strip()[:100],
        "sort": request.GET.get("sorteer", "licht"),
    }
    page = Paginator(selectors.melding_list(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("pagina"))
    markers = [
        {
            "lat": melding.lat,
            "lon": melding.lon,
            "label": f"{melding.number}: {melding.category.name} ({terms.LIGHT_LABELS.get(melding.light, '')})",
            "url": reverse("meldingen:detail", args=[melding.number]),
        }
        for melding in page
        if melding.lat is not None and melding.lon is not None
    ]
    return render(
        request,
        "meldingen/list.html",
        {
            **map_context(markers=markers),
            "page": page,
            "filters": filters,
            "lights": terms.LIGHT_LABELS,
            "statuses": Status.choices,
            "units": OrganisationUnit.objects.filter(melding_categories__isnull=False).distinct().order_by("name")
            if request.user.has_perm("meldingen.view_all_meldingen")
            else [],
        },
    )


def _detail_or_404(request: HttpRequest, number: str) -> Melding:
    try:
        return selectors.melding_detail(request.user, number)
    except Melding.DoesNotExist:
        raise Http404("Deze melding bestaat niet of u mag hem niet zien.") from None


ACTIONS = {
    "doorzetten": "Doorzetten naar de afdeling",
    "in-behandeling": "In behandeling nemen",
    "opgelost": "Opgelost",
    "niet-oplosbaar": "Kan niet worden afgehandeld",
    "gepland": "Later afhandelen (nieuwe datum)",
    "annuleren": "Annuleren",
    "heropenen": "Heropenen",
}


def _allowed_actions(user, melding: Melding) -> list[str]:
    allowed = []
    if melding.status == Status.REPORTED and services.can_route(user, melding):
        allowed.append("doorzetten")
    if melding.status == Status.ROUTED and services.can_handle(user, melding):
        allowed.append("in-behandeling")
    if melding.status == Status.IN_PROGRESS and services.can_handle(user, melding):
        allowed += ["opgelost", "niet-oplosbaar", "gepland"]
    if melding.status in OPEN_STATUSES and services.can_route(user, melding):
        allowed.append("annuleren")
    if melding.status in CLOSED_STATUSES and services.can_route(user, melding):
        allowed.append("heropenen")
    return allowed


def _detail_context(request: HttpRequest, melding: Melding, form: TransitionForm | None = None) -> dict[str, Any]:
    allowed = _allowed_actions(request.user, melding)
    return {
        "melding": melding,
        "deadline": terms.deadline(melding.term_start, melding.term_days, melding.term_day_type),
        "expected": texts.expected_date(melding),
        "term": texts.term_text(melding),
        "light_label": terms.LIGHT_LABELS.get(melding.light, ""),
        "unit_phone": format_phone(melding.unit.phone) if melding.unit and melding.unit.phone else "",
        "unit_backup_phone": format_phone(melding.unit.backup_phone)
        if melding.unit and melding.unit.backup_phone
        else "",
        "events": melding.events.select_related("actor"),
        "photos": melding.photos.all(),
        "followers": melding.followers.all(),
        "repeats": melding.repeats.only("number", "created_at"),
        "actions": [(action, ACTIONS[action]) for action in allowed],
        "form": form or TransitionForm(initial={"unit": melding.unit_id}),
        "overdue": melding.is_open
        and terms.deadline(melding.term_start, melding.term_days, melding.term_day_type) < today(),
    }


@permission_required("meldingen.view_melding")
@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    return render(request, "meldingen/detail.html", _detail_context(request, _detail_or_404(request, number)))


@permission_required("meldingen.view_melding")
@require_POST
def transition(request: HttpRequest, number: str, action: str) -> HttpResponse:
    melding = _detail_or_404(request, number)
    if action not in ACTIONS:
        raise Http404
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "doorzetten":
                services.route_melding(melding, actor=request.user, unit=data["unit"], note=data["text"])
            elif action == "in-behandeling":
                services.start_melding(melding, actor=request.user, note=data["text"])
            elif action == "annuleren":
                services.cancel_melding(
                    melding,
                    actor=request.user,
                    text=data["text"],
                    delay_reason=data["delay_reason"],
                    delay_text=data["delay_text"],
                )
            elif action == "heropenen":
                services.reopen_melding(melding, actor=request.user, text=data["text"])
            else:
                resolution = {"opgelost": Status.SOLVED, "niet-oplosbaar": Status.UNSOLVABLE, "gepland": Status.PLANNED}
                services.close_melding(
                    melding,
                    actor=request.user,
                    resolution=resolution[action],
                    text=data["text"],
                    planned_date=data["planned_date"],
                    delay_reason=data["delay_reason"],
                    delay_text=data["delay_text"],
                )
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        context = _detail_context(request, melding, form)
        context["failed_action"] = action
        return render(request, "meldingen/detail.html", context, status=400)
    messages.success(request, f"Melding {melding.number}: {ACTIONS[action].lower()} is gelukt.")
    return redirect("meldingen:detail", number=melding.number)


@permission_required("meldingen.view_melding")
@require_GET
def photo(request: HttpRequest, number: str, pk: int) -> FileResponse:
    melding = _detail_or_404(request, number)
    item = get_object_or_404(Photo, pk=pk, melding=melding)
    response = FileResponse(default_storage.open(item.file.name, "rb"), content_type=item.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
