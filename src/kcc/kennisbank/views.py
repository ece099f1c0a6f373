"""Pages of the knowledge base: the agent's search and answers, editing, feedback, news, public pages.

Views are thin: they check the role, validate input with a form and call a service or selector.
Partials answer htmx requests (``HX-Request``) so answers, feedback and news update in place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kcc.contacten import capture
from kcc.contacten.models import QuestionItem
from kcc.core.access import permission_required
from kcc.core.calendar import today
from kcc.core.params import parse_id
from kcc.core.ratelimit import over_public_rate
from kcc.core.search import QueryTooLong
from kcc.core.workspace import HeaderBadge
from kcc.kennisbank import selectors, services
from kcc.kennisbank.forms import (
    FeedbackForm,
    HandleFeedbackForm,
    MissingFeedbackForm,
    NewsForm,
    VACForm,
    apply_errors,
)
from kcc.kennisbank.models import VAC, Feedback, LearnedTerm, NewsItem, SearchLog

PUBLIC_LOG_SALT = "kennisbank.public-search-log"


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _agent_search(request: HttpRequest, query: str, *, prefix: str) -> dict[str, Any]:
    """The context of ``kennisbank/_results.html``: results, the log row, or a Dutch error."""
    context: dict[str, Any] = {"query": query.strip(), "prefix": prefix}
    try:
        log, results = services.search_and_log(query=query, channel=SearchLog.Channel.AGENT, user=request.user)
    except (services.EmptyQuery, QueryTooLong) as error:
        context["error"] = str(error)
    else:
        context.update(results=results, search_log=log)
    return context


def workspace_section(request: HttpRequest, query: str) -> dict[str, Any]:
    """The Kennisbank group of the header search box (see ``kcc.core.workspace``)."""
    return _agent_search(request, query, prefix="hdr")


def news_badge(request: HttpRequest) -> HeaderBadge | None:
    """Header badge: the number of unread important news items, when there are any."""
    if not request.user.has_perm("kennisbank.view_newsitem"):
        return None
    count = selectors.unread_important_count(request.user)
    if not count:
        return None
    return HeaderBadge("Belangrijk nieuws", count, reverse("kennisbank:news"), important=True)


# --- Agent: search and answers --------------------------------------------------------------


@permission_required("kennisbank.search_vac")
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    result = _agent_search(request, query, prefix="kb") if "q" in request.GET else None
    if _htmx(request):
        return render(request, "kennisbank/_results.html", {"result": result})
    return render(request, "kennisbank/search.html", {"query": query.strip(), "result": result})


@permission_required("kennisbank.search_vac")
@require_GET
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """An answer for agents (with toelichting); opening it after a search is logged."""
    try:
        vac = selectors.vac_for_agent(pk)
    except VAC.DoesNotExist:
        raise Http404("Deze VAC bestaat niet of is niet actief.") from None
    log = selectors.search_log_of(request.user, request.GET.get("zoeklog"))
    if log is not None:
        services.record_opened(search_log=log, vac=vac)
    item = capture.item_opened(request, QuestionItem.Kind.VAC, vac.pk)
    context = {"vac": vac, "search_log": log, "owner": selectors.owner_of(vac)}
    template = "kennisbank/_answer.html" if _htmx(request) else "kennisbank/answer.html"
    return capture.opened_response(render(request, template, context), item)


@permission_required("kennisbank.search_vac")
@require_POST
def backoffice_contacted(request: HttpRequest, pk: int) -> HttpResponse:
    log = selectors.search_log_of(request.user, pk)
    if log is None:
        raise Http404("Deze zoekopdracht is niet van u.")
    services.mark_backoffice_contacted(log.pk)
    if _htmx(request):
        return render(request, "kennisbank/_backoffice_done.html")
    messages.success(request, "Vastgelegd dat u de backoffice hebt benaderd.")
    return redirect("kennisbank:search")


# --- Feedback -------------------------------------------------------------------------------


@permission_required("kennisbank.add_feedback")
@require_http_methods(["GET", "POST"])
def give_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    vac = get_object_or_404(VAC.objects.select_related("owner_user", "owner_unit"), pk=pk)
    form = FeedbackForm(
        request.POST or None, initial={"zoeklog": request.GET.get("zoeklog")}, auto_id=f"feedback-{vac.pk}-%s"
    )
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.give_feedback(
                actor=request.user,
                vac=vac,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                search_log=selectors.search_log_of(request.user, form.cleaned_data["zoeklog"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _feedback_given(request, feedback)
    template = "kennisbank/_feedback_form.html" if _htmx(request) else "kennisbank/feedback_form.html"
    return render(request, template, {"form": form, "vac": vac})


@permission_required("kennisbank.add_feedback")
@require_http_methods(["GET", "POST"])
def report_missing(request: HttpRequest) -> HttpResponse:
    """Feedback "ontbreekt" without a VAC, typically from a search that found nothing."""
    initial = {"query": request.GET.get("q", "")[:200], "zoeklog": request.GET.get("zoeklog")}
    form = MissingFeedbackForm(request.POST or None, initial=initial, auto_id="missing-%s")
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.give_feedback(
                actor=request.user,
                kind=Feedback.Kind.MISSING,
                query=form.cleaned_data["query"],
                note=form.cleaned_data["note"],
                unit=form.cleaned_data["unit"],
                search_log=selectors.search_log_of(request.user, form.cleaned_data["zoeklog"]),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _feedback_given(request, feedback)
    template = "kennisbank/_missing_form.html" if _htmx(request) else "kennisbank/missing_form.html"
    return render(request, template, {"form": form})


def _feedback_given(request: HttpRequest, feedback: Feedback) -> HttpResponse:
    if _htmx(request):
        return render(request, "kennisbank/_feedback_given.html", {"feedback": feedback})
    messages.success(request, "Bedankt. Uw feedback is doorgestuurd; u ziet de afhandeling bij ‘Mijn feedback’.")
    return redirect("kennisbank:my-feedback")


@permission_required("kennisbank.add_feedback")
@require_GET
def my_feedback(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.feedback_given_by(request.user), 50).get_page(request.GET.get("pagina"))
    return render(request, "kennisbank/my_feedback.html", {"page": page})


@permission_required("kennisbank.handle_feedback")
@require_GET
def feedback_inbox(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("alle") != "1"
    feedback = selectors.feedback_inbox(request.user, open_only=open_only)
    page = Paginator(feedback, 50).get_page(request.GET.get("pagina"))
    return render(request, "kennisbank/feedback_inbox.html", {"page": page, "open_only": open_only})


@permission_required("kennisbank.handle_feedback")
@require_http_methods(["GET", "POST"])
def handle_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        Feedback.objects.select_related("vac", "task", "given_by", "task__assignee", "task__unit"), pk=pk
    )
    if not selectors.can_handle_feedback(request.user, feedback):
        raise PermissionDenied("Deze feedback is niet aan u of uw afdeling gericht.")
    form = HandleFeedbackForm(
        request.POST or None, initial={"status": feedback.task.status, "answer": feedback.task.resolution}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_feedback(feedback=feedback, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "De feedback is bijgewerkt. De medewerker ziet uw antwoord.")
            return redirect("kennisbank:feedback-inbox")
    return render(request, "kennisbank/feedback_handle.html", {"form": form, "feedback": feedback})


# --- Content gaps ----------------------------------------------------------------------------


GAP_PERIODS = {7: "7 dagen", 30: "30 dagen", 90: "90 dagen", 365: "een jaar"}


@permission_required("kennisbank.view_searchlog")
@require_GET
def content_gaps(request: HttpRequest) -> HttpResponse:
    days = int(request.GET["dagen"]) if request.GET.get("dagen") in {str(d) for d in GAP_PERIODS} else 30
    context = {
        "days": days,
        "periods": GAP_PERIODS,
        "zero_results": selectors.zero_result_queries(days=days),
        "unopened": selectors.unopened_queries(days=days),
        "candidates": selectors.candidate_terms(days=days),
    }
    return render(request, "kennisbank/content_gaps.html", context)


@permission_required("kennisbank.change_vac")
@require_POST
def accept_keyword(request: HttpRequest) -> HttpResponse:
    vac_id = request.POST.get("vac", "")
    vac = get_object_or_404(VAC, pk=parse_id(vac_id) or 0)
    term = request.POST.get("term", "")[:100]
    try:
        services.add_keyword(vac=vac, term=term, actor=request.user)
    except ValidationError as error:
        text, ok = " ".join(error.messages), False
    else:
        text, ok = f"‘{term}’ is toegevoegd als trefwoord van ‘{vac.vraag}’.", True
    if _htmx(request):
        return render(request, "kennisbank/_keyword_added.html", {"text": text, "ok": ok})
    (messages.success if ok else messages.error)(request, text)
    return redirect("kennisbank:content-gaps")


@permission_required("kennisbank.change_vac")
@require_GET
def learned_terms(request: HttpRequest, pk: int) -> HttpResponse:
    vac = get_object_or_404(VAC, pk=pk)
    context = {"vac": vac, "terms": selectors.learned_terms(vac), "min_agents": services.LEARN_MIN_AGENTS}
    return render(request, "kennisbank/learned_terms.html", context)


@permission_required("kennisbank.change_vac")
@require_POST
def veto_learned_term(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_learned_term(request, pk, services.veto_learned_term, "‘{}’ is afgewezen en telt niet meer mee.")


@permission_required("kennisbank.change_vac")
@require_POST
def restore_learned_term(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_learned_term(request, pk, services.restore_learned_term, "‘{}’ is weer toegestaan.")


def _change_learned_term(request: HttpRequest, pk: int, change: Any, done: str) -> HttpResponse:
    learned = get_object_or_404(LearnedTerm.objects.select_related("vac"), pk=pk)
    try:
        change(learned=learned, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(learned.term))
    return redirect("kennisbank:learned-terms", learned.vac_id)


# --- Editing VAC's -------------------------------------------------------------------------


@permission_required("kennisbank.change_vac")
@require_GET
def vac_list(request: HttpRequest) -> HttpResponse:
    mine_only = request.GET.get("alle") != "1"
    status = request.GET.get("status", "")
    vacs = selectors.editor_vacs(request.user, mine_only=mine_only, status=status)
    page = Paginator(vacs, 50).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "mine_only": mine_only,
        "status": status,
        "statuses": VAC.Status.choices,
        "today": today(),
    }
    return render(request, "kennisbank/vac_list.html", context)


def _edit(request: HttpRequest, vac: VAC | None) -> HttpResponse:
    form = VACForm(request.POST or None, instance=vac)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_vac(
                vac=vac,
                actor=request.user,
                afdelingen=list(data["afdelingen"]),
                related=data["related"],
                **{name: data[name] for name in VACForm.SERVICE_FIELDS},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"De VAC is opgeslagen (versie {saved.version}).")
            return redirect("kennisbank:vac-edit", pk=saved.pk)
    return render(request, "kennisbank/vac_form.html", {"form": form, "vac": vac})


@permission_required("kennisbank.add_vac")
@require_http_methods(["GET", "POST"])
def vac_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@permission_required("kennisbank.change_vac")
@require_http_methods(["GET", "POST"])
def vac_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(VAC, pk=pk))


@permission_required("kennisbank.view_vacversion")
@require_GET
def vac_history(request: HttpRequest, pk: int) -> HttpResponse:
    vac = get_object_or_404(VAC, pk=pk)
    return render(request, "kennisbank/vac_history.html", {"vac": vac, "changes": selectors.version_history(vac)})


# --- Nieuws en werkinstructies ----------------------------------------------------------------


@permission_required("kennisbank.view_newsitem")
@require_GET
def news(request: HttpRequest) -> HttpResponse:
    return render(request, "kennisbank/news.html", {"items": selectors.news_for(request.user)})


@permission_required("kennisbank.view_newsitem")
@require_POST
def news_read(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.news_for(request.user), pk=pk)
    services.mark_news_read(news=item, user=request.user)
    if _htmx(request):
        item.is_read = True
        return render(request, "kennisbank/_news_item.html", {"item": item})
    return redirect("kennisbank:news")


@permission_required("kennisbank.add_newsitem")
@require_GET
def news_manage(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.all_news(), 50).get_page(request.GET.get("pagina"))
    return render(request, "kennisbank/news_manage.html", {"page": page})


def _edit_news(request: HttpRequest, item: NewsItem | None) -> HttpResponse:
    form = NewsForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_news(actor=request.user, news=item, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Het bericht is opgeslagen.")
            return redirect("kennisbank:news-manage")
    return render(request, "kennisbank/news_form.html", {"form": form, "item": item})


@permission_required("kennisbank.add_newsitem")
@require_http_methods(["GET", "POST"])
def news_create(request: HttpRequest) -> HttpResponse:
    return _edit_news(request, None)


@permission_required("kennisbank.change_newsitem")
@require_http_methods(["GET", "POST"])
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit_news(request, get_object_or_404(NewsItem, pk=pk))


@permission_required("kennisbank.delete_newsitem")
@require_POST
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.delete_news(news=get_object_or_404(NewsItem, pk=pk), actor=request.user)
    messages.success(request, "Het bericht is verwijderd.")
    return redirect("kennisbank:news-manage")


# --- Public pages ---------------------------------------------------------------------------


def _over_public_rate(request: HttpRequest) -> bool:
    return over_public_rate(request, "kennisbank:public-search", settings.KCC_KENNISBANK_PUBLIC_SEARCHES_PER_MINUTE)


@login_not_required
@require_GET
def public_search(request: HttpRequest) -> HttpResponse:
    """The public knowledge base: the same search, over active public VAC's only."""
    query = request.GET.get("q", "")
    context: dict[str, Any] = {"query": query.strip(), "searched": "q" in request.GET}
    status = 200
    if context["searched"]:
        if _over_public_rate(request):
            context["error"] = "U hebt te vaak achter elkaar gezocht. Wacht een minuut en probeer het dan opnieuw."
            status = 429
        else:
            try:
                log, results = services.search_and_log(query=query, channel=SearchLog.Channel.PUBLIC, public_only=True)
            except (services.EmptyQuery, QueryTooLong) as error:
                context["error"], status = str(error), 400
            else:
                context.update(results=results, token=signing.dumps(log.pk, salt=PUBLIC_LOG_SALT))
    response = render(request, "kennisbank/public_search.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


@login_not_required
@require_GET
def public_answer(request: HttpRequest, uuid: Any) -> HttpResponse:
    """A public answer: vraag, antwoord, links and related public VAC's; never the internal toelichting."""
    try:
        vac = selectors.public_vac(uuid)
    except VAC.DoesNotExist:
        raise Http404("Deze vraag bestaat niet of is niet openbaar.") from None
    if token := request.GET.get("z"):
        try:
            log_id = signing.loads(token, salt=PUBLIC_LOG_SALT, max_age=3600)
        except signing.BadSignature:
            log_id = None
        log = SearchLog.objects.filter(pk=log_id, channel=SearchLog.Channel.PUBLIC).first() if log_id else None
        if log is not None:
            services.record_opened(search_log=log, vac=vac)
    return render(request, "kennisbank/public_answer.html", {"vac": vac})
