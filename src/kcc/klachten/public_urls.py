from django.urls import path

from kcc.klachten import views

app_name = "klacht"

urlpatterns = [
    path("", views.public_form, name="form"),
    path("ontvangen/", views.public_received, name="received"),
]
