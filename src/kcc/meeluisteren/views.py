"""Pages of meeluisteren: the review form per contact, the list, one review, the findings."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kcc.contacten.models import Contactmoment
from kcc.core.access import permission_required
from kcc.meeluisteren import selectors, services
from kcc.meeluisteren.forms import ReviewForm
from kcc.meeluisteren.models import Item
from kcc.rapportage.period import parse_date

CONTACT_NUMBER = re.compile(r"^\s*(?:C-\d{4}-)?0*(\d{1,12})\s*$", re.IGNORECASE)


def _can_see_any(user) -> bool:
    return user.has_perm("meeluisteren.view_all_reviews") or user.has_perm("meeluisteren.view_own_reviews")


@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    if not _can_see_any(request.user):
        raise PermissionDenied
    reviews = selectors.visible_reviews(request.user).order_by("-created_at", "-id")
    page = Paginator(reviews, 50).get_page(request.GET.get("pagina"))
    return render(request, "meeluisteren/list.html", {"page": page})


@require_GET
@permission_required("meeluisteren.add_review")
def pick_contact(request: HttpRequest) -> HttpResponse:
    value = request.GET.get("contact", "")
    error = ""
    if value:
        match = CONTACT_NUMBER.match(value)
        contact = Contactmoment.objects.filter(pk=int(match.group(1))).first() if match else None
        if contact is not None:
            return redirect("meeluisteren:new", contact_pk=contact.pk)
        error = f"Contact ‘{value}’ bestaat niet. Geef een contactnummer zoals C-2026-000123."
    recent = Contactmoment.objects.filter(ended_at__isnull=False, agent__isnull=False).select_related("agent")[:20]
    return render(request, "meeluisteren/pick.html", {"error": error, "value": value, "recent": recent},
                  status=400 if error else 200)  # fmt: skip


@require_http_methods(["GET", "POST"])
@permission_required("meeluisteren.add_review")
def review_new(request: HttpRequest, contact_pk: int) -> HttpResponse:
    contact = get_object_or_404(Contactmoment.objects.select_related("agent"), pk=contact_pk)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review = services.create_review(contact=contact, reviewer=request.user, answers=form.answers(),
                                                summary=form.cleaned_data["summary"])  # fmt: skip
            except ValidationError as error:
                for key, message in error.message_dict.items():
                    form.add_error(key if key in form.fields else None, message)
            else:
                messages.success(request, "De beoordeling is opgeslagen.")
                return redirect("meeluisteren:detail", pk=review.pk)
        status = 400
    questions = contact.questions.select_related("unit").prefetch_related("transfer_attempts")
    return render(request, "meeluisteren/form.html", {"form": form, "contact": contact, "questions": questions},
                  status=status)  # fmt: skip


@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not _can_see_any(request.user):
        raise PermissionDenied
    review = get_object_or_404(selectors.visible_reviews(request.user), pk=pk)
    answers = {answer.item: answer for answer in review.answers.all()}
    rows = [(item.label, answers.get(item.value)) for item in Item]
    return render(request, "meeluisteren/detail.html", {"review": review, "rows": rows})


@require_GET
@permission_required("meeluisteren.view_all_reviews")
def findings(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("per", "team")
    errors = {}
    if by not in ("team", "medewerker"):
        errors["per"] = "Kies per team of per medewerker."
        by = "team"
    dates = {}
    for name in ("van", "tot"):
        if request.GET.get(name):
            try:
                dates[name] = parse_date(request.GET[name], name)
            except ValidationError as error:
                errors[name] = error.message_dict[name][0]
    rows = [] if errors else selectors.findings(by=by, start=dates.get("van"), end=dates.get("tot"))
    return render(request, "meeluisteren/findings.html", {
        "rows": rows, "by": by, "items": list(Item), "errors": errors,
        "filters": {"van": request.GET.get("van", ""), "tot": request.GET.get("tot", "")},
    }, status=400 if errors else 200)  # fmt: skip
