from django.urls import path

from kcc.core.search import views

app_name = "search"
urlpatterns = [
    path("synoniemen/", views.synonyms, name="synonyms"),
    path("synoniemen/<int:pk>/verwijderen/", views.delete_synonym, name="synonym-delete"),
]
