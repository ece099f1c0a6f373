from rest_framework.routers import SimpleRouter

from kcc.medewerkers import api

router = SimpleRouter()
router.trailing_slash = "/?"  # /api/v1/medewerkers/1/bereikbaarheid, with or without a final slash
router.register("organisatie/eenheden", api.UnitViewSet, basename="eenheid")
router.register("medewerkers", api.PersonViewSet, basename="medewerker")

urlpatterns = router.urls
