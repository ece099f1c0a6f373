from django.urls import path

from kcc.rapportage.api import TableListView, TableView

urlpatterns = [
    path("", TableListView.as_view(), name="rapportage-tables"),
    path("<str:tabel>/", TableView.as_view(), name="rapportage-table"),
]
