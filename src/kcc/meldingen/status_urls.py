from django.urls import path

from kcc.meldingen import views

app_name = "melding-status"

urlpatterns = [
    path("<str:number>", views.status, name="status"),
]
