from django.urls import path

from kcc.meldingen import views

app_name = "meldingen"

urlpatterns = [
    path("", views.melding_list, name="list"),
    path("nieuw/", views.intake, name="intake"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/actie/<slug:action>/", views.transition, name="transition"),
    path("<str:number>/foto/<int:pk>/", views.photo, name="photo"),
]
