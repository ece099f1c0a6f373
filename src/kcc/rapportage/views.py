"""Workspace pages of the management information: dashboard, one table, CSV, drill-down lists and
the annual report (printable page and PDF). Thin: parse, call selectors/exports, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kcc.core.access import permission_required
from kcc.core.calendar import today
from kcc.core.models import OrganisationUnit
from kcc.rapportage import exports, selectors, services, tables
from kcc.rapportage.models import CouncilNote
from kcc.rapportage.period import LEVELS

PERMISSION = "rapportage.view_dashboard"
NOTE_PERMISSION = "rapportage.change_councilnote"
PAGE_SIZE = 50


def _filters(request: HttpRequest) -> dict[str, str]:
    day = today()
    return {
        "van": request.GET.get("van") or day.replace(day=1).isoformat(),
        "tot": request.GET.get("tot") or day.isoformat(),
        "eenheid": request.GET.get("eenheid", ""),
        "niveau": request.GET.get("niveau") or "dienst",
    }


def _context(request: HttpRequest):
    filters = _filters(request)
    try:
        return (
            filters,
            selectors.build_context(filters["van"], filters["tot"], filters["eenheid"], filters["niveau"]),
            {},
        )
    except ValidationError as error:
        return filters, None, {key: messages[0] for key, messages in error.message_dict.items()}


def _page(request: HttpRequest, template: str, reports_for, status_ok: int = 200, **extra) -> HttpResponse:
    filters, context, errors = _context(request)
    reports = reports_for(context) if context else []
    return render(
        request,
        template,
        {
            "filters": filters,
            "errors": errors,
            "reports": reports,
            "units": OrganisationUnit.objects.filter(is_active=True).order_by("name"),
            "levels": LEVELS,
            "tables": tables.all_tables(),
            **extra,
        },
        status=400 if errors else status_ok,
    )


def _table_or_404(key: str) -> tables.TableDef:
    table = tables.get(key)
    if table is None:
        raise Http404("Onbekende tabel.")
    return table


@require_GET
@permission_required(PERMISSION)
def dashboard(request: HttpRequest) -> HttpResponse:
    return _page(request, "rapportage/dashboard.html",
                 lambda context: [table.compute(context) for table in tables.all_tables()])  # fmt: skip


@require_GET
@permission_required(PERMISSION)
def table(request: HttpRequest, key: str) -> HttpResponse:
    definition = _table_or_404(key)
    return _page(request, "rapportage/dashboard.html", lambda context: [definition.compute(context)],
                 single=definition)  # fmt: skip


@require_GET
@permission_required(PERMISSION)
def table_csv(request: HttpRequest, key: str) -> HttpResponse:
    definition = _table_or_404(key)
    filters, context, errors = _context(request)
    if errors:
        return HttpResponse("\n".join(f"{k}: {v}" for k, v in errors.items()), status=400,
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    response = HttpResponse(exports.to_csv(definition.compute(context)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}_{filters["van"]}_{filters["tot"]}.csv"'
    return response


@require_GET
@permission_required(PERMISSION)
def records(request: HttpRequest, key: str) -> HttpResponse:
    definition = _table_or_404(key)
    if definition.records is None:
        raise Http404("Deze tabel heeft geen onderliggende lijst.")
    filters, context, errors = _context(request)
    if errors:
        return render(request, "rapportage/records.html", {"errors": errors, "table": definition}, status=400)
    params = {k: v for k, v in request.GET.items() if k not in {*filters, "pagina"}}
    record_list = definition.records(context, params)
    page = Paginator(record_list.queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [[(column.value(obj), column.link(obj) if column.link else "") for column in record_list.columns]
            for obj in page]  # fmt: skip
    return render(request, "rapportage/records.html", {
        "table": definition, "list": record_list, "page": page, "rows": rows, "filters": filters,
        "context": context,
    })  # fmt: skip


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("jaar") or str(today().year)
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@require_GET
@permission_required(PERMISSION)
def annual_report(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if year is None:
        return render(request, "rapportage/annual.html", {"error": "Geef een jaar tussen 2000 en 2100."}, status=400)
    reports = selectors.annual_reports(year)
    return render(request, "rapportage/annual.html", {
        "year": year, "reports": reports, "overview": selectors.norm_overview(reports), "made_on": date.today(),
        "notes": selectors.council_notes(year), "overview_key": CouncilNote.OVERVIEW,
        "may_explain": request.user.has_perm(NOTE_PERMISSION),
    })  # fmt: skip


@require_GET
@permission_required(PERMISSION)
def annual_report_pdf(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if year is None:
        return HttpResponse("Geef een jaar tussen 2000 en 2100.", status=400, content_type="text/plain; charset=utf-8")
    pdf = exports.annual_pdf(year, selectors.annual_reports(year), selectors.council_notes(year))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jaarverslag-kcc-{year}.pdf"'
    return response


@require_POST
@permission_required(NOTE_PERMISSION)
def annual_note(request: HttpRequest) -> HttpResponse:
    """Save the explanation for the council of one section; back to that section of the annual report."""
    year_text, section = request.POST.get("jaar", ""), request.POST.get("onderdeel", "")
    try:
        year = int(year_text)
        services.save_council_note(actor=request.user, year=year, section=section, text=request.POST.get("tekst", ""))
    except ValueError:
        messages.error(request, "Geef een jaar tussen 2000 en 2100.")
        return redirect("rapportage:annual")
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(f"{reverse('rapportage:annual')}?jaar={year}")
    messages.success(request, "De toelichting is opgeslagen.")
    return redirect(f"{reverse('rapportage:annual')}?jaar={year}#t-{section}")
