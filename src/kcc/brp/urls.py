from django.urls import path

from kcc.brp import views

app_name = "brp"

urlpatterns = [
    path("contact/<int:pk>/zoeken/", views.search, name="search"),
    path("contact/<int:pk>/kiezen/", views.choose, name="choose"),
]
