"""The docked cockpit in ``base.html``: the start button in the header and the panel beside the page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from kcc.contacten import cockpit_views

register = template.Library()


def _may_register(context: template.Context) -> bool:
    """A workspace page (one that needs a log-in, so not the public site) for a user who registers contacts."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    match = getattr(request, "resolver_match", None)
    public = match is not None and getattr(match.func, "login_required", True) is False
    return not public and request.user.has_perm(cockpit_views.REGISTER)


@register.simple_tag(takes_context=True)
def cockpit_start(context: template.Context) -> SafeString:
    """ "Nieuw contact (N)": starts a contact in the panel without leaving the page."""
    if not _may_register(context):
        return mark_safe("")
    request = context["request"]
    page = request.get_full_path()
    return mark_safe(cockpit_views.render_panel(request, "contacten/cockpit/start.html", {"page": page}))


@register.simple_tag(takes_context=True)
def cockpit_dock(context: template.Context) -> SafeString:
    """The aside with the panel, rendered from the database so it survives navigation and reload."""
    if not _may_register(context):
        return mark_safe("")
    request = context["request"]
    panel: dict[str, Any] = cockpit_views.panel_context(request, page=request.get_full_path())
    return mark_safe(cockpit_views.render_panel(request, "contacten/cockpit/dock.html", panel))
