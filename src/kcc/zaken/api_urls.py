from django.urls import path

from kcc.zaken.api import NotificatieView, ZaakViewSet

urlpatterns = [
    path("zaken", ZaakViewSet.as_view({"get": "list", "post": "create"}), name="zaak-list"),
    path("zaken/zoeken", ZaakViewSet.as_view({"post": "zoeken"}), name="zaak-zoeken"),
    path("zaken/<str:nummer>", ZaakViewSet.as_view({"get": "retrieve"}), name="zaak-detail"),
    path("zaken/<str:nummer>/acties", ZaakViewSet.as_view({"post": "actie"}), name="zaak-actie"),
    path("notificaties/zaken", NotificatieView.as_view(), name="notificaties-zaken"),
]
