from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from kcc.accounts import views as account_views
from kcc.accounts.middleware import second_factor_exempt
from kcc.accounts.oidc import KccOIDCCallbackView, KccOIDCLoginView
from kcc.core import health
from kcc.core import views as core_views

api_v1 = [
    path("schema/", login_not_required(SpectacularAPIView.as_view(permission_classes=[AllowAny])), name="schema"),
    path(
        "docs/",
        # Swagger UI from the installed package (sidecar); its start script is a second request
        # to the same view, so the page needs no inline script.
        login_not_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="schema", permission_classes=[AllowAny], template_name="core/api_docs.html"
            )
        ),
        name="api-docs",
    ),
    path("kennisbank/", include("kcc.kennisbank.api_urls")),
    path("klachten/", include("kcc.klachten.api_urls")),
    path("meldingen/", include("kcc.meldingen.api_urls")),
    path("", include("kcc.contacten.api_urls")),
    path("", include("kcc.medewerkers.api_urls")),
    path("", include("kcc.producten.api_urls")),
    path("", include("kcc.zaken.api_urls")),
    path("", include("kcc.afspraken.api_urls")),
    path("mail/", include("kcc.mail.api_urls")),
    path("rapportage/", include("kcc.rapportage.api_urls")),
    path("meeluisteren/", include("kcc.meeluisteren.api_urls")),
    path("telefonie/", include("kcc.telefonie.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("zoeken/", core_views.workspace_search, name="workspace-search"),
    path("thema.css", core_views.theme_stylesheet, name="theme-css"),
    path("thema/logo.png", core_views.theme_logo, name="theme-logo"),
    path("taken/<int:pk>/", core_views.task_detail, name="task"),
    path("gezondheid/", health.liveness, name="health"),
    path("gezondheid/gereed/", health.ready, name="health-ready"),
    path("gezondheid/metrics", health.metrics, name="health-metrics"),
    path("inloggen/", account_views.LoginView.as_view(), name="login"),
    path("inloggen/sso/", login_not_required(KccOIDCLoginView.as_view()), name="sso-login"),
    path("oidc/callback/", login_not_required(KccOIDCCallbackView.as_view()), name="oidc_authentication_callback"),
    path("uitloggen/", second_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("account/", include("kcc.accounts.urls")),
    # One log-in page for everybody (lock-out, second factor): the admin's own is not used.
    path("beheer/login/", login_not_required(RedirectView.as_view(pattern_name="login", query_string=True))),
    path("beheer/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("kennisbank/", include("kcc.kennisbank.urls")),
    path("medewerkers/", include("kcc.medewerkers.urls")),
    path("zoekbeheer/", include("kcc.core.search.urls")),
    path("klacht/", include("kcc.klachten.public_urls")),
    path("klachten/", include("kcc.klachten.urls")),
    path("contacten/", include("kcc.contacten.urls")),
    path("melden/", include("kcc.meldingen.public_urls")),
    path("melding/", include("kcc.meldingen.status_urls")),
    path("meldingen/", include("kcc.meldingen.urls")),
    path("open311/v2/", include("kcc.meldingen.open311.urls")),
    path("producten/", include("kcc.producten.urls")),
    path("zaken/", include("kcc.zaken.urls")),
    path("zaak/", include("kcc.zaken.public_urls")),
    path("afspraken/", include("kcc.afspraken.urls")),
    path("afspraak/", include("kcc.afspraken.public_urls")),
    path("mail/", include("kcc.mail.urls")),
    path("rapportage/", include("kcc.rapportage.urls")),
    path("meeluisteren/", include("kcc.meeluisteren.urls")),
    path("telefonie/", include("kcc.telefonie.urls")),
    path("verwerkingsregister/", include("kcc.retentie.urls")),
    path("privacy/", include("kcc.privacy.urls")),
    path("koppelingen/", include("kcc.integraties.urls")),
    path("brp/", include("kcc.brp.urls")),
]

handler400 = "kcc.core.views.bad_request"
handler403 = "kcc.core.views.permission_denied"
handler404 = "kcc.core.views.page_not_found"
handler500 = "kcc.core.views.server_error"
