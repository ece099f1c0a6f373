"""The workspace pages of the staff directory. Thin: selectors read, services write."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kcc.contacten import capture
from kcc.contacten.cockpit import active_contact_for
from kcc.contacten.models import QuestionItem, TransferAttempt
from kcc.core.access import permission_required
from kcc.core.models import OrganisationUnit
from kcc.core.search import QueryTooLong
from kcc.medewerkers import selectors, services
from kcc.medewerkers.forms import AbsenceForm
from kcc.medewerkers.models import Absence, Flag, Person
from kcc.medewerkers.presence import Reachability
from kcc.medewerkers.selectors import parse_moment

CALLBACK_URL_NAME = "contacten:callback-new"
VIEW = "medewerkers.view_person"


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _callback_reason(reach: Reachability) -> str:
    """The callback reason code (contacten's ``Callback.Reason``) for why this transfer cannot happen."""
    target = reach.target
    unit = target.unit if target.kind == "medewerker" else target
    if unit is not None and unit.unit.policy == OrganisationUnit.TransferPolicy.NO_TRANSFER:
        return "beleid"
    if target.kind == "medewerker" and not target.present:
        return "persoon_afwezig"
    return "eenheid_onbereikbaar"


def callback_url(reach: Reachability) -> str:
    """The contacten module's new-callback page, prefilled with the target and the reason."""
    target = reach.target
    params = {"reden": _callback_reason(reach)}
    if target.kind == "medewerker":
        params["persoon"] = target.person.id
        if target.unit is not None:
            params["eenheid"] = target.unit.unit.code
    else:
        params["eenheid"] = target.unit.code
    return f"{reverse(CALLBACK_URL_NAME)}?{urlencode(params)}"


def search_section(request: HttpRequest, query: str) -> dict[str, Any] | None:
    """The "Medewerkers en afdelingen" group of the header search box."""
    try:
        results = selectors.search_directory(query, viewer=request.user)
    except QueryTooLong:
        return None
    if not results.people and not results.units:
        return None
    return {"people": results.people, "units": results.units, "query": query}


def _panel_context(request: HttpRequest, reach: Reachability, **extra: Any) -> dict[str, Any]:
    return {
        "reach": reach,
        "callback_url": callback_url(reach) if reach.offer_callback else None,
        "can_flag": request.user.has_perm("medewerkers.add_flag"),
        "active_contact": active_contact_for(request) if request.user.has_perm(capture.REGISTER) else None,
        "transfer_reasons": TransferAttempt.Reason.choices,
        "flag_kinds": Flag.Kind.choices,
        **extra,
    }


def _render_panel(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    template = "medewerkers/panel.html" if _is_htmx(request) else "medewerkers/panel_page.html"
    return render(request, template, context)


@require_GET
@permission_required(VIEW)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "medewerkers/index.html", {"units": selectors.units_with_people()})


def _moment(request: HttpRequest) -> datetime:
    """``?tijdstip=`` (reachability at another moment) or now; a bad value says so and uses now."""
    try:
        return parse_moment(request.GET.get("tijdstip", ""))
    except ValueError as error:
        messages.error(request, str(error))
        return timezone.now()


@require_GET
@permission_required(VIEW)
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(OrganisationUnit.objects.select_related("parent", "coordinator"), code=code)
    item = capture.item_opened(request, QuestionItem.Kind.UNIT, unit.pk)
    at = _moment(request)
    people = selectors.reachability_of_people(selectors.people_of_unit(unit), viewer=request.user, at=at)
    response = render(
        request,
        "medewerkers/unit_detail.html",
        {"unit": unit, "people": people, "reach": selectors.unit_reachability(unit, at=at)},
    )
    return capture.opened_response(response, item)


@require_GET
@permission_required(VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.people_with_details(), pk=pk)
    item = capture.item_opened(request, QuestionItem.Kind.PERSON, person.pk)
    reach = selectors.person_reachability(person, viewer=request.user, at=_moment(request))
    may_manage = selectors.may_manage_absences(request.user, person)
    response = render(
        request,
        "medewerkers/person_detail.html",
        _panel_context(
            request,
            reach,
            person=person,
            show_mobile=selectors.may_see_mobile(request.user, person),
            absences=selectors.upcoming_absences(person),
            now=timezone.now(),
            may_manage=may_manage,
            absence_form=AbsenceForm() if may_manage else None,
            flags=selectors.open_flags(person=person),
        ),
    )
    return capture.opened_response(response, item)


def _person_panel(request: HttpRequest, person: Person) -> HttpResponse:
    reach = selectors.person_reachability(person, viewer=request.user, at=_moment(request))
    return _render_panel(request, _panel_context(request, reach, flags=selectors.open_flags(person=person)))


def _unit_panel(request: HttpRequest, unit: OrganisationUnit) -> HttpResponse:
    at = _moment(request)
    context = _panel_context(
        request,
        selectors.unit_reachability(unit, at=at),
        options=selectors.who_can_take_for_unit(unit, viewer=request.user, at=at),
        flags=selectors.open_flags(unit=unit),
    )
    return _render_panel(request, context)


@require_GET
@permission_required(VIEW)
def person_panel(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk, is_active=True)
    item = capture.item_opened(request, QuestionItem.Kind.PERSON, person.pk)
    return capture.opened_response(_person_panel(request, person), item)


@require_GET
@permission_required(VIEW)
def unit_panel(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(OrganisationUnit, code=code, is_active=True)
    item = capture.item_opened(request, QuestionItem.Kind.UNIT, unit.pk)
    return capture.opened_response(_unit_panel(request, unit), item)


@require_GET
@permission_required(VIEW)
def who_can_take(request: HttpRequest) -> HttpResponse:
    topic = request.GET.get("onderwerp", "").strip()
    error, options = "", []
    if topic:
        try:
            options = selectors.who_can_take_for_topic(topic, viewer=request.user, at=_moment(request))
        except QueryTooLong as too_long:
            error = str(too_long)
    return render(request, "medewerkers/who_can_take.html", {"topic": topic, "options": options, "error": error})


@require_POST
@permission_required("medewerkers.add_flag")
def flag(request: HttpRequest, pk: int | None = None, code: str | None = None) -> HttpResponse:
    """One click from the panel: the number (or presence) is wrong. Answers with the updated panel."""
    person = get_object_or_404(Person, pk=pk, is_active=True) if pk is not None else None
    unit = get_object_or_404(OrganisationUnit, code=code) if code is not None else None
    try:
        services.flag_wrong(actor=request.user, kind=request.POST.get("soort", ""), person=person, unit=unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Dank u. De coördinator van de eenheid controleert het.")
    if not _is_htmx(request):
        return redirect(f"{request.path.removesuffix('melden/')}doorverbinden/")
    return _person_panel(request, person) if person is not None else _unit_panel(request, unit)


def _absence_period(data: dict[str, Any]) -> tuple[datetime, datetime | None]:
    """From the form: the start (default the start of the day) and the end ("tot en met" the end date)."""
    starts_at = timezone.make_aware(datetime.combine(data["start_date"], data["start_time"] or time(0, 0)))
    if not data["end_date"]:
        return starts_at, None
    if data["end_time"]:
        return starts_at, timezone.make_aware(datetime.combine(data["end_date"], data["end_time"]))
    return starts_at, timezone.make_aware(datetime.combine(data["end_date"] + timedelta(days=1), time(0, 0)))


@require_POST
@permission_required(VIEW)
def absence_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.people_with_details(), pk=pk)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        starts_at, ends_at = _absence_period(form.cleaned_data)
        try:
            services.add_absence(
                actor=request.user,
                person=person,
                kind=form.cleaned_data["kind"],
                starts_at=starts_at,
                ends_at=ends_at,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "De afwezigheid is opgeslagen.")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("medewerkers:person", pk=person.pk)


@require_POST
@permission_required(VIEW)
def absence_end(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_object_or_404(Absence.objects.select_related("person"), pk=pk)
    try:
        services.end_absence(absence, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{absence.person.name} is weer aanwezig.")
    return redirect("medewerkers:person", pk=absence.person_id)


@require_POST
@permission_required(VIEW)
def absence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_object_or_404(Absence.objects.select_related("person"), pk=pk)
    person_id = absence.person_id
    services.remove_absence(absence, actor=request.user)
    messages.success(request, "De afwezigheid is verwijderd.")
    return redirect("medewerkers:person", pk=person_id)


@require_GET
@permission_required("medewerkers.view_freshness")
def freshness(request: HttpRequest) -> HttpResponse:
    rows = selectors.freshness_overview(timezone.localdate())
    overdue = [row for row in rows if row.state == "te_laat"]
    return render(request, "medewerkers/freshness.html", {"rows": rows, "overdue": overdue})


@require_GET
@permission_required("medewerkers.confirm_unit")
def coordinator(request: HttpRequest) -> HttpResponse:
    unit_ids = selectors.coordinated_unit_ids(request.user)
    return render(
        request,
        "medewerkers/coordinator.html",
        {
            "rows": selectors.freshness_overview(timezone.localdate(), unit_ids=unit_ids),
            "flags": selectors.open_flags_for_units(unit_ids),
        },
    )


@require_POST
@permission_required("medewerkers.confirm_unit")
def confirm(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_object_or_404(OrganisationUnit, code=code)
    services.confirm_unit(unit, actor=request.user)
    messages.success(request, f"Bedankt. De gegevens van {unit.name} zijn bevestigd.")
    return redirect("medewerkers:coordinator")


@require_POST
@permission_required("medewerkers.confirm_unit")
def resolve_flag(request: HttpRequest, pk: int) -> HttpResponse:
    flag_row = get_object_or_404(Flag.objects.select_related("unit", "task", "person"), pk=pk)
    services.resolve_flag(flag_row, actor=request.user, resolution=request.POST.get("afhandeling", ""))
    messages.success(request, "De melding is afgehandeld.")
    return redirect("medewerkers:coordinator")
