from django.urls import path

from kcc.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.request_list, name="requests"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/pdf/", views.request_pdf, name="request-pdf"),
    path("<int:pk>/json/", views.request_json, name="request-json"),
    path("<int:pk>/verwijderen/", views.request_erase, name="request-erase"),
    path("<int:pk>/corrigeren/", views.request_correct, name="request-correct"),
    path("<int:pk>/verlengen/", views.request_extend, name="request-extend"),
    path("<int:pk>/afsluiten/", views.request_close, name="request-close"),
]
