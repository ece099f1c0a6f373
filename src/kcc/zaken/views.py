"""Workspace pages for zaken, the klantbeeld block and the public status page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kcc.contacten.models import Klant
from kcc.contacten.selectors import CallerKeys
from kcc.producten.terms import term_text
from kcc.zaken import selectors
from kcc.zaken.bronnen import ZakenBronFout, bron_kind, get_bron
from kcc.zaken.models import Status, Zaak


def klantbeeld_zaken(keys: CallerKeys) -> dict[str, Any] | None:
    """The klantbeeld block: local zaken straight away; with a zaaksysteem, a button to ask it (BSN + purpose)."""
    if bron_kind() == "zgw":
        if keys.klant_id and Klant.objects.filter(pk=keys.klant_id).exclude(bsn_encrypted="").exists():
            return {"zgw": True, "klant_id": keys.klant_id}
        return None
    zaken = selectors.local_zaken_for_caller(keys)
    return {"zaken": zaken} if zaken else None


@permission_required("zaken.view_zaak", raise_exception=True)
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


@permission_required("zaken.view_zaak", raise_exception=True)
@require_GET
def zaak_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    page = Paginator(selectors.zaak_list(request.user, status=status), 50).get_page(request.GET.get("pagina"))
    return render(
        request, "zaken/list.html", {"page": page, "status": status, "statuses": Status.choices, "bron": bron_kind()}
    )


@permission_required("zaken.view_zaak", raise_exception=True)
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


@permission_required("zaken.view_zaak", raise_exception=True)
@require_GET
def zaak_detail(request: HttpRequest, number: str) -> HttpResponse:
    zaak = selectors.local_zaak(number, request.user)
    if zaak is None:
        raise Http404("Deze zaak bestaat niet.")
    return render(request, "zaken/detail.html", {"zaak": zaak, "term": term_text(zaak.zaaktype.product)})


@login_not_required
@require_GET
def public_status(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """Status, history and decision date of one zaak; nothing personal. Wrong secret: 404."""
    try:
        zaak = selectors.public_zaak(number, token)
    except Zaak.DoesNotExist:
        raise Http404("Deze zaak bestaat niet of de link is niet goed.") from None
    response = render(request, "zaken/public_status.html", {"zaak": zaak, "term": term_text(zaak.zaaktype.product)})
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
