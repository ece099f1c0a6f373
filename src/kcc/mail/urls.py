from django.urls import path

from kcc.mail import views

app_name = "mail"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("backoffice/", views.backoffice, name="backoffice"),
    path("jargon/", views.jargon, name="jargon"),
    path("quarantaine/", views.quarantine, name="quarantine"),
    path("doorgestuurd/<int:pk>/", views.forward_detail, name="forward"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/controle/", views.check, name="check"),
    path("<str:number>/personen/", views.forward_people, name="people"),
    path("<str:number>/actie/<slug:action>/", views.act, name="act"),
    path("<str:number>/bijlage/<int:pk>/", views.attachment, name="attachment"),
]
