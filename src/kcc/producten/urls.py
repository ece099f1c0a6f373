from django.urls import path

from kcc.producten import views

app_name = "producten"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("<slug:slug>/", views.product_detail, name="detail"),
    path("<slug:slug>/wijzigen/", views.product_edit, name="edit"),
]
