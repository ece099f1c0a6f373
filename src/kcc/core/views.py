from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views import defaults
from django.views.decorators.http import require_GET

from kcc.core.calendar import today
from kcc.core.models import Task
from kcc.core.selectors import tasks_for
from kcc.core.workspace import home_sections_for, search_sections_for, task_subject_url, work_for

MAX_QUERY_LENGTH = 200


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs me now (every capability's open work, overdue first) and my own recent work."""
    day = today()
    work = work_for(request.user, day)
    return render(
        request,
        "core/home.html",
        {
            "work": [(item, item.overdue_on(day), item.deadline == day) for item in work],
            "overdue_count": sum(item.overdue_on(day) for item in work),
            "sections": home_sections_for(request.user),
        },
    )


@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task without a page of its own: what, why, until when, and the way to its subject."""
    task = get_object_or_404(tasks_for(request.user), pk=pk)
    return render(
        request,
        "core/task_detail.html",
        {
            "task": task,
            "subject_url": task_subject_url(task.subject_type, task.subject_id),
            "overdue": task.status in (Task.Status.OPEN, Task.Status.IN_PROGRESS) and task.deadline < today(),
        },
    )


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
