"""Log-in hooks: start the session clocks (idle time, maximum age)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from kcc.accounts import sessions


@receiver(user_logged_in, dispatch_uid="kcc.accounts.start_session_clocks")
def start_session_clocks(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.start(request)
