"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) on top of the meldingen services.

Services are the active sub-categories (``service_code`` = category code). Requests are meldingen:
``open`` while gemeld/doorgezet/in behandeling, else ``closed``; ``expected_datetime`` is the end
of the deadline day (or of the planned date). Privacy: anyone can read every request by its
sequential number, so a request carries only what the municipality wrote or checked: the fixed
status text, the category, the unit, the street and place (no house number, postcode or the
reporter's location note) and the coordinates. ``media_url`` is always null; ``description`` too,
unless ``KCC_OPEN311_DESCRIPTION=opgeschoond`` publishes it scrubbed of personal data.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from kcc.meldingen import selectors, services, texts
from kcc.meldingen.models import OPEN_STATUSES, Category, Channel, Feedback, Melding, Open311ApiKey, Status
from kcc.meldingen.open311.render import errors, respond
from kcc.privacy.pii import scrub

DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
TOKEN_SALT = "kcc.meldingen.open311.token"


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or category.reporter_message or None,
        "metadata": bool(category.question_count),
        "type": "realtime",
        "keywords": category.keywords or None,
        "group": category.parent.name,
    }


@login_not_required
@require_GET
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    categories = selectors.active_categories().annotate(question_count=Count("questions"))
    return respond(fmt, "services", [_service(category) for category in categories])


@login_not_required
@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = selectors.active_categories().filter(code=code).first()
    if category is None:
        return errors(fmt, 404, f"service_code ‘{code}’ bestaat niet.")
    attributes = []
    for question in category.questions.all():
        attribute = {
            "variable": True,
            "code": question.code,
            "datatype": question.datatype,
            "required": question.required,
            "datatype_description": None,
            "order": question.order,
            "description": question.label,
        }
        if question.datatype in ("singlevaluelist", "multivaluelist"):
            attribute["values"] = [{"key": str(v.get("key")), "name": str(v.get("name"))} for v in question.values]
        attributes.append(attribute)
    return respond(fmt, "service_definition", {"service_code": category.code, "attributes": attributes})


def _iso(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _end_of_day(day) -> str:
    return _iso(timezone.make_aware(datetime.combine(day, time(23, 59, 59))))


def _public_address(melding: Melding) -> str | None:
    """Street and place only: a house number or postcode can point at the reporter's own home.

    A request posted through Open311 has one free-text ``address_string`` (stored as the street),
    written by the reporter: it is never published.
    """
    if melding.channel == Channel.OPEN311:
        return None
    return ", ".join(part for part in (melding.street, melding.city) if part) or None


def _public_description(melding: Melding) -> str | None:
    """The reporter's text only when the municipality opts in (``KCC_OPEN311_DESCRIPTION=opgeschoond``),
    and then with every name, number, address and e-mail address replaced by a tag."""
    if settings.KCC_OPEN311_DESCRIPTION != "opgeschoond" or not melding.description:
        return None
    return scrub(melding.description)


def _request(melding: Melding) -> dict[str, Any]:
    return {
        "service_request_id": melding.number,
        "status": "open" if melding.status in OPEN_STATUSES else "closed",
        # The fixed text per status: history lines can quote the handler's free text.
        "status_notes": texts.STATUS_PUBLIC[Status(melding.status)],
        "service_name": melding.category.name,
        "service_code": melding.category.code,
        "description": _public_description(melding),
        "agency_responsible": melding.unit.name if melding.unit else None,
        "service_notice": melding.category.reporter_message or None,
        "requested_datetime": _iso(melding.created_at),
        "updated_datetime": _iso(melding.updated_at),
        "expected_datetime": _end_of_day(texts.expected_date(melding))
        if melding.status in (*OPEN_STATUSES, Status.PLANNED)
        else None,
        "address": _public_address(melding),
        "address_id": None,
        "zipcode": None,
        "lat": melding.lat,
        "long": melding.lon,
        "media_url": None,
    }


def _requests_queryset() -> QuerySet[Melding]:
    return Melding.objects.select_related("category", "unit")


def _parse_moment(name: str, value: str) -> datetime:
    moment = parse_datetime(value.strip().replace(" ", "+")) if value else None
    if moment is None:
        raise ValueError(f"{name} moet een datum en tijd zijn zoals 2026-04-24T09:00:00Z.")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    queryset = _requests_queryset()
    if ids := params.get("service_request_id", "").strip():
        numbers = [number.strip() for number in ids.split(",") if number.strip()]
        found = queryset.filter(number__in=numbers[:MAX_REQUESTS]).order_by("-created_at")
        return respond(fmt, "requests", [_request(melding) for melding in found])
    problems = []
    try:
        end = _parse_moment("end_date", params["end_date"]) if params.get("end_date") else timezone.now()
        start = (
            _parse_moment("start_date", params["start_date"])
            if params.get("start_date")
            else end - timedelta(days=DEFAULT_DAYS)
        )
    except ValueError as error:
        return errors(fmt, 400, str(error))
    if start > end:
        problems.append("start_date ligt na end_date.")
    statuses = [value.strip() for value in params.get("status", "").split(",") if value.strip()]
    if any(value not in ("open", "closed") for value in statuses):
        problems.append("status moet ‘open’ of ‘closed’ zijn.")
    if problems:
        return errors(fmt, 400, *problems)
    queryset = queryset.filter(created_at__gte=start, created_at__lte=end)
    if codes := [code.strip() for code in params.get("service_code", "").split(",") if code.strip()]:
        queryset = queryset.filter(category__code__in=codes)
    if statuses == ["open"]:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif statuses == ["closed"]:
        queryset = queryset.exclude(status__in=OPEN_STATUSES)
    found = queryset.order_by("-created_at")[:MAX_REQUESTS]
    return respond(fmt, "requests", [_request(melding) for melding in found])


def _api_key(value: str) -> Open311ApiKey | None:
    if not value:
        return None
    key = Open311ApiKey.objects.filter(key_hash=services.hash_api_key(value), is_active=True).first()
    if key is not None:
        Open311ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def _float(params, name: str, problems: list[str]) -> float | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        problems.append(f"{name} moet een getal zijn.")
        return None


def _attributes(params) -> dict[str, Any]:
    """``attribute[code]=value``; ``attribute[code][]=a&attribute[code][]=b`` for multivaluelists."""
    answers: dict[str, Any] = {}
    for name in params:
        if name.startswith("attribute[") and "]" in name:
            code = name[len("attribute[") : name.index("]")]
            values = params.getlist(name)
            answers[code] = values if name.endswith("[]") else values[-1]
    return answers


def token_for(melding: Melding) -> str:
    return signing.dumps(melding.number, salt=TOKEN_SALT, compress=True)


def _create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.POST
    if _api_key(params.get("api_key", "")) is None:
        return errors(fmt, 403, "api_key ontbreekt of is ongeldig.")
    code = params.get("service_code", "").strip()
    if not code:
        return errors(fmt, 400, "service_code ontbreekt.")
    category = selectors.active_categories().filter(code=code).first()
    if category is None:
        return errors(fmt, 404, f"service_code ‘{code}’ bestaat niet.")
    problems: list[str] = []
    lat, lon = _float(params, "lat", problems), _float(params, "long", problems)
    if problems:
        return errors(fmt, 400, *problems)
    email = params.get("email", "").strip()
    phone = params.get("phone", "").strip()
    name = " ".join(part for part in (params.get("first_name", ""), params.get("last_name", "")) if part.strip())
    address_id = params.get("address_id", "").strip()
    intake = services.Intake(
        category=category,
        description=params.get("description", ""),
        location=services.Location(
            street=params.get("address_string", "").strip() or (f"adres-id {address_id}" if address_id else ""),
            lat=lat,
            lon=lon,
        ),
        reporter=services.Reporter(
            name=name, email=email, phone=phone, feedback=Feedback.EMAIL if email else Feedback.NONE
        ),
        channel=Channel.OPEN311,
        extra=_attributes(params),
    )
    try:
        result = services.create_melding(intake)
    except ValidationError as error:
        messages = [f"{field}: {text}" for field, texts_ in error.message_dict.items() for text in texts_]
        return errors(fmt, 400, *messages)
    melding = result.melding
    body = [
        {
            "service_request_id": melding.number,
            "service_notice": category.reporter_message or None,
            "account_id": None,
            "token": token_for(melding),
        }
    ]
    return respond(fmt, "requests", body, status=201)


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create_request(request, fmt)
    return _list_requests(request, fmt)


@login_not_required
@require_GET
def request_detail(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    melding = _requests_queryset().filter(number=number).first()
    if melding is None:
        return errors(fmt, 404, f"service_request_id ‘{number}’ bestaat niet.")
    return respond(fmt, "requests", [_request(melding)])


@login_not_required
@require_GET
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    try:
        number = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        number = None
    if number is None or not Melding.objects.filter(number=number).exists():
        return errors(fmt, 404, "Onbekend token.")
    return respond(fmt, "requests", [{"service_request_id": number, "token": token}])


@csrf_exempt
@login_not_required
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    fmt = "xml" if path.endswith(".xml") else "json"
    return errors(fmt, 404, "Deze Open311-URL bestaat niet. Gebruik .json of .xml.")
