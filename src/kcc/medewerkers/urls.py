from django.urls import path

from kcc.medewerkers import views

app_name = "medewerkers"
urlpatterns = [
    path("", views.index, name="index"),
    path("wie-kan-aannemen/", views.who_can_take, name="who-can-take"),
    path("actualiteit/", views.freshness, name="freshness"),
    path("bevestigen/", views.coordinator, name="coordinator"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/doorverbinden/", views.person_panel, name="person-panel"),
    path("<int:pk>/melden/", views.flag, name="person-flag"),
    path("<int:pk>/afwezigheid/", views.absence_add, name="absence-add"),
    path("afwezigheid/<int:pk>/beeindigen/", views.absence_end, name="absence-end"),
    path("afwezigheid/<int:pk>/verwijderen/", views.absence_delete, name="absence-delete"),
    path("eenheden/<slug:code>/", views.unit_detail, name="unit"),
    path("eenheden/<slug:code>/doorverbinden/", views.unit_panel, name="unit-panel"),
    path("eenheden/<slug:code>/melden/", views.flag, name="unit-flag"),
    path("eenheden/<slug:code>/bevestigen/", views.confirm, name="confirm"),
    path("meldingen/<int:pk>/afhandelen/", views.resolve_flag, name="resolve-flag"),
]
