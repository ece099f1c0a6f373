"""The identification block in a contact: search the BRP (htmx) and link the chosen person."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from kcc.brp import services
from kcc.brp.client import MAX_RESULTS_SHOWN, BrpFout
from kcc.brp.forms import ChooseForm, SearchForm
from kcc.contacten.models import Contactmoment
from kcc.contacten.privacy import mask_bsn
from kcc.core.access import permission_required

_LOOKUP = "brp.lookup_person"


def _errors(error: ValidationError) -> list[str]:
    return error.messages


def _failed(request: HttpRequest, context: dict, status: int) -> HttpResponse:
    """The block with the errors; htmx swaps only 2xx answers (base.html), so it gets a 200."""
    return render(request, "brp/_results.html", context, status=200 if request.headers.get("HX-Request") else status)


@require_POST
@permission_required(_LOOKUP)
def search(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contactmoment, pk=pk)
    form = SearchForm(request.POST)
    context = {"contact": contact, "errors": [], "persons": None}
    if not form.is_valid():
        context["errors"] = [
            f"{form.fields[name].label}: {' '.join(messages)}" for name, messages in form.errors.items()
        ]
        return _failed(request, context, 400)
    data = form.cleaned_data
    try:
        persons = services.search(
            contact,
            user=request.user,
            kind=data["zoekwijze"],
            purpose=data["doel"],
            bsn=data["bsn"],
            address=data["adres"],
            surname=data["achternaam"],
            birth_date=data["geboortedatum"],
        )
    except ValidationError as error:
        context["errors"] = _errors(error)
        return _failed(request, context, 400)
    except BrpFout as error:
        context["errors"] = [str(error)]
        return _failed(request, context, 502)
    context["persons"] = [
        (person, mask_bsn(person.bsn), services.seal_selection(contact, person, data["doel"]))
        for person in persons[:MAX_RESULTS_SHOWN]
    ]
    context["not_shown"] = max(len(persons) - MAX_RESULTS_SHOWN, 0)
    return render(request, "brp/_results.html", context)


@require_POST
@permission_required(_LOOKUP)
def choose(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contactmoment, pk=pk)
    form = ChooseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Kies een persoon uit de zoekresultaten.")
        services.identify(contact, user=request.user, selection=form.cleaned_data["selectie"])
    except ValidationError as error:
        return _failed(request, {"contact": contact, "errors": _errors(error)}, 400)
    # No fragment: to the same page with only a fragment the browser would not reload.
    url = reverse("contacten:detail", args=[contact.pk])
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)
