from rest_framework.routers import SimpleRouter

from kcc.contacten import api

router = SimpleRouter()
router.trailing_slash = "/?"
router.register("contactmomenten", api.ContactmomentViewSet, basename="contactmoment")
router.register("terugbelverzoeken", api.CallbackViewSet, basename="terugbelverzoek")
router.register("signalen", api.SignalViewSet, basename="signaal")

urlpatterns = router.urls
