"""The agent's registration screen, the back-office inbox and signals: thin views over the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kcc.contacten import capture, forms, selectors, services
from kcc.contacten.cockpit import active_contact_for
from kcc.contacten.models import Callback, Contactmoment, Handoff, Klant, Question, QuestionItem, TransferAttempt
from kcc.contacten.privacy import decrypt_bsn, mask_bsn, normalise_address, normalise_contact_phone, normalise_email
from kcc.core.access import permission_required
from kcc.core.models import OrganisationUnit
from kcc.core.params import parse_id
from kcc.klachten.recognition import Facts, recognise

_REGISTER = "contacten.add_contactmoment"


def _own_contact(request: HttpRequest, pk: int) -> Contactmoment:
    contact = get_object_or_404(Contactmoment, pk=pk)
    if contact.agent_id != request.user.pk:
        raise PermissionDenied("Dit contact is van een andere medewerker.")
    return contact


def _query_text(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").replace("\x00", "")[:254]


def _detail_url(contact: Contactmoment, anchor: str = "") -> str:
    return reverse("contacten:detail", args=[contact.pk]) + (f"#{anchor}" if anchor else "")


@require_GET
@permission_required(_REGISTER)
def index(request: HttpRequest) -> HttpResponse:
    number = _query_text(request, "nummer").strip()
    if number:
        found = selectors.contact_by_number(number)
        if found is not None:
            return redirect(_detail_url(found))
        messages.error(request, f"Geen contact met nummer ‘{number}’ gevonden.")
    return render(
        request,
        "contacten/index.html",
        {"contacts": selectors.recent_contacts_of(request.user), "running": selectors.running_contact_of(request.user)},
    )


@require_POST
@permission_required(_REGISTER)
def start(request: HttpRequest) -> HttpResponse:
    contact = services.start_contact(agent=request.user)
    capture.link_opened_before(request, contact)
    return redirect(_detail_url(contact))


def _detail_context(request: HttpRequest, contact: Contactmoment, **forms_: Any) -> dict[str, Any]:
    contact = selectors.contacts_with_details().get(pk=contact.pk)
    questions = list(contact.questions.all())
    return {
        "contact": contact,
        "is_own": contact.agent_id == request.user.pk,
        "questions": [(q, selectors.complaint_prompt_needed(q)) for q in questions],
        "klantbeeld": selectors.klantbeeld(selectors.CallerKeys.of(contact), exclude_contact_id=contact.pk),
        "actions": selectors.contact_actions(request.user, contact),
        "caller_form": forms_.get("caller_form")
        or forms.CallerForm(
            initial={
                "channel": contact.channel,
                "phone": contact.phone,
                "email": contact.email,
                "address": contact.address,
            }
        ),
        "klant_form": forms_.get("klant_form")
        or forms.KlantForm(initial={"name": contact.klant.name if contact.klant else ""}),
        "question_form": forms_.get("question_form") or forms.QuestionForm(),
        "bsn_masked": mask_bsn(decrypt_bsn(contact.klant.bsn_encrypted))
        if contact.klant and contact.klant.bsn_encrypted
        else "",
        "errors": forms_.get("errors", []),
    }


@require_GET
@permission_required("contacten.view_contactmoment")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contactmoment, pk=pk)
    return render(request, "contacten/detail.html", _detail_context(request, contact))


@require_POST
@permission_required(_REGISTER)
def caller(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact(request, pk)
    form = forms.CallerForm(request.POST)
    if form.is_valid():
        try:
            services.update_caller(contact, **form.cleaned_data)
            return redirect(_detail_url(contact, "vragen"))
        except ValidationError as error:
            forms.apply_errors(form, error)
    return render(request, "contacten/detail.html", _detail_context(request, contact, caller_form=form), status=400)


@require_POST
@permission_required(_REGISTER)
def klant(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact(request, pk)
    form = forms.KlantForm(request.POST)
    if form.is_valid():
        try:
            services.identify_klant(contact, user=request.user, **form.cleaned_data)
            return redirect(_detail_url(contact, "vragen"))
        except ValidationError as error:
            forms.apply_errors(form, error)
    return render(request, "contacten/detail.html", _detail_context(request, contact, klant_form=form), status=400)


@require_GET
@permission_required("contacten.view_contactmoment")
def klantbeeld_panel(request: HttpRequest) -> HttpResponse:
    """The klantbeeld while the agent types the caller's number or e-mail (htmx, before saving)."""
    try:
        keys = selectors.CallerKeys(
            phone=normalise_contact_phone(_query_text(request, "phone")),
            email=normalise_email(_query_text(request, "email")),
            address=normalise_address(_query_text(request, "address")),
        )
    except ValidationError:
        keys = selectors.CallerKeys()
    view = selectors.klantbeeld(keys, exclude_contact_id=parse_id(request.GET.get("contact")))
    return render(request, "contacten/_klantbeeld.html", {"klantbeeld": view})


@require_POST
@permission_required(_REGISTER)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact(request, pk)
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(contact, user=request.user, **form.cleaned_data)
            return redirect(_detail_url(contact, "nieuwe-vraag"))
        except ValidationError as error:
            forms.apply_errors(form, error)
    return render(request, "contacten/detail.html", _detail_context(request, contact, question_form=form), status=400)


@require_http_methods(["GET", "POST"])
@permission_required(_REGISTER)
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("contact", "unit"), pk=pk)
    contact = _own_contact(request, question.contact_id)
    linked = {vac.pk: vac.vraag for vac in question.vacs.all()}
    if consulted := selectors.vacs_consulted(contact):
        from kcc.kennisbank.models import VAC

        linked |= dict(VAC.objects.filter(pk__in=consulted).values_list("pk", "vraag"))
    form = forms.QuestionEditForm(
        request.POST or None,
        vac_choices=sorted(linked.items(), key=lambda item: item[1]),
        initial={
            "question_type": question.question_type,
            "handling": question.handling,
            "unit": question.unit.code if question.unit else None,
            "subject": question.subject,
            "notes": question.notes,
            "complaint_offer": question.complaint_offer,
            "vacs": list(question.vacs.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_question(question, user=request.user, vac_ids=data.pop("vacs"), **data)
            return redirect(_detail_url(contact, f"vraag-{question.pk}"))
        except ValidationError as error:
            forms.apply_errors(form, error)
    return render(request, "contacten/question_edit.html", {"form": form, "question": question, "contact": contact})


@require_POST
@permission_required(_REGISTER)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact(request, pk)
    try:
        services.close_contact(contact, user=request.user)
    except ValidationError as error:
        return render(
            request, "contacten/detail.html", _detail_context(request, contact, errors=error.messages), status=400
        )
    messages.success(request, f"Contact {contact.number} is afgesloten.")
    return redirect("contacten:index")


@require_http_methods(["GET", "POST"])
@permission_required("contacten.view_bsn")
def bsn_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The full BSN only after a stated reason; each reveal is an audit entry."""
    klant_obj = get_object_or_404(Klant, pk=pk)
    form = forms.PurposeForm(request.POST or None)
    bsn = ""
    if request.method == "POST" and form.is_valid():
        try:
            bsn = services.reveal_bsn(klant_obj, user=request.user, purpose=form.cleaned_data["purpose"])
        except ValidationError as error:
            forms.apply_errors(form, error)
    return render(request, "contacten/bsn.html", {"klant": klant_obj, "form": form, "bsn": bsn})


# --- callbacks -------------------------------------------------------------------------------


@require_GET
@permission_required("contacten.view_callback")
def callback_inbox(request: HttpRequest) -> HttpResponse:
    scope = request.GET.get("voor", "eenheid")
    status = request.GET.get("status", "open")
    callbacks = selectors.callback_inbox(request.user, scope=scope, status=status)[:200]
    return render(
        request,
        "contacten/callback_inbox.html",
        {"callbacks": callbacks, "scope": scope, "status": status, "today": services.today()},
    )


def _callback_initial(request: HttpRequest) -> dict[str, Any]:
    """Prefill: ?eenheid=<code>&persoon=<id>&reden=<code>&contact=<id>&vraag=<id> (the transfer panel), and
    from the contact's question: its text, unit, the caller's number and the reason of the last failed transfer.
    """
    initial: dict[str, Any] = {"urgency": Callback.Urgency.NORMAL}
    params = request.GET
    contact = Contactmoment.objects.filter(
        pk=parse_id(params.get("contact")), agent=request.user, ended_at__isnull=True
    ).first() or active_contact_for(request)
    question = None
    if contact is not None:
        initial["contact"] = contact.pk
        initial["callback_phone"] = contact.phone
        questions = contact.questions.order_by("-position", "-id")
        question = questions.filter(pk=parse_id(params.get("vraag"))).first() or questions.first()
    if question is not None:
        initial["question"] = question.pk
        initial["question_text"] = question.notes
        if question.unit_id:
            initial["unit"] = question.unit.code
        if (failed := selectors.last_failed_attempt(question)) is not None:
            initial["reason"] = services.CALLBACK_REASON_FOR_TRANSFER[TransferAttempt.Reason(failed.reason)]
            if failed.unit_id:
                initial["unit"] = failed.unit.code
            if failed.person_id:
                initial["person"] = failed.person_id
    if (code := params.get("eenheid")) and (unit := OrganisationUnit.objects.filter(code__iexact=code).first()):
        initial["unit"] = unit.code
    reason = params.get("reden", "")
    if reason in Callback.Reason.values:
        initial["reason"] = reason
    elif reason in TransferAttempt.Reason.values:
        initial["reason"] = services.CALLBACK_REASON_FOR_TRANSFER[TransferAttempt.Reason(reason)]
    if (person_id := parse_id(params.get("persoon"))) is not None:
        initial["person"] = person_id
    return initial


@require_http_methods(["GET", "POST"])
@permission_required("contacten.add_callback")
def callback_new(request: HttpRequest) -> HttpResponse:
    from kcc.medewerkers.models import Person

    form = forms.CallbackForm(request.POST or None, initial=_callback_initial(request))
    person_id = form["person"].value()
    person_pk = parse_id(str(person_id or ""))
    person = Person.objects.filter(pk=person_pk).first() if person_pk else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = Contactmoment.objects.filter(pk=data.pop("contact")).first()
        question = Question.objects.filter(pk=data.pop("question")).first()
        data.pop("person")
        try:
            callback = services.create_callback(
                contact=contact, question=question, person=person, created_by=request.user, **data
            )
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(
                request, f"Terugbelverzoek {callback.pk} is gemaakt; uiterlijk {callback.deadline:%d-%m-%Y}."
            )
            return capture.refresh_cockpit(
                redirect(_safe_next(request, _detail_url(callback.contact, "terugbelverzoeken")))
            )
    from_contact = form.initial.get("contact") is not None
    context = {"form": form, "person": person, "next": capture.next_for_form(request, from_contact=from_contact)}
    return render(request, "contacten/callback_form.html", context)


def _visible_callback(request: HttpRequest, pk: int) -> Callback:
    return get_object_or_404(
        selectors.callbacks_visible_to(request.user).select_related("unit", "person", "contact", "handler"), pk=pk
    )


def _render_callback(
    request: HttpRequest, callback: Callback, form: forms.CallbackCloseForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "contacten/callback_detail.html",
        {"callback": callback, "form": form, "can_handle": request.user.has_perm("contacten.handle_callback")},
        status=status,
    )


@require_GET
@permission_required("contacten.view_callback")
def callback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_callback(request, _visible_callback(request, pk), forms.CallbackCloseForm())


@require_POST
@permission_required("contacten.handle_callback")
def callback_take(request: HttpRequest, pk: int) -> HttpResponse:
    callback = _visible_callback(request, pk)
    try:
        services.take_callback(callback, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("contacten:callback-detail", pk=callback.pk)


@require_POST
@permission_required("contacten.handle_callback")
def callback_close(request: HttpRequest, pk: int) -> HttpResponse:
    callback = _visible_callback(request, pk)
    form = forms.CallbackCloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_callback(callback, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, f"Terugbelverzoek {callback.pk} is afgesloten.")
            return redirect("contacten:callback-inbox")
    return _render_callback(request, callback, form, status=400)


# --- signals ---------------------------------------------------------------------------------


@require_GET
@permission_required("contacten.view_signal")
def signal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    signals = selectors.signals_visible_to(request.user)
    if status == "open":
        signals = signals.exclude(status="beantwoord")
    return render(request, "contacten/signal_list.html", {"signals": signals[:200], "status": status})


@require_http_methods(["GET", "POST"])
@permission_required("contacten.add_signal")
def signal_new(request: HttpRequest) -> HttpResponse:
    form = forms.SignalForm(request.POST or None, initial={"contact": parse_id(request.GET.get("contact"))})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = Contactmoment.objects.filter(pk=data.pop("contact")).first()
        try:
            signal = services.create_signal(reported_by=request.user, contact=contact, **data)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, "Bedankt, uw signaal is doorgegeven.")
            fallback = _detail_url(contact) if contact else reverse("contacten:signal-detail", args=[signal.pk])
            return capture.refresh_cockpit(redirect(_safe_next(request, fallback)))
    from_contact = form.initial.get("contact") is not None
    next_url = (
        capture.next_url(request)
        if request.method == "POST"
        else capture.next_for_form(request, from_contact=from_contact)
    )
    return render(request, "contacten/signal_form.html", {"form": form, "next": next_url or ""})


@require_http_methods(["GET", "POST"])
@permission_required("contacten.view_signal")
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_object_or_404(selectors.signals_visible_to(request.user), pk=pk)
    can_handle = selectors.can_handle_signal(request.user, signal)
    form = forms.SignalAnswerForm(request.POST or None, initial={"status": "beantwoord", "answer": signal.answer})
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied("U kunt dit signaal niet behandelen.")
        if form.is_valid():
            try:
                services.answer_signal(signal, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                forms.apply_errors(form, error)
            else:
                messages.success(request, "Het signaal is bijgewerkt.")
                return redirect("contacten:signal-list")
    return render(request, "contacten/signal_detail.html", {"signal": signal, "form": form, "can_handle": can_handle})


# --- capture: items used, complaint check, transfer panel, doorzetten naar senior ------------------


def _safe_next(request: HttpRequest, fallback: str) -> str:
    """Where a form started from a contact returns: the posted ``next``, or (form shown) ``?next=`` or the
    page the agent came from; only a page of this site, else ``fallback``."""
    if request.method == "POST":
        return capture.next_url(request) or fallback
    return capture.next_for_form(request) or fallback


@require_POST
@permission_required(_REGISTER)
def question_item(request: HttpRequest, pk: int) -> HttpResponse:
    """The "gebruikt in antwoord" checkbox of one linked item (htmx: answers with the item's row)."""
    item = get_object_or_404(QuestionItem.objects.select_related("question__contact"), pk=pk)
    _own_contact(request, item.question.contact_id)
    services.set_used_in_answer(item, user=request.user, used="1" in request.POST.getlist("gebruikt"))
    if request.headers.get("HX-Request") != "true":
        return redirect(_safe_next(request, _detail_url(item.question.contact, f"vraag-{item.question_id}")))
    row = next(row for row in selectors.question_items(item.question) if row.pk == pk)
    response = render(request, "contacten/capture/_item.html", {"item": row, "editable": True})
    return capture.refresh_cockpit(response)


@require_GET
@permission_required(_REGISTER)
def question_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    """The complaint check on the notes being typed: the same explainable prompt as for e-mail."""
    question = get_object_or_404(Question.objects.select_related("contact"), pk=pk)
    _own_contact(request, question.contact_id)
    notes = request.GET.get("notes", question.notes).replace("\x00", "")[:10_000]
    recognition = recognise(notes, Facts(repeat_contact=question.is_repeat)) if notes.strip() else None
    return render(
        request,
        "contacten/capture/complaint.html",
        {"recognition": recognition, "question": question, "notes": notes},
    )


@require_POST
@permission_required(_REGISTER)
def transfer_record(request: HttpRequest) -> HttpResponse:
    """Bereikt / niet bereikt / vervanger bereikt from the transfer panel, on the active contact's question."""
    contact = active_contact_for(request)
    if contact is None:
        return HttpResponse(
            "Er loopt geen contact: start eerst een contact om de poging vast te leggen.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    form = forms.TransferRecordForm(request.POST)
    context: dict[str, Any] = {"form": form, "contact": contact}
    if form.is_valid():
        data = form.cleaned_data
        attempt_data = {
            "doel": data["doel"],
            "persoon": data["persoon"],
            "eenheid": data["eenheid"],
            "resultaat": TransferAttempt.Result.NOT_REACHED if data["uitkomst"] == "niet_bereikt" else "bereikt",
            "bereikt": {"bereikt": "gevraagd", "vervanger": "vervanger"}.get(data["uitkomst"], ""),
            "reden": data["reden"] if data["uitkomst"] == "niet_bereikt" else "",
            "warm": data["warm"],
            "afwijkreden": data["afwijkreden"],
        }
        try:
            attempt = services.record_transfer_attempt(contact, user=request.user, data=attempt_data)
        except ValidationError as error:
            context["errors"] = [message for messages_ in error.message_dict.values() for message in messages_]
        else:
            if request.headers.get("HX-Request") != "true":
                messages.success(request, f"Vastgelegd bij {contact.number}: {attempt}.")
                return redirect(_safe_next(request, _detail_url(contact, f"vraag-{attempt.question_id}")))
            context["attempt"] = attempt
            return capture.refresh_cockpit(render(request, "contacten/capture/transfer_done.html", context))
    else:
        context["errors"] = [message for messages_ in form.errors.values() for message in messages_]
    return render(request, "contacten/capture/transfer_done.html", context, status=400)


@require_http_methods(["GET", "POST"])
@permission_required(_REGISTER)
def handoff_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Doorzetten naar senior: the agent hands the running contact over with a reason."""
    contact = _own_contact(request, pk)
    form = forms.HandoffForm(request.POST or None, seniors=selectors.handoff_handlers().exclude(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        try:
            handoff = services.hand_off(contact, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(
                request, f"Contact {contact.number} is doorgezet naar {handoff.assigned_to or 'een senior'}."
            )
            return capture.refresh_cockpit(redirect(_safe_next(request, _detail_url(contact))))
    return render(
        request,
        "contacten/handoff_form.html",
        {"form": form, "contact": contact, "next": _safe_next(request, _detail_url(contact))},
        status=400 if form.errors else 200,
    )


@require_GET
@permission_required("contacten.handle_handoff")
def handoff_queue(request: HttpRequest) -> HttpResponse:
    status = "alle" if request.GET.get("status") == "alle" else "open"
    handoffs = selectors.handoff_queue(request.user, status=status)[:200]
    return render(request, "contacten/handoff_queue.html", {"handoffs": handoffs, "status": status})


@require_POST
@permission_required("contacten.handle_handoff")
def handoff_take(request: HttpRequest, pk: int) -> HttpResponse:
    handoff = get_object_or_404(Handoff, pk=pk)
    try:
        services.take_handoff(handoff, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"U heeft contact {handoff.contact.number} opgepakt.")
    return redirect("contacten:handoff-queue")


@require_POST
@permission_required("contacten.handle_handoff")
def handoff_close(request: HttpRequest, pk: int) -> HttpResponse:
    handoff = get_object_or_404(Handoff, pk=pk)
    try:
        services.close_handoff(handoff, user=request.user, note=request.POST.get("note", "")[:4000])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Doorgezet contact {handoff.contact.number} is afgehandeld.")
    return redirect("contacten:handoff-queue")
