"""Workspace pages: the agent's mail queue, a thread (triage, checks, answer, forward, close) and the
back-office inbox. Thin: they check the role, call a selector or service and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kcc.core import audit
from kcc.core.access import permission_required
from kcc.core.models import OrganisationUnit, User
from kcc.core.params import parse_id
from kcc.klachten.recognition import recognise
from kcc.mail import checks, parsing, selectors, services, storage
from kcc.mail.models import Attachment, EndState, Forward, JargonTerm, Thread, Triage

PAGE_SIZE = 50
SCOPES = {
    "open": "Open",
    "mijn": "Mijn e-mails",
    "terug": "Terug van backoffice",
    "doorgestuurd": "Doorgestuurd",
    "afgesloten": "Afgesloten",
}


def _thread_or_404(request: HttpRequest, number: str) -> Thread:
    thread = selectors.thread_by_number(number)
    if thread is None or not selectors.threads_visible_to(request.user).filter(pk=thread.pk).exists():
        raise Http404("Deze e-mail bestaat niet of is niet voor u.")
    return thread


@permission_required("mail.handle_thread")
def queue(request: HttpRequest) -> HttpResponse:
    scope = request.GET.get("lijst", "open")
    scope = scope if scope in SCOPES else "open"
    page = Paginator(selectors.queue(request.user, scope=scope), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "mail/queue.html", {"page": page, "scope": scope, "scopes": SCOPES})


@permission_required("mail.view_forward")
def backoffice(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    status = status if status in {"open", "beantwoord", "alle"} else "open"
    page = Paginator(selectors.backoffice_inbox(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "mail/backoffice.html", {"page": page, "status": status})


def _detail_context(request: HttpRequest, thread: Thread, **extra) -> dict:
    text = services.citizen_text(thread)
    questions = checks.detect_questions(text)
    return {
        "thread": thread,
        "mail_messages": list(selectors.thread_messages(thread)),
        "forwards": list(thread.forwards.select_related("unit", "person")),
        "recognition": recognise(text) if text else None,
        "questions": questions,
        "kennisbank_query": selectors.kennisbank_query(thread, text),
        "triage_choices": Triage.choices,
        "end_states": [(v, label) for v, label in EndState.choices if v not in services.CONVERSION_STATES],
        "units": OrganisationUnit.objects.filter(is_active=True, is_external=False).order_by("name"),
        "external_units": OrganisationUnit.objects.filter(is_active=True, is_external=True).order_by("name"),
        "categories": _melding_categories(),
        "salutation": services.salutation(thread),
        "signature": services.signature(),
        "can_handle": request.user.has_perm("mail.handle_thread"),
        **extra,
    }


def _melding_categories() -> list:
    from kcc.meldingen.selectors import active_categories

    return list(active_categories())


@permission_required("mail.view_all_threads")
def quarantine(request: HttpRequest) -> HttpResponse:
    """Messages that could not be read: kept raw, with the reason (teamleider and agents)."""
    page = Paginator(selectors.quarantine(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "mail/quarantine.html", {"page": page})


@permission_required("mail.view_thread")
def detail(request: HttpRequest, number: str) -> HttpResponse:
    thread = _thread_or_404(request, number)
    if not request.user.has_perm("mail.view_all_threads"):
        forward = selectors.forwards_visible_to(request.user).filter(thread=thread).first()
        return redirect("mail:forward", pk=forward.pk)
    audit.record(request.user, "mail.draad_gelezen", thread)
    return render(request, "mail/detail.html", _detail_context(request, thread))


def _ticked(request: HttpRequest) -> list[int]:
    return [number for value in request.POST.getlist("afgevinkt") if (number := parse_id(value))]


@require_POST
@permission_required("mail.handle_thread")
def check(request: HttpRequest, number: str) -> HttpResponse:
    """The checks of a draft answer, with the passages highlighted (htmx partial)."""
    thread = _thread_or_404(request, number)
    text = request.POST.get("tekst", "")
    report = services.check_answer(thread, text, ticked=_ticked(request))
    return render(request, "mail/_checks.html", _checks_context(thread, text, report))


def _checks_context(thread: Thread, text: str, report: checks.Report) -> dict:
    passages = [p for finding in report.findings for p in finding.passages]
    return {"thread": thread, "report": report, "pieces": checks.highlight(text, passages), "draft": text}


@require_POST
@permission_required("mail.handle_thread")
def act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    thread = _thread_or_404(request, number)
    user, post = request.user, request.POST
    try:
        if action == "triage":
            services.triage(thread, user=user, kind=post.get("soort", ""))
            messages.success(request, "Soort vastgelegd.")
        elif action == "antwoord":
            text = post.get("tekst", "")
            try:
                services.send_answer(
                    thread, user=user, text=text, ticked=_ticked(request), acknowledged=post.get("gezien") == "ja"
                )
            except services.ChecksNotAcknowledged as problem:
                context = _detail_context(
                    request,
                    thread,
                    draft=text,
                    **{f"check_{k}": v for k, v in _checks_context(thread, text, problem.report).items()},
                )
                context["answer_error"] = "Bekijk de waarschuwingen en vink aan dat u ze gezien hebt."
                return render(request, "mail/detail.html", context, status=400)
            messages.success(request, "Antwoord verstuurd; de e-mail is afgesloten.")
        elif action == "doorsturen":
            person = _forward_person(post.get("persoon", ""))
            if post.get("eenheid"):
                unit = OrganisationUnit.objects.filter(pk=post["eenheid"], is_active=True).first()
            else:
                unit = person.unit if person is not None else None
            if unit is None:
                raise ValidationError({"eenheid": ["Kies een eenheid of een persoon met een eenheid."]})
            item = services.forward(thread, user=user, unit=unit, person=person, note=post.get("toelichting", ""))
            messages.success(
                request, f"Doorgestuurd naar {person or unit}; antwoord uiterlijk {item.deadline:%d-%m-%Y}."
            )
        elif action == "extern":
            unit = OrganisationUnit.objects.filter(pk=post.get("eenheid") or 0, is_external=True).first()
            if unit is None:
                raise ValidationError({"eenheid": ["Kies een externe organisatie."]})
            services.refer_external(thread, user=user, unit=unit, note=post.get("toelichting", ""))
            messages.success(request, f"Doorgestuurd naar {unit}; de inwoner is ingelicht.")
        elif action == "afsluiten":
            services.close(thread, user=user, end_state=post.get("eindstatus", ""), reason=post.get("reden", ""))
            messages.success(request, "E-mail afgesloten.")
        elif action == "melding":
            melding = _convert_to_melding(thread, user, post)
            messages.success(request, f"Omgezet in melding {melding.number}.")
        elif action == "klacht":
            complaint = services.convert_to_complaint(
                thread,
                user=user,
                name=post.get("naam", ""),
                address=post.get("adres", ""),
                postcode=post.get("postcode", ""),
                city=post.get("plaats", ""),
            )
            messages.success(request, f"Omgezet in klacht {complaint.number}.")
        else:
            raise Http404
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    return redirect("mail:detail", number=thread.number)


def _forward_person(value: str) -> User | None:
    if not value:
        return None
    person = User.objects.filter(pk=parse_id(value) or 0, is_active=True).select_related("unit").first()
    if person is None:
        raise ValidationError({"persoon": ["Deze persoon bestaat niet (meer)."]})
    return person


@permission_required("mail.handle_thread")
def forward_people(request: HttpRequest, number: str) -> HttpResponse:
    """The people the forward form offers for what the agent typed (htmx partial)."""
    thread = _thread_or_404(request, number)
    query = request.GET.get("q", "").strip()
    people = selectors.forward_people(query, viewer=request.user) if len(query) >= 2 else []
    return render(request, "mail/_people.html", {"thread": thread, "people": people, "query": query})


def _convert_to_melding(thread: Thread, user: User, post) -> object:
    from kcc.meldingen import services as meldingen
    from kcc.meldingen.models import Category

    category = Category.objects.filter(code=post.get("categorie", ""), is_active=True).first()
    location = meldingen.Location(
        street=post.get("straat", ""),
        house_number=post.get("huisnummer", ""),
        postcode=post.get("postcode", ""),
        city=post.get("plaats", ""),
        note=post.get("locatie", ""),
    )
    return services.convert_to_melding(thread, user=user, category=category, location=location)


@permission_required("mail.view_forward")
def forward_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the back office sees of a forward: the citizen's mail and the answer form."""
    item = get_object_or_404(
        selectors.forwards_visible_to(request.user).select_related("thread", "unit", "person"), pk=pk
    )
    if request.method == "POST":
        try:
            services.answer_forward(item, user=request.user, text=request.POST.get("tekst", ""))
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
        else:
            messages.success(
                request,
                "Antwoord verstuurd naar de inwoner." if item.direct else "Antwoord teruggestuurd naar het KCC.",
            )
        return redirect("mail:forward", pk=item.pk)
    audit.record(request.user, "mail.doorsturing_gelezen", item.thread, doorsturing=item.pk)
    return render(
        request,
        "mail/forward.html",
        {
            "item": item,
            "thread": item.thread,
            "text": services.citizen_text(item.thread),
            "can_answer": services.can_answer_forward(request.user, item) and item.status == Forward.Status.OPEN,
        },
    )


@permission_required("mail.view_message")
def attachment(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    thread = _thread_or_404(request, number)
    item = get_object_or_404(Attachment.objects.select_related("message"), pk=pk, message__thread=thread)
    if item.refused_reason:
        raise Http404(item.refused_reason)
    content = parsing.attachment_content(storage.load(item.message.raw_sha256), item.position, item.inner_position)
    if content is None:
        raise Http404
    audit.record(request.user, "mail.bijlage_geopend", item.message, bijlage=item.filename)
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{item.filename.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("mail.view_jargonterm")
def jargon(request: HttpRequest) -> HttpResponse:
    """The jargon list the answer check uses; redacteur, teamleider and beheerder keep it."""
    can_edit = request.user.has_perm("mail.add_jargonterm") and request.user.has_perm("mail.delete_jargonterm")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("verwijder"):
            JargonTerm.objects.filter(pk=request.POST["verwijder"]).delete()
            messages.success(request, "Woord verwijderd.")
        else:
            try:
                services.add_jargon(request.POST.get("woord", ""), request.POST.get("beter", ""))
            except ValidationError as error:
                for problem in error.messages:
                    messages.error(request, problem)
            else:
                messages.success(request, "Woord toegevoegd.")
        return redirect("mail:jargon")
    return render(request, "mail/jargon.html", {"terms": JargonTerm.objects.all(), "can_edit": can_edit})
