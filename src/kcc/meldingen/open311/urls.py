from django.urls import re_path

from kcc.meldingen.open311 import views

app_name = "open311"
FMT = r"(?P<fmt>json|xml)"
ID = r"[A-Za-z0-9_\-:.]+?"

urlpatterns = [
    re_path(rf"^services\.{FMT}$", views.service_list, name="services"),
    re_path(rf"^services/(?P<code>[\w-]+)\.{FMT}$", views.service_definition, name="service"),
    re_path(rf"^requests\.{FMT}$", views.requests_view, name="requests"),
    re_path(rf"^requests/(?P<number>{ID})\.{FMT}$", views.request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>{ID})\.{FMT}$", views.token_detail, name="token"),
    re_path(r"^(?P<path>.*)$", views.not_found),
]
