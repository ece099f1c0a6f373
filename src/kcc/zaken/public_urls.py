from django.urls import path

from kcc.zaken import views

app_name = "zaak-status"

urlpatterns = [
    path("<str:number>/<str:token>/", views.public_status, name="status"),
]
