"""Workspace pages for zaken, the klantbeeld block and the public status page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kcc.contacten.models import Klant
from kcc.contacten.selectors import CallerKeys
from kcc.core.access import permission_required
from kcc.producten.terms import term_text
from kcc.zaken import selectors, services
from kcc.zaken.bronnen import ZakenBronFout, bron_kind, get_bron
from kcc.zaken.forms import EndSuspensionForm, SuspendForm, ZaakCreateForm, add_service_errors
from kcc.zaken.models import Status, Zaak


def klantbeeld_zaken(keys: CallerKeys) -> dict[str, Any] | None:
    """The klantbeeld block: local zaken straight away; with a zaaksysteem, a button to ask it (BSN + purpose)."""
    if bron_kind() == "zgw":
        with_bsn = bool(keys.klant_id) and Klant.objects.filter(pk=keys.klant_id).exclude(bsn_encrypted="").exists()
        known = selectors.known_zgw_zaken_for_caller(keys)
        if not with_bsn and not known:
            return None
        return {"zgw": with_bsn, "klant_id": keys.klant_id, "bekend": known}
    zaken = selectors.local_zaken_for_caller(keys)
    return {"zaken": zaken} if zaken else None


@permission_required("zaken.view_zaak")
@require_POST
def klant_zaken(request: HttpRequest, klant_id: int) -> HttpResponse:
    """htmx: the zaken of an identified caller from the zaaksysteem; the purpose is audited."""
    klant = get_object_or_404(Klant, pk=klant_id, anonymised_at__isnull=True)
    context: dict[str, Any] = {"klant_id": klant.pk}
    try:
        context["infos"] = selectors.zaken_voor_klant(klant, user=request.user, purpose=request.POST.get("doel", ""))
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
    except ZakenBronFout as error:
        context["error"] = str(error)
    return render(request, "zaken/_infos.html", context, status=400 if "error" in context else 200)


@permission_required("zaken.view_zaak")
@require_GET
def zaak_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    page = Paginator(selectors.zaak_list(request.user, status=status), 50).get_page(request.GET.get("pagina"))
    return render(
        request, "zaken/list.html", {"page": page, "status": status, "statuses": Status.choices, "bron": bron_kind()}
    )


@permission_required("zaken.view_zaak")
@require_http_methods(["GET", "POST"])
def zaak_search(request: HttpRequest) -> HttpResponse:
    """Find zaken by number (GET ?nummer=) or by BSN with a purpose (POST)."""
    context: dict[str, Any] = {"bron": bron_kind()}
    status = 200
    try:
        if request.method == "POST":
            context["infos"] = selectors.zaken_voor_bsn(
                request.POST.get("bsn", ""), user=request.user, purpose=request.POST.get("doel", "")
            )
        elif number := request.GET.get("nummer", "").strip()[:40]:
            visible = bron_kind() == "zgw" or selectors.local_zaak(number, request.user) is not None
            info = get_bron().zaak(number) if visible else None
            context["infos"] = [info] if info else []
            context["nummer"] = number
    except ValidationError as error:
        context["error"], status = " ".join(error.messages), 400
    except ZakenBronFout as error:
        context["error"], status = str(error), 502
    return render(request, "zaken/search.html", context, status=status)


@permission_required("zaken.add_zaak")
@require_http_methods(["GET", "POST"])
def zaak_create(request: HttpRequest) -> HttpResponse:
    """Register a local zaak: the same service and permission rule as ``POST /api/v1/zaken``."""
    form = ZaakCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            zaak = services.create_zaak(
                zaaktype=data["zaaktype"],
                start_date=data["start_date"],
                actor=request.user,
                description=data["description"],
                bsn=data["bsn"],
                bsn_purpose=data["bsn_purpose"],
                phone=data["phone"],
                email=data["email"],
            )
        except ValidationError as error:
            add_service_errors(form, error, plain_field="bsn")
        else:
            return redirect("zaken:detail", zaak.number)
    status = 400 if request.method == "POST" else 200
    return render(request, "zaken/create.html", {"form": form, "bron": bron_kind()}, status=status)


def _detail(
    request: HttpRequest,
    zaak: Zaak,
    *,
    suspend_form: SuspendForm | None = None,
    end_form: EndSuspensionForm | None = None,
) -> HttpResponse:
    context = {
        "zaak": zaak,
        "term": term_text(zaak.zaaktype.product),
        "suspension": zaak.running_suspension,
        "may_change": request.user.has_perm("zaken.change_zaak"),
        "suspend_form": suspend_form or SuspendForm(),
        "end_form": end_form or EndSuspensionForm(),
    }
    invalid = (suspend_form and suspend_form.errors) or (end_form and end_form.errors)
    return render(request, "zaken/detail.html", context, status=400 if invalid else 200)


def _visible_zaak(request: HttpRequest, number: str) -> Zaak:
    zaak = selectors.local_zaak(number, request.user)
    if zaak is None:
        raise Http404("Deze zaak bestaat niet.")
    return zaak


@permission_required("zaken.view_zaak")
@require_GET
def zaak_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, _visible_zaak(request, number))


@permission_required(["zaken.view_zaak", "zaken.change_zaak"])
@require_POST
def zaak_suspend(request: HttpRequest, number: str) -> HttpResponse:
    """Suspend the decision term (Awb 4:15) of a local zaak."""
    zaak = _visible_zaak(request, number)
    form = SuspendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.suspend_term(
                zaak,
                reason=data["reason"],
                start_date=data["start_date"],
                until=data["until"],
                actor=request.user,
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("zaken:detail", zaak.number)
    return _detail(request, zaak, suspend_form=form)


@permission_required(["zaken.view_zaak", "zaken.change_zaak"])
@require_POST
def zaak_end_suspension(request: HttpRequest, number: str) -> HttpResponse:
    """End the running suspension: the term runs again from the day after the given date."""
    zaak = _visible_zaak(request, number)
    form = EndSuspensionForm(request.POST)
    if form.is_valid():
        try:
            services.end_suspension(
                zaak, end_date=form.cleaned_data["end_date"], actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("zaken:detail", zaak.number)
    return _detail(request, zaak, end_form=form)


@login_not_required
@require_GET
def public_status(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """Status, history and decision date of one zaak; nothing personal. Wrong secret: 404.

    A zaak in KCC's own register shows its history; a zaak in the zaaksysteem (ZGW) shows the state
    its last notification left (:class:`~kcc.zaken.models.ZgwZaakStatus`), under the same link form.
    """
    try:
        zaak = selectors.public_zaak(number, token)
    except Zaak.DoesNotExist:
        zgw_zaak = selectors.public_zgw_zaak(number, token)
        if zgw_zaak is None:
            raise Http404("Deze zaak bestaat niet of de link is niet goed.") from None
        response = render(request, "zaken/public_status_zgw.html", {"zaak": zgw_zaak})
    else:
        context = {"zaak": zaak, "term": term_text(zaak.zaaktype.product), "suspension": zaak.running_suspension}
        response = render(request, "zaken/public_status.html", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
