"""Session limits and the second factor, enforced for every request (deny by default)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from kcc.accounts import sessions
from kcc.accounts.selectors import has_second_factor, session_owes_second_factor


class SessionLimitsMiddleware:
    """Ends a logged-in session after the idle time or the maximum age; the next page asks to log in."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and (reason := sessions.expiry_reason(request)):
            logout(request)
            request.session[sessions.ENDED_BECAUSE] = reason
        return self.get_response(request)


def second_factor_exempt(view):
    """Mark a view an unverified session may use (the second-factor pages themselves, log-out)."""
    view.second_factor_exempt = True
    return view


class SecondFactorMiddleware:
    """Until the second factor is given, a session only reaches the 2FA pages, log-out and public pages."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if getattr(view_func, "second_factor_exempt", False) or not session_owes_second_factor(request):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "Rond eerst de tweestapsverificatie af in de werkruimte."}, status=403)
        if not getattr(view_func, "login_required", True):
            return None  # a public page
        target = "accounts:verify" if has_second_factor(request.user) else "accounts:setup"
        response = redirect(target)
        response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
