from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's deny-by-default log-in check for the workspace; the API answers for itself.

    API clients authenticate with tokens, which only DRF resolves, and every API view is closed
    unless it declares its permissions (``kcc.core.permissions.DenyByDefault``), so the API
    gets a 401/403 in JSON instead of a redirect to the log-in page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
