from django.urls import path

from kcc.zaken import views

app_name = "zaken"

urlpatterns = [
    path("", views.zaak_list, name="list"),
    path("zoeken/", views.zaak_search, name="search"),
    path("nieuw/", views.zaak_create, name="create"),
    path("klant/<int:klant_id>/", views.klant_zaken, name="klant-zaken"),
    path("<str:number>/", views.zaak_detail, name="detail"),
    path("<str:number>/opschorten/", views.zaak_suspend, name="suspend"),
    path("<str:number>/opschorting-beeindigen/", views.zaak_end_suspension, name="end-suspension"),
]
