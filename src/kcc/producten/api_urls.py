from django.urls import path

from kcc.producten.api import ProductViewSet

urlpatterns = [
    path("producten", ProductViewSet.as_view({"get": "list"}), name="product-list"),
    path(
        "producten/<str:slug>",
        ProductViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="product-detail",
    ),
]
