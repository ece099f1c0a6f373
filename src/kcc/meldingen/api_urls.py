from django.urls import path

from kcc.meldingen.api import CategoryViewSet, MeldingViewSet

NUMBER = "<str:number>/"

urlpatterns = [
    path("", MeldingViewSet.as_view({"get": "list", "post": "create"}), name="melding-list"),
    path("categorieen/", CategoryViewSet.as_view({"get": "list"}), name="melding-category-list"),
    path("categorieen/<str:code>/", CategoryViewSet.as_view({"get": "retrieve"}), name="melding-category-detail"),
    path(NUMBER, MeldingViewSet.as_view({"get": "retrieve"}), name="melding-detail"),
    path(f"{NUMBER}status/", MeldingViewSet.as_view({"post": "transition"}), name="melding-transition"),
]
