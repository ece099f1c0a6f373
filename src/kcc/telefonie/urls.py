from django.urls import path

from kcc.telefonie import stream

app_name = "telefonie"
urlpatterns = [
    path("stroom/", stream.screenpop_stream, name="stream"),
]
