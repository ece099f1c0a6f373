from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import re_path
from rest_framework.routers import SimpleRouter

from kcc.klachten.api import ComplaintViewSet

router = SimpleRouter()
router.register("", ComplaintViewSet, basename="klacht")


@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Anything under /api/v1/klachten/ the router does not know answers a JSON 404 (reveals nothing)."""
    return JsonResponse({"detail": "Niet gevonden."}, status=404)


urlpatterns = [*router.urls, re_path(r"^(?P<rest>[\s\S]*)$", not_found)]
