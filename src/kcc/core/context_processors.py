from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kcc.accounts.selectors import session_owes_second_factor
from kcc.core.theme import profile
from kcc.core.workspace import header_badges_for, nav_groups_for


def workspace(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # A session that still owes its second factor sees no workspace menu or counts yet.
    signed_in = user is not None and user.is_authenticated and not session_owes_second_factor(request)
    return {
        "municipality_name": settings.KCC_MUNICIPALITY_NAME,
        # Read only by pages that show it (public footers, letters): workspace pages ask nothing more.
        "municipality": SimpleLazyObject(profile),
        "nav_groups": nav_groups_for(user) if signed_in else [],
        "header_badges": header_badges_for(request) if signed_in else [],
    }
