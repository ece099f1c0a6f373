"""Log-in, the second factor (enrol, verify, recovery codes) and changing one's own password."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from kcc.accounts import oidc, services, sessions
from kcc.accounts.forms import CodeForm
from kcc.accounts.middleware import second_factor_exempt
from kcc.accounts.selectors import has_second_factor, session_owes_second_factor

SETUP_DEVICE = "kcc_totp_setup_device"
SESSION_ENDED = {
    "inactief": "U was een tijd niet actief en bent daarom uitgelogd. Log opnieuw in.",
    "maximum": "Uw sessie was op haar maximale duur en is beëindigd. Log opnieuw in.",
}


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's log-in (django-axes counts failures) plus the single sign-on button."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc.is_enabled()
        context["sso_failed"] = self.request.GET.get("sso") == "mislukt"
        if reason := self.request.session.pop(sessions.ENDED_BECAUSE, None):
            context["session_ended"] = SESSION_ENDED[reason]
        return context


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}"


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of a password log-in: a code from the authenticator app or a recovery code."""
    if not session_owes_second_factor(request):
        return redirect(_next_url(request))
    user = request.user
    if not has_second_factor(user):
        return redirect(_with_next("accounts:setup", request))
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request, credentials)
        if form.is_valid() and (device := match_token(user, form.cleaned_data["code"])):
            otp_login(request, device)
            return redirect(_next_url(request))
        # A wrong code counts as a failed log-in for the account's lock-out, like a wrong password.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return _locked_out(request, credentials)
        form.add_error("code", "Deze code klopt niet of is verlopen. Probeer het opnieuw.")
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


def _locked_out(request: HttpRequest, credentials: dict) -> HttpResponse:
    logout(request)
    return locked_out(request, None, credentials)


def locked_out(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """django-axes' lock-out answer (AXES_LOCKOUT_CALLABLE): the same for every account name, real or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type the first code, keep the recovery codes."""
    user = request.user
    if has_second_factor(user) and session_owes_second_factor(request):
        return redirect(_with_next("accounts:verify", request))
    device = TOTPDevice.objects.filter(pk=request.session.get(SETUP_DEVICE), user=user, confirmed=False).first()
    if device is None:
        device = services.start_totp_enrolment(user)
        request.session[SETUP_DEVICE] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_enrolment(user=user, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            del request.session[SETUP_DEVICE]
            otp_login(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw.")
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR-code voor uw app"),
        "secret": _grouped(device.bin_key),
        "next": _next_url(request),
    }
    return render(request, "accounts/setup.html", context)


def _grouped(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def security(request: HttpRequest) -> HttpResponse:
    """One's own log-in settings: the authenticator app, recovery codes, the password."""
    return render(request, "accounts/security.html", {"has_second_factor": has_second_factor(request.user)})


@require_http_methods(["POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes; the old ones stop working."""
    if not has_second_factor(request.user):
        return redirect("accounts:setup")
    codes = services.regenerate_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("home")})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the other sessions end (the stored hash no longer matches)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(actor=self.request.user, user=self.request.user, via="werkruimte")
        messages.success(self.request, "Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.")
        return response
