from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.http import require_GET

from kcc.core.selectors import open_tasks_for
from kcc.core.workspace import search_sections_for

MAX_QUERY_LENGTH = 200


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"tasks": open_tasks_for(request.user)[:20]})


@require_GET
def workspace_search(request: HttpRequest) -> HttpResponse:
    """The header search box: every section the user may see, grouped by source."""
    query = request.GET.get("q", "").strip()
    error = ""
    sections = []
    if len(query) > MAX_QUERY_LENGTH:
        error = f"Uw zoekvraag is te lang. Gebruik maximaal {MAX_QUERY_LENGTH} tekens."
    elif query:
        for section in search_sections_for(request.user):
            context = section.search(request, query)
            if context is not None:
                sections.append((section, context))
    template = "core/search_results.html" if request.headers.get("HX-Request") else "core/search.html"
    return render(request, template, {"query": query, "sections": sections, "error": error})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for a URL no view matched: JSON under /api/ (what API clients and the schema expect)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Niet gevonden."}, status=404)
    return defaults.page_not_found(request, exception)
