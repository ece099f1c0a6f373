from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.utils.cache import add_never_cache_headers


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


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response Django builds, unless the view chose its own.

    Nearly every page and API response carries personal data (the workspace, and the public pages
    behind a secret link); marking them all is the deny-by-default choice, so no browser or proxy
    keeps a copy. Static files are served before this by WhiteNoise and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
