"""The docked cockpit: the agent's running contacts beside every workspace page (thin views).

Every view answers an htmx request with the whole panel (so tabs, questions and the klantbeeld
never disagree) and a plain form post with a redirect back to the page the agent was on. Bad
input shows in the panel beside the field it is about; it is answered with 200 all the same,
because the browser reports every 4xx of a background request as a console error.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from kcc.contacten import capture, cockpit, forms, selectors, services
from kcc.contacten.models import Contactmoment, Question
from kcc.core.access import permission_required
from kcc.core.models import OrganisationUnit

REGISTER = "contacten.add_contactmoment"
PANEL_TEMPLATE = "contacten/cockpit/panel.html"
CALLER_IDS = "cockpit-caller-%s"


class CockpitQuestionForm(forms.QuestionForm):
    """The question as the cockpit edits it: the linked melding/zaak stays on the contact page."""

    subject = None


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """A same-site path to return to, or empty."""
    if not candidate:
        return ""
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return ""
    parts = urlsplit(candidate)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def current_page(request: HttpRequest) -> str:
    """The workspace page the panel sits on: itself on a page render, the browser's page for htmx."""
    if request.headers.get("HX-Request"):
        return _safe_next(request, request.headers.get("HX-Current-URL")) or reverse("home")
    return request.get_full_path()


def _with_params(url: str, **params: Any) -> str:
    if not params:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


def _actions(request: HttpRequest, contact: Contactmoment, last: Question | None, page: str) -> list[dict[str, str]]:
    """Follow-ups that open in the main area, each carrying the contact and the way back."""
    user = request.user
    items: list[tuple[str, str, str]] = []
    if user.has_perm("contacten.add_callback"):
        params = {"vraag": last.pk} if last else {}
        if last and last.unit_id:
            params["eenheid"] = last.unit.code
        items.append(("terugbelverzoek", "Terugbelverzoek", _with_params(reverse("contacten:callback-new"), **params)))
    items += [(action.key, action.label, url) for action, url in selectors.contact_actions(user, contact)]
    if user.has_perm("contacten.add_signal"):
        items.append(("signaal", "Signaal", reverse("contacten:signal-new")))
    if user.has_perm("medewerkers.view_person"):
        items.append(("doorverbinden", "Doorverbinden", reverse("medewerkers:index")))
    return [
        {"key": key, "label": label, "url": _with_params(url, contact=contact.pk, next=page)}
        for key, label, url in items
    ]


def _unit_choices() -> list[tuple[str, str]]:
    """The unit options once per panel, not once per question form."""
    units = OrganisationUnit.objects.filter(is_active=True).order_by("name").values_list("code", "name")
    return [("", "(geen)"), *units]


def _question_form(data: Any = None, *, key: str, choices: list[tuple[str, str]], **kwargs: Any) -> CockpitQuestionForm:
    """Field ids ``question-<key>-<field>``: the capture partial listens to ``question-<pk>-notes``."""
    form = CockpitQuestionForm(data, auto_id=f"question-{key}-%s", **kwargs)
    form.fields["unit"].choices = choices
    return form


def panel_context(
    request: HttpRequest,
    *,
    page: str,
    forms_: dict[str, Any] | None = None,
    errors: list[str] | None = None,
    notice: str = "",
    just_started: bool = False,
) -> dict[str, Any]:
    """Everything the panel shows; ``forms_`` carries bound forms with errors (keys ``caller``, ``q<id>``, ``new``)."""
    state = cockpit.cockpit_state(request)
    context: dict[str, Any] = {
        "state": state,
        "page": page,
        "notice": notice,
        "errors": errors or [],
        "just_started": just_started,
    }
    contact = state.active
    if contact is None:
        return context
    if urlsplit(page).path == reverse("contacten:detail", args=[contact.pk]):
        # The main area is this contact's own page: the panel does not repeat its forms.
        context.update(contact=contact, on_own_page=True, actions=[])
        return context
    bound = forms_ or {}
    choices = _unit_choices()
    questions = list(contact.questions.select_related("unit"))
    klantbeeld = selectors.klantbeeld(selectors.CallerKeys.of(contact), exclude_contact_id=contact.pk)
    context.update(
        contact=contact,
        caller_form=bound.get("caller")
        or forms.CallerForm(
            auto_id=CALLER_IDS,
            initial={
                "channel": contact.channel,
                "phone": contact.phone,
                "email": contact.email,
                "address": contact.address,
            },
        ),
        questions=[
            (
                question,
                bound.get(f"q{question.pk}")
                or _question_form(
                    key=str(question.pk),
                    choices=choices,
                    initial={
                        "question_type": question.question_type,
                        "handling": question.handling,
                        "unit": question.unit.code if question.unit else "",
                        "notes": question.notes,
                    },
                ),
            )
            for question in questions
        ],
        new_question_form=bound.get("new") or _question_form(key="nieuw", choices=choices),
        klantbeeld=klantbeeld,
        open_callbacks=[callback for callback in klantbeeld.callbacks if callback.is_open],
        actions=_actions(request, contact, questions[-1] if questions else None, page),
    )
    return context


def render_panel(request: HttpRequest, template_name: str, context: dict[str, Any]) -> str:
    """The panel without the page's context processors (menu, badges): it only needs these."""
    return render_to_string(
        template_name, {**context, "request": request, "user": request.user, "csrf_token": get_token(request)}
    )


def _respond(request: HttpRequest, status: int = 200, **kwargs: Any) -> HttpResponse:
    """The panel for htmx; otherwise back to the agent's page (messages carry what happened)."""
    page = _safe_next(request, request.POST.get("next")) if request.method == "POST" else ""
    if request.headers.get("HX-Request"):
        html = render_panel(request, PANEL_TEMPLATE, panel_context(request, page=current_page(request), **kwargs))
        return HttpResponse(html, status=status)
    for error in kwargs.get("errors") or []:
        messages.error(request, error)
    for form in (kwargs.get("forms_") or {}).values():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
    if kwargs.get("notice"):
        messages.success(request, kwargs["notice"])
    return redirect(page or reverse("contacten:index"))


def _own(request: HttpRequest, pk: int) -> Contactmoment:
    """Another agent's contact is not found: the cockpit only ever shows the agent's own."""
    return get_object_or_404(Contactmoment, pk=pk, agent_id=request.user.pk)


def _messages(error: ValidationError) -> list[str]:
    """Close errors per question ("vraag 2: ...") keep the question they are about."""
    if not hasattr(error, "error_dict"):
        return error.messages
    return [
        message if name in ("questions", "__all__") else f"{name.capitalize()}: {message}"
        for name, messages_ in error.message_dict.items()
        for message in messages_
    ]


@require_GET
@permission_required(REGISTER)
def panel(request: HttpRequest) -> HttpResponse:
    """The panel on its own, for the refresh on `kcc:cockpit`."""
    return HttpResponse(render_panel(request, PANEL_TEMPLATE, panel_context(request, page=current_page(request))))


@require_POST
@permission_required(REGISTER)
def start(request: HttpRequest) -> HttpResponse:
    """`N` from any page: a new running contact in the panel, the main area stays where it is."""
    contact = services.start_contact(agent=request.user)
    cockpit.set_active_contact(request, contact)
    capture.link_opened_before(request, contact)
    return _respond(request, status=201, notice=f"Contact {contact.number} is gestart.", just_started=True)


@require_POST
@permission_required(REGISTER)
def activate(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one of the agent's running contacts the one the panel shows (a tab, a screen-pop)."""
    contact = _own(request, pk)
    from_a_page = bool(request.headers.get("HX-Request") or "next" in request.POST)  # not the screen-pop's fetch
    try:
        cockpit.set_active_contact(request, contact)
    except ValidationError as error:
        if from_a_page:
            return _respond(request, errors=error.messages)
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain; charset=utf-8")
    return _respond(request) if from_a_page else HttpResponse(status=204)


@require_POST
@permission_required(REGISTER)
def caller(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own(request, pk)
    form = forms.CallerForm(request.POST, auto_id=CALLER_IDS)
    if form.is_valid():
        try:
            services.update_caller(contact, **form.cleaned_data)
            return _respond(request)
        except ValidationError as error:
            forms.apply_errors(form, error)
    return _respond(request, forms_={"caller": form})


@require_POST
@permission_required(REGISTER)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own(request, pk)
    form = _question_form(request.POST, key="nieuw", choices=_unit_choices())
    if form.is_valid():
        try:
            services.add_question(contact, user=request.user, **form.cleaned_data)
            return _respond(request)
        except ValidationError as error:
            forms.apply_errors(form, error)
    return _respond(request, forms_={"new": form})


@require_POST
@permission_required(REGISTER)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(
        Question.objects.select_related("contact", "unit"), pk=pk, contact__agent_id=request.user.pk
    )
    form = _question_form(request.POST, key=str(question.pk), choices=_unit_choices())
    if form.is_valid():
        try:
            services.update_question(
                question,
                user=request.user,
                subject=question.subject,
                complaint_offer=question.complaint_offer,
                **form.cleaned_data,
            )
            return _respond(request)
        except ValidationError as error:
            forms.apply_errors(form, error)
    return _respond(request, forms_={f"q{question.pk}": form})


@require_POST
@permission_required(REGISTER)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Afsluiten (Ctrl+Enter): the FCR rule decides whether the contact is complete."""
    contact = _own(request, pk)
    try:
        services.close_contact(contact, user=request.user)
    except ValidationError as error:
        return _respond(request, errors=_messages(error))
    return _respond(request, notice=f"Contact {contact.number} is afgesloten.")
