from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from kcc.rapportage import charts
from kcc.rapportage.tables import Chart

register = template.Library()


@register.simple_tag
def drill_url(table_key: str, base: dict, params: dict) -> str:
    """The drill-down list of ``table_key`` for the dashboard's period and unit plus the cell's parameters."""
    return f"{reverse('rapportage:records', args=[table_key])}?{urlencode({**base, **params})}"


@register.filter
def svg(chart: Chart) -> str:
    return mark_safe(charts.render(chart))


@register.filter
def note_for(notes: dict[str, str], section: str) -> str:
    """The explanation for the council of ``section`` (see ``selectors.council_notes``), or ''."""
    return notes.get(section, "")
