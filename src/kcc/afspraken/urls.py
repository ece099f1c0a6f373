from django.urls import path

from kcc.afspraken import views

app_name = "afspraken"

urlpatterns = [
    path("", views.appointment_list, name="list"),
    path("nieuw/", views.agent_booking, name="book"),
]
