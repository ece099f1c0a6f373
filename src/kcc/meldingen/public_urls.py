from django.urls import path

from kcc.meldingen import map_views, views

app_name = "melden"

urlpatterns = [
    path("", views.report, name="form"),
    path("bevestiging/<str:number>/", views.confirmation, name="confirmation"),
    path("categorie/", views.category_fields, name="category-fields"),
    path("dubbel/", views.duplicates, name="duplicates"),
    path("foto-locatie/", views.photo_location, name="photo-location"),
    path("adres/", map_views.address_suggestions, name="address-suggestions"),
    path("adres/kies/", map_views.address_lookup, name="address-lookup"),
    path("adres/plek/", map_views.address_reverse, name="address-reverse"),
    path("kaart/gebied/", map_views.map_area, name="map-area"),
]
