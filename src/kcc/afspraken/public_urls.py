from django.urls import path

from kcc.afspraken import views

app_name = "afspraak"

urlpatterns = [
    path("", views.public_booking, name="start"),
    path("<str:number>/<str:token>/", views.manage, name="manage"),
]
