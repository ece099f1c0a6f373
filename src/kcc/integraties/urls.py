from django.urls import path

from kcc.integraties import views

app_name = "integraties"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("taken/<int:pk>/opnieuw/", views.resend_job, name="resend"),
    path("<str:system>/opnieuw/", views.resend_system, name="resend-system"),
]
