"""What integraties adds to the workspace: the beheerder's page and a badge for stuck jobs."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from kcc.core.workspace import HeaderBadge, NavItem, register_header_badge, register_nav
from kcc.integraties.selectors import stuck_count


def stuck_badge(request: HttpRequest) -> HeaderBadge | None:
    if not request.user.is_authenticated or not request.user.has_perm("integraties.resend_integrationjob"):
        return None
    count = stuck_count()
    if not count:
        return None
    return HeaderBadge(f"{count} koppelingstaak(en) vast", count, reverse("integraties:overview"), important=True)


def register() -> None:
    register_nav(NavItem("Koppelingen", "integraties:overview", "integraties.view_integrationjob", order=90))
    register_header_badge(stuck_badge)
