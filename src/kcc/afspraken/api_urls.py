from django.urls import path

from kcc.afspraken.api import AppointmentViewSet

urlpatterns = [
    path("afspraken", AppointmentViewSet.as_view({"get": "list", "post": "create"}), name="afspraak-list"),
    path("afspraken/tijden", AppointmentViewSet.as_view({"get": "tijden"}), name="afspraak-tijden"),
    path("afspraken/<str:nummer>", AppointmentViewSet.as_view({"get": "retrieve"}), name="afspraak-detail"),
    path(
        "afspraken/<str:nummer>/annuleren", AppointmentViewSet.as_view({"post": "annuleren"}), name="afspraak-annuleren"
    ),
]
