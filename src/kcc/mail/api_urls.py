from django.urls import path

from kcc.mail.api import ForwardViewSet, MessageViewSet, ThreadViewSet

THREAD = "threads/<str:nummer>/"

urlpatterns = [
    path("berichten/", MessageViewSet.as_view({"get": "list"}), name="mail-message-list"),
    path("berichten/<str:nummer>/", MessageViewSet.as_view({"get": "retrieve"}), name="mail-message-detail"),
    path("threads/", ThreadViewSet.as_view({"get": "list"}), name="mail-thread-list"),
    path(THREAD, ThreadViewSet.as_view({"get": "retrieve"}), name="mail-thread-detail"),
    path(f"{THREAD}triage/", ThreadViewSet.as_view({"post": "triage"}), name="mail-thread-triage"),
    path(f"{THREAD}controle/", ThreadViewSet.as_view({"post": "controle"}), name="mail-thread-check"),
    path(f"{THREAD}antwoord/", ThreadViewSet.as_view({"post": "antwoord"}), name="mail-thread-answer"),
    path(f"{THREAD}doorsturen/", ThreadViewSet.as_view({"post": "doorsturen"}), name="mail-thread-forward"),
    path(f"{THREAD}afsluiten/", ThreadViewSet.as_view({"post": "afsluiten"}), name="mail-thread-close"),
    path("doorsturingen/", ForwardViewSet.as_view({"get": "list"}), name="mail-forward-list"),
    path("doorsturingen/<str:pk>/antwoord/", ForwardViewSet.as_view({"post": "antwoord"}), name="mail-forward-answer"),
]
