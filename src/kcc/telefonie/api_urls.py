from django.urls import path

from kcc.telefonie.api import EventView

urlpatterns = [
    path("gebeurtenissen/", EventView.as_view(), name="telefonie-events"),
]
