from django.urls import path

from kcc.rapportage import views

app_name = "rapportage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("jaarverslag/", views.annual_report, name="annual"),
    path("jaarverslag/pdf/", views.annual_report_pdf, name="annual-pdf"),
    path("jaarverslag/toelichting/", views.annual_note, name="annual-note"),
    path("<slug:key>/", views.table, name="table"),
    path("<slug:key>/csv/", views.table_csv, name="csv"),
    path("<slug:key>/lijst/", views.records, name="records"),
]
