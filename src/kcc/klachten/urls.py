from django.urls import path

from kcc.klachten import views

app_name = "klachten"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("nieuw/", views.register, name="register"),
    path("jaaroverzicht/", views.year_overview, name="year"),
    path("herkenning/keuze/", views.recognition_choice, name="recognition-choice"),
    path("herkenning/beoordelen/", views.recognition_review, name="recognition-review"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stap/<slug:key>/", views.step, name="step"),
    path("<int:pk>/brief/<int:letter_pk>/", views.letter, name="letter"),
    path("<int:pk>/brief/<int:letter_pk>/pdf/", views.letter_pdf, name="letter-pdf"),
]
