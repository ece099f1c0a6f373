"""The map of the melding forms and the back-office list: address search, reverse geocoding, the area.

Public (the citizen's form uses them) and rate-limited per address. Each answers bad input with a
specific Dutch message and a 4xx; an unreachable or odd Locatieserver gives 502 with a message
that tells the user to fill in the address himself (the form works without the map).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kcc.core.ratelimit import over_public_rate
from kcc.meldingen import geo
from kcc.meldingen.config import get_config

TOO_MANY = "U heeft te vaak achter elkaar gezocht. Wacht een minuut en probeer het opnieuw."


def map_context(*, markers: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What ``meldingen/_map.html`` needs (pages with it are decorated with :func:`shows_map`)."""
    return {
        "map": {
            "tiles": settings.KCC_MAP_TILE_URL,
            "attribution": settings.KCC_MAP_ATTRIBUTION,
            "area_url": reverse("melden:map-area"),
            "suggest_url": reverse("melden:address-suggestions"),
            "lookup_url": reverse("melden:address-lookup"),
            "reverse_url": reverse("melden:address-reverse"),
            "markers": markers or [],
        }
    }


def shows_map(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let the page's Content-Security-Policy load images from the tile server (and only this page's)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        parts = urlsplit(settings.KCC_MAP_TILE_URL)
        if parts.scheme and parts.netloc:
            response._csp_update = {"img-src": [f"{parts.scheme}://{parts.netloc}"]}
        return response

    return wrapped


def _limited(request: HttpRequest) -> bool:
    return over_public_rate(request, "meldingen:address", settings.KCC_ADDRESS_SEARCH_PER_MINUTE)


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@login_not_required
@require_GET
def address_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx: up to seven addresses for what was typed, each a button that fills the form."""
    context: dict[str, Any] = {"query": request.GET.get("adres", "")}
    status = 200
    # An emptied field clears the list: nothing to suggest, nothing to scold.
    if context["query"].strip():
        if _limited(request):
            context["error"], status = TOO_MANY, 429
        else:
            try:
                context["suggestions"] = geo.suggest(context["query"])
            except ValidationError as error:
                context["error"], status = error.messages[0], 400
            except geo.GeocoderError as error:
                context["error"], status = str(error), 502
    # kcc/kaart.js lets htmx show this partial for a 4xx/5xx too (data-swap-errors).
    return render(request, "meldingen/_address_suggestions.html", context, status=status)


@login_not_required
@require_GET
def address_lookup(request: HttpRequest) -> JsonResponse:
    """The address and point of a chosen suggestion, and whether it lies in the municipality."""
    if _limited(request):
        return _error(TOO_MANY, 429)
    try:
        address = geo.lookup(request.GET.get("id", ""))
    except ValidationError as error:
        return _error(error.messages[0], 400)
    except geo.GeocoderError as error:
        return _error(str(error), 502)
    inside = geo.municipality_area(get_config()).contains(address.lat, address.lon)
    return JsonResponse({"address": address.as_dict(), "inside": inside})


def _coordinate(value: str | None, low: float, high: float) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


@login_not_required
@require_GET
def address_reverse(request: HttpRequest) -> JsonResponse:
    """A point on the map: inside the municipality? and the nearest address (or none)."""
    lat = _coordinate(request.GET.get("lat"), -90, 90)
    lon = _coordinate(request.GET.get("lon"), -180, 180)
    if lat is None or lon is None:
        return _error("Geef de plek als breedtegraad (lat) en lengtegraad (lon) in graden.", 400)
    if not geo.municipality_area(get_config()).contains(lat, lon):
        return JsonResponse({"inside": False, "address": None})
    if _limited(request):
        return _error(TOO_MANY, 429)
    try:
        address = geo.reverse(lat, lon)
    except (ValidationError, geo.GeocoderError) as error:
        return JsonResponse({"inside": True, "address": None, "error": str(getattr(error, "message", error))})
    return JsonResponse({"inside": True, "address": address.as_dict() if address else None})


@login_not_required
@require_GET
def map_area(request: HttpRequest) -> JsonResponse:
    """The municipality's boundary as GeoJSON, drawn on the map and used for the check in the browser."""
    return JsonResponse(geo.area_geojson(get_config()))
