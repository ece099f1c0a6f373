from django.urls import path

from kcc.retentie import views

app_name = "retentie"
urlpatterns = [path("", views.processing_register, name="register")]
