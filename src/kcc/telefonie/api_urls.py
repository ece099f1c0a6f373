from django.urls import path

from kcc.telefonie.api import EventView
from kcc.telefonie.ivr_views import IvrView

urlpatterns = [
    path("gebeurtenissen/", EventView.as_view(), name="telefonie-events"),
    path("ivr/", IvrView.as_view(), name="telefonie-ivr"),
]
