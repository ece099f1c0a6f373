from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

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
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("zoeken/", core_views.workspace_search, name="workspace-search"),
    path("gezondheid/", health.liveness, name="health"),
    path("gezondheid/gereed/", health.ready, name="health-ready"),
    path("gezondheid/metrics", health.metrics, name="health-metrics"),
    path("inloggen/", login_not_required(auth_views.LoginView.as_view()), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
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
]

handler404 = "kcc.core.views.page_not_found"
