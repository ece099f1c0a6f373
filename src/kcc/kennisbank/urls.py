from django.urls import path

from kcc.kennisbank import views

app_name = "kennisbank"
urlpatterns = [
    # Public (no log-in)
    path("", views.public_search, name="public-search"),
    path("vac/<uuid:uuid>/", views.public_answer, name="public-answer"),
    # Agents
    path("zoeken/", views.search, name="search"),
    path("antwoord/<int:pk>/", views.answer, name="answer"),
    path("antwoord/<int:pk>/feedback/", views.give_feedback, name="feedback"),
    path("zoekopdracht/<int:pk>/backoffice/", views.backoffice_contacted, name="backoffice-contacted"),
    path("feedback/ontbreekt/", views.report_missing, name="feedback-missing"),
    path("feedback/mijn/", views.my_feedback, name="my-feedback"),
    path("nieuws/", views.news, name="news"),
    path("nieuws/<int:pk>/gelezen/", views.news_read, name="news-read"),
    # Owners and redacteuren
    path("feedback/", views.feedback_inbox, name="feedback-inbox"),
    path("feedback/<int:pk>/", views.handle_feedback, name="feedback-handle"),
    path("hiaten/", views.content_gaps, name="content-gaps"),
    path("hiaten/trefwoord/", views.accept_keyword, name="accept-keyword"),
    path("vacs/", views.vac_list, name="vac-list"),
    path("vacs/nieuw/", views.vac_create, name="vac-create"),
    path("vacs/<int:pk>/bewerken/", views.vac_edit, name="vac-edit"),
    path("vacs/<int:pk>/versies/", views.vac_history, name="vac-history"),
    path("vacs/<int:pk>/zoektermen/", views.learned_terms, name="learned-terms"),
    path("zoektermen/<int:pk>/afwijzen/", views.veto_learned_term, name="learned-term-veto"),
    path("zoektermen/<int:pk>/herstellen/", views.restore_learned_term, name="learned-term-restore"),
    # Teamleiders and redacteuren
    path("nieuws/beheer/", views.news_manage, name="news-manage"),
    path("nieuws/nieuw/", views.news_create, name="news-create"),
    path("nieuws/<int:pk>/bewerken/", views.news_edit, name="news-edit"),
    path("nieuws/<int:pk>/verwijderen/", views.news_delete, name="news-delete"),
]
