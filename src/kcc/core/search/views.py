from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from kcc.core.access import permission_required
from kcc.core.search import services
from kcc.core.search.models import Synonym

EDIT_PERMISSION = "search.change_synonym"


@permission_required("search.view_synonym")
@require_http_methods(["GET", "POST"])
def synonyms(request: HttpRequest) -> HttpResponse:
    """The synonym list, with a form to add one for those who may change it."""
    errors: dict[str, list[str]] = {}
    form = {"term": "", "replacements": ""}
    if request.method == "POST":
        if not request.user.has_perm(EDIT_PERMISSION):
            raise PermissionDenied
        form = {"term": request.POST.get("term", ""), "replacements": request.POST.get("replacements", "")}
        try:
            synonym = services.add_synonym(
                term=form["term"], replacements=form["replacements"].split(","), actor=request.user
            )
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, f"‘{synonym.term}’ is toegevoegd. Zoekopdrachten gebruiken het meteen.")
            return redirect("search:synonyms")
    query = request.GET.get("q", "").strip()[:100]
    items = Synonym.objects.all()
    if query:
        items = items.filter(Q(term__icontains=query) | Q(replacements__icontains=query))
    return render(
        request,
        "search/synonyms.html",
        {
            "synonyms": items,
            "filter": query,
            "form": form,
            "errors": errors,
            "can_edit": request.user.has_perm(EDIT_PERMISSION),
        },
        status=400 if errors else 200,
    )


@permission_required(EDIT_PERMISSION)
@require_POST
def delete_synonym(request: HttpRequest, pk: int) -> HttpResponse:
    synonym = get_object_or_404(Synonym, pk=pk)
    services.delete_synonym(synonym=synonym, actor=request.user)
    messages.success(request, f"‘{synonym.term}’ is verwijderd.")
    return redirect("search:synonyms")
