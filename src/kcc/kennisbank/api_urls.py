from django.urls import path
from rest_framework.routers import SimpleRouter

from kcc.kennisbank import api

router = SimpleRouter()
router.register("vacs", api.VACViewSet, basename="api-vac")

urlpatterns = [
    path("zoeken/", api.SearchView.as_view(), name="kennisbank-zoeken"),
    *router.urls,
]
