from django.urls import path

from kcc.telefonie import ivr_views, stream

app_name = "telefonie"
urlpatterns = [
    path("stroom/", stream.screenpop_stream, name="stream"),
    path("ivr/", ivr_views.ivr_preview, name="ivr"),
]
