"""A small, separate Django project that is a real OpenID Connect provider (django-oidc-provider).

The SSO tests start it in a subprocess on loopback (``serve.py``): KCC talks to it over HTTP exactly as
it would to Keycloak or Entra ID. Its state lives in a temporary directory given by OP_DIR.
"""

import os
from pathlib import Path

OP_DIR = Path(os.environ["OP_DIR"])
SECRET_KEY = "op-" + os.environ.get("OP_PORT", "0")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SITE_URL = f"http://127.0.0.1:{os.environ['OP_PORT']}"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "kcc.accounts.tests.oidc_provider_site.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(OP_DIR / "op.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# Its own cookie names, so nothing mixes with KCC's even on one host.
SESSION_COOKIE_NAME = "op_session"
CSRF_COOKIE_NAME = "op_csrf"
OIDC_USERINFO = "kcc.accounts.tests.oidc_provider_site.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "kcc.accounts.tests.oidc_provider_site.claims.GroupsClaims"
