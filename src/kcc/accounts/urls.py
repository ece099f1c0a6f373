from django.urls import path

from kcc.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.security, name="security"),
    path("tweestaps/", views.verify, name="verify"),
    path("tweestaps/instellen/", views.setup, name="setup"),
    path("tweestaps/herstelcodes/", views.recovery_codes, name="recovery-codes"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="password-change"),
]
