from django.urls import path

from kcc.zaken import views

app_name = "zaken"

urlpatterns = [
    path("", views.zaak_list, name="list"),
    path("zoeken/", views.zaak_search, name="search"),
    path("klant/<int:klant_id>/", views.klant_zaken, name="klant-zaken"),
    path("<str:number>/", views.zaak_detail, name="detail"),
]
