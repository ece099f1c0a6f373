from django.urls import path

from kcc.meeluisteren import views

app_name = "meeluisteren"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("nieuw/", views.pick_contact, name="pick"),
    path("contact/<int:contact_pk>/", views.review_new, name="new"),
    path("bevindingen/", views.findings, name="findings"),
    path("<int:pk>/", views.review_detail, name="detail"),
]
