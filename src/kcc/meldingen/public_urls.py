from django.urls import path

from kcc.meldingen import views

app_name = "melden"

urlpatterns = [
    path("", views.report, name="form"),
    path("bevestiging/<str:number>/", views.confirmation, name="confirmation"),
    path("categorie/", views.category_fields, name="category-fields"),
    path("dubbel/", views.duplicates, name="duplicates"),
    path("foto-locatie/", views.photo_location, name="photo-location"),
]
