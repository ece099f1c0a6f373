from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import condition, require_GET

from kcc.accounts.middleware import second_factor_exempt
from kcc.core.calendar import today
from kcc.core.models import Task
from kcc.core.roles import Role
from kcc.core.selectors import tasks_for, users_with_role
from kcc.core.theme import logo_css, profile, theme_css
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


def _theme_etag(request: HttpRequest) -> str:
    return f'"{profile().updated_at.timestamp():.0f}"'


@login_not_required
@second_factor_exempt
@require_GET
@condition(etag_func=_theme_etag)
def theme_stylesheet(request: HttpRequest) -> HttpResponse:
    """The municipality's colours and font as CSS custom properties over the NL Design System theme."""
    current = profile()
    css = theme_css(current)
    if current.logo:
        css += logo_css(current, reverse("theme-logo"))
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The browser asks again (ETag) so a new colour shows at once; mostly that answer is a 304.
    patch_cache_control(response, no_cache=True, public=True)
    return response


@login_not_required
@second_factor_exempt
@require_GET
@condition(etag_func=_theme_etag)
def theme_logo(request: HttpRequest) -> HttpResponse:
    current = profile()
    if not current.logo:
        raise Http404("Er is geen logo ingesteld.")
    response = HttpResponse(bytes(current.logo), content_type="image/png")
    response["Last-Modified"] = http_date(current.updated_at.timestamp())
    patch_cache_control(response, public=True, max_age=86400)
    return response


# Public links that carry a secret and can expire: what a citizen can do to get a new one.
PUBLIC_LINK_HELP = (
    ("/melding/", "Deze link naar uw melding werkt niet (meer). Controleer of u de hele link uit de e-mail hebt "
                  "gekopieerd. Een nieuwe link krijgt u als u ons belt of mailt met uw meldingnummer."),
    ("/afspraak/", "Deze link naar uw afspraak werkt niet (meer). Misschien is de afspraak al voorbij of "
                   "geannuleerd. Een nieuwe afspraak maakt u via de website of door ons te bellen."),
    ("/zaak/", "Deze link naar uw zaak werkt niet (meer). Bel of mail ons met uw zaaknummer; dan sturen wij u "
               "een nieuwe link."),
    ("/klacht/", "Deze pagina van het klachtenformulier bestaat niet. U kunt uw klacht opnieuw indienen via "
                 "het klachtenformulier, of ons bellen."),
)  # fmt: skip


def _error_page(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    if not hasattr(request, "user"):  # refused before the authentication middleware ran (bad host, ...)
        request.user = AnonymousUser()
    return HttpResponse(loader.render_to_string(template, context, request), status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: JSON under /api/ (what API clients and the schema expect), else a Dutch page with a way forward."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Niet gevonden."}, status=404)
    public_help = next((text for prefix, text in PUBLIC_LINK_HELP if request.path.startswith(prefix)), "")
    return _error_page(request, "404.html", 404, public_help=public_help)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403 with who can help: the application managers (beheerders) by name."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "U heeft geen toestemming voor deze actie."}, status=403)
    user = getattr(request, "user", None)
    helpers = users_with_role(Role.ADMIN)[:3] if user is not None and user.is_authenticated else []
    return _error_page(request, "403.html", 403, helpers=helpers)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Ongeldig verzoek."}, status=400)
    return _error_page(request, "400.html", 400)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from an expired page or with cookies blocked: say what to do, never a technical reason."""
    return _error_page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 without the database or context processors: whatever failed may fail again while rendering."""
    page = loader.render_to_string("500.html", {"municipality_name": settings.KCC_MUNICIPALITY_NAME})
    return HttpResponse(page, status=500)
