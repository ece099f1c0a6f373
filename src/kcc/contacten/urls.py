from django.urls import path

from kcc.contacten import cockpit_views, views

app_name = "contacten"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.start, name="start"),
    path("klantbeeld/", views.klantbeeld_panel, name="klantbeeld"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/beller/", views.caller, name="caller"),
    path("<int:pk>/klant/", views.klant, name="klant"),
    path("<int:pk>/vragen/", views.question_add, name="question-add"),
    path("<int:pk>/afsluiten/", views.close, name="close"),
    path("<int:pk>/actief/", cockpit_views.activate, name="activate"),
    path("cockpit/", cockpit_views.panel, name="cockpit"),
    path("cockpit/nieuw/", cockpit_views.start, name="cockpit-start"),
    path("cockpit/<int:pk>/beller/", cockpit_views.caller, name="cockpit-caller"),
    path("cockpit/<int:pk>/vragen/", cockpit_views.question_add, name="cockpit-question-add"),
    path("cockpit/vragen/<int:pk>/", cockpit_views.question_edit, name="cockpit-question-edit"),
    path("cockpit/<int:pk>/afsluiten/", cockpit_views.close, name="cockpit-close"),
    path("vragen/<int:pk>/", views.question_edit, name="question-edit"),
    path("klanten/<int:pk>/bsn/", views.bsn_reveal, name="bsn-reveal"),
    path("vragen/<int:pk>/klachtherkenning/", views.question_complaint, name="question-complaint"),
    path("items/<int:pk>/", views.question_item, name="question-item"),
    path("doorverbindpoging/", views.transfer_record, name="transfer-record"),
    path("<int:pk>/doorzetten/", views.handoff_new, name="handoff-new"),
    path("doorgezet/", views.handoff_queue, name="handoff-queue"),
    path("doorgezet/<int:pk>/oppakken/", views.handoff_take, name="handoff-take"),
    path("doorgezet/<int:pk>/afhandelen/", views.handoff_close, name="handoff-close"),
    path("terugbelverzoeken/", views.callback_inbox, name="callback-inbox"),
    path("terugbelverzoeken/nieuw/", views.callback_new, name="callback-new"),
    path("terugbelverzoeken/<int:pk>/", views.callback_detail, name="callback-detail"),
    path("terugbelverzoeken/<int:pk>/behandelen/", views.callback_take, name="callback-take"),
    path("terugbelverzoeken/<int:pk>/afsluiten/", views.callback_close, name="callback-close"),
    path("signalen/", views.signal_list, name="signal-list"),
    path("signalen/nieuw/", views.signal_new, name="signal-new"),
    path("signalen/<int:pk>/", views.signal_detail, name="signal-detail"),
]
