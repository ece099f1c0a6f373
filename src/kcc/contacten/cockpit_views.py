"""The docked cockpit: the agent's running contacts beside every workspace page (thin views)."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from kcc.contacten import cockpit
from kcc.contacten.models import Contactmoment

REGISTER = "contacten.add_contactmoment"


@require_POST
@permission_required(REGISTER, raise_exception=True)
def activate(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one of the agent's running contacts the one the cockpit shows (a tab, a screen-pop)."""
    contact = get_object_or_404(Contactmoment, pk=pk)
    try:
        cockpit.set_active_contact(request, contact)
    except PermissionDenied:
        raise
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(status=204, headers={"HX-Trigger": "kcc:cockpit"})
