"""Django settings for KCC.

Everything a deployment changes comes from ``KCC_*`` environment variables with working
defaults, so ``make run`` needs nothing but this file: SQLite under ``var/`` and embedded
Huey storage. See the README for the full list.
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("KCC_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Use KCC_SECRET_KEY, or a random key generated once and kept under var/."""
    if key := os.environ.get("KCC_SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("KCC_DEBUG", False)
ALLOWED_HOSTS = env_list("KCC_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("KCC_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "huey.contrib.djhuey",
    "kcc.core",
    "kcc.core.search",
    "kcc.kennisbank",
    "kcc.medewerkers",
    "kcc.contacten",
    "kcc.meldingen",
    "kcc.klachten",
    "kcc.producten",
    "kcc.zaken",
    "kcc.afspraken",
    "kcc.mail",
    "kcc.rapportage",
    "kcc.meeluisteren",
    "kcc.telefonie",
    "kcc.retentie",
    "kcc.privacy",
    "kcc.integraties",
    "kcc.klantinteracties",
    "kcc.brp",
    # Identity (docs/security.md): lock-out, second factor, single sign-on.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "kcc.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kcc.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Deny by default: every view needs a log-in unless marked @login_not_required.
    "kcc.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kcc.accounts.middleware.SessionLimitsMiddleware",
    "kcc.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a lock-out during log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kcc.urls"
WSGI_APPLICATION = "kcc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kcc.core.context_processors.workspace",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("KCC_DATABASE_URL", f"sqlite:///{VAR_DIR / 'kcc.sqlite3'}"),
        conn_max_age=int(os.environ.get("KCC_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the worker read while one of them writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_kcc.sqlite3")}

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Identity: log-in, passwords, sessions, lock-out, second factor, SSO (docs/security.md) ---
AUTHENTICATION_BACKENDS = [
    # django-axes first: a locked account or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "kcc.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("KCC_PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A workspace session ends after this many idle minutes, and in any case this many hours after log-in.
KCC_SESSION_IDLE_MINUTES = int(os.environ.get("KCC_SESSION_IDLE_MINUTES", "30"))
KCC_SESSION_MAX_HOURS = int(os.environ.get("KCC_SESSION_MAX_HOURS", "10"))
SESSION_COOKIE_AGE = KCC_SESSION_MAX_HOURS * 3600
# django-axes: after this many failed log-ins the account and the address are locked for the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("KCC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("KCC_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = env_list("KCC_LOGIN_LOCKOUT_BY", "username,ip_address")
AXES_LOCKOUT_CALLABLE = "kcc.accounts.views.locked_out"
# No reset on success: a success would also clear that address's failures on other accounts.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# Masked in the lock-out records of the admin (the password always is).
AXES_SENSITIVE_PARAMETERS = ["code", "csrfmiddlewaretoken", "new_password1", "new_password2", "old_password"]
# Second factor (TOTP, django-otp): required for these roles (and superusers) with a local password.
KCC_SECOND_FACTOR_ROLES = env_list("KCC_SECOND_FACTOR_ROLES", "Beheerder,Klachtcoördinator,Privacyfunctionaris")
OTP_TOTP_ISSUER = os.environ.get("KCC_MUNICIPALITY_NAME", "Gemeente Demodam") + " KCC"
# Single sign-on with OpenID Connect (mozilla-django-oidc), on when KCC_OIDC_CLIENT_ID is set.
KCC_OIDC_ENABLED = bool(os.environ.get("KCC_OIDC_CLIENT_ID"))
if KCC_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("kcc.accounts.oidc.KccOIDCBackend")
OIDC_RP_CLIENT_ID = os.environ.get("KCC_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("KCC_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("KCC_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("KCC_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("KCC_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("KCC_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("KCC_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("KCC_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_CALLBACK_CLASS = "kcc.accounts.oidc.KccOIDCCallbackView"
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/?sso=mislukt"
KCC_OIDC_USERNAME_CLAIM = os.environ.get("KCC_OIDC_USERNAME_CLAIM", "preferred_username")
KCC_OIDC_GROUPS_CLAIM = os.environ.get("KCC_OIDC_GROUPS_CLAIM", "groups")
# {"group at the identity provider": "KCC role", ...}; checked at start-up (kcc.accounts.checks).
KCC_OIDC_ROLE_MAPPING = json.loads(os.environ.get("KCC_OIDC_ROLE_MAPPING", "{}"))
# Sessions started by these backends proved the person elsewhere (the identity provider's own MFA).
KCC_SECOND_FACTOR_EXEMPT_BACKENDS = ["kcc.accounts.oidc.KccOIDCBackend"]
# --- end identity ---

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("KCC_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
CSRF_FAILURE_VIEW = "kcc.core.views.csrf_failure"
MEDIA_ROOT = Path(os.environ.get("KCC_MEDIA_ROOT", VAR_DIR / "media"))
WHITENOISE_USE_FINDERS = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("KCC_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Headers, limits and public data (hardening; see docs/security.md) ------------------------------
# Content-Security-Policy: scripts and styles from our own static files only (no inline script or
# style, no eval, nothing from a CDN). htmx is configured by <meta name="htmx-config"> to match.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind TLS (KCC_SECURE_COOKIES on): redirect plain HTTP, HSTS for a year. A proxy that ends TLS
# must pass X-Forwarded-Proto (KCC_BEHIND_PROXY on), or every request would look like plain HTTP.
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("KCC_HSTS_SECONDS", "31536000")) if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KCC_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("KCC_HSTS_PRELOAD", True)
if env_bool("KCC_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks come from load balancers over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/"]
# Health: /gezondheid/metrics answers only with this bearer token (empty: metrics are off).
KCC_METRICS_TOKEN = os.environ.get("KCC_METRICS_TOKEN", "")
# Readiness limits in seconds: worker heartbeat age, overdue outgoing mail, mailbox polling age.
KCC_HEALTH_WORKER_MAX_AGE = int(os.environ.get("KCC_HEALTH_WORKER_MAX_AGE", "180"))
KCC_HEALTH_OUTBOX_MAX_DELAY = int(os.environ.get("KCC_HEALTH_OUTBOX_MAX_DELAY", "900"))
KCC_HEALTH_MAIL_POLL_MAX_AGE = int(os.environ.get("KCC_HEALTH_MAIL_POLL_MAX_AGE", "600"))
# --- end of the hardening block ----------------------------------------------------------------------

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["KCC_REDIS_URL"]}
        if os.environ.get("KCC_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kcc"}
    )
}

# Mail: outgoing messages go through the outbox; these settings are how the worker sends them.
EMAIL_BACKEND = os.environ.get("KCC_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("KCC_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("KCC_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("KCC_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("KCC_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KCC_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("KCC_EMAIL_FROM", "KCC Gemeente Demodam <kcc@demodam.nl>")
KCC_MUNICIPALITY_NAME = os.environ.get("KCC_MUNICIPALITY_NAME", "Gemeente Demodam")
KCC_BASE_URL = os.environ.get("KCC_BASE_URL", "http://127.0.0.1:8000")
# Open311 request descriptions: empty publishes none; "opgeschoond" the reporter's text without personal data.
KCC_OPEN311_DESCRIPTION = os.environ.get("KCC_OPEN311_DESCRIPTION", "")
if KCC_OPEN311_DESCRIPTION not in ("", "opgeschoond"):
    raise ImproperlyConfigured(
        f"KCC_OPEN311_DESCRIPTION is ‘{KCC_OPEN311_DESCRIPTION}’: laat hem leeg of zet hem op ‘opgeschoond’."
    )

# Background work: Huey on Redis when KCC_REDIS_URL is set, else embedded SQLite storage.
HUEY = {
    "name": "kcc",
    "immediate": env_bool("KCC_HUEY_IMMEDIATE", False),
    "utc": True,
    "consumer": {"workers": int(os.environ.get("KCC_WORKERS", "2")), "worker_type": "thread"},
}
if os.environ.get("KCC_REDIS_URL"):
    HUEY.update({"huey_class": "huey.RedisHuey", "url": os.environ["KCC_REDIS_URL"]})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "kcc.accounts.authentication.GuardedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kcc.core.permissions.DenyByDefault"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "kcc.core.api.BoundedPagination",
    "DEFAULT_PARSER_CLASSES": [
        "kcc.core.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("KCC_ANON_RATE", "120/minute")},
    "EXCEPTION_HANDLER": "kcc.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KCC API",
    "DESCRIPTION": "API van het Klant Contact Centrum (KCC). Versie 1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The documentation page's Swagger UI comes from the installed package, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kcc.core.api.document_unsupported_media_type",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EenheidSoortEnum": "kcc.core.models.OrganisationUnit.Kind",
        "DoorverbindbeleidEnum": "kcc.core.models.OrganisationUnit.TransferPolicy",
        "DoelSoortEnum": ["medewerker", "eenheid"],
        "TerugbelStatusEnum": "kcc.contacten.models.Callback.Status",
        "KlachtStatusEnum": "kcc.klachten.models.Complaint.Status",
        "OpschortingRedenEnum": "kcc.zaken.models.SuspensionReason",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("KCC_LOG_LEVEL", "INFO")},
    # django-axes logs every successful log-in at INFO; failures and lock-outs (WARNING) stay.
    # fontTools logs every glyph it keeps while fpdf2 subsets the PDF font.
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Working-day calendar and retention defaults (overridable in the admin where modelled).
KCC_DEFAULT_CALLBACK_DAYS = 2
# A contact about the same matter within this many days is a herhaalcontact.
KCC_REPEAT_CONTACT_DAYS = int(os.environ.get("KCC_REPEAT_CONTACT_DAYS", "30"))
# Klachtherkenning: use the active learned version beside the rules (kcc.klachten.learning).
KCC_KLACHTHERKENNING_LEREN = env_bool("KCC_KLACHTHERKENNING_LEREN", True)
# VAC's, products and cards opened this many minutes before a contact starts (same browser session) belong to it.
KCC_CAPTURE_BEFORE_START_MINUTES = int(os.environ.get("KCC_CAPTURE_BEFORE_START_MINUTES", "10"))
# Percentage points a figure may miss its service norm and still show oranje instead of rood.
KCC_NORM_TOLERANCE = float(os.environ.get("KCC_NORM_TOLERANCE", "5"))
# Key for encrypting BSNs (Fernet); defaults to one derived from the secret key. Changing it makes stored
# BSNs unreadable, so set it once in production and keep it with the database backups.
KCC_FIELD_ENCRYPTION_KEY = os.environ.get("KCC_FIELD_ENCRYPTION_KEY", "")
# Public knowledge-base searches per minute per address.
KCC_KENNISBANK_PUBLIC_SEARCHES_PER_MINUTE = int(os.environ.get("KCC_KENNISBANK_PUBLIC_SEARCHES_PER_MINUTE", "30"))
# Photo position look-ups (/melden/foto-locatie/, seconds of CPU each) per minute per address.
KCC_PHOTO_LOCATION_PER_MINUTE = int(os.environ.get("KCC_PHOTO_LOCATION_PER_MINUTE", "10"))
# The municipality's bounding box for meldingen, "west,south,east,north" in degrees; empty = the
# beheerder's setting in the admin, else the demo municipality's.
KCC_MUNICIPALITY_BBOX = os.environ.get("KCC_MUNICIPALITY_BBOX", "")
# The map of the melding forms and list (docs/meldingen.md#kaart): background tiles (Leaflet URL template)
# and the PDOK Locatieserver v3.1 that our server asks for address suggestions and reverse geocoding.
KCC_MAP_TILE_URL = os.environ.get(
    "KCC_MAP_TILE_URL", "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)
KCC_MAP_ATTRIBUTION = os.environ.get("KCC_MAP_ATTRIBUTION", "Kaart: BRT-Achtergrondkaart, Kadaster (PDOK)")
KCC_GEOCODER_URL = os.environ.get("KCC_GEOCODER_URL", "https://api.pdok.nl/bzk/locatieserver/search/v3_1")
# An extra Locatieserver filter, e.g. "gemeentenaam:Rotterdam", so suggestions stay in the municipality.
KCC_GEOCODER_FILTER = os.environ.get("KCC_GEOCODER_FILTER", "")
KCC_GEOCODER_TIMEOUT = float(os.environ.get("KCC_GEOCODER_TIMEOUT", "5"))
# Address look-ups (suggestions, map clicks) per minute per address on the public melding form.
KCC_ADDRESS_SEARCH_PER_MINUTE = int(os.environ.get("KCC_ADDRESS_SEARCH_PER_MINUTE", "60"))
# Working days the owner of a signaal (an agent's improvement signal) has to answer it.
KCC_SIGNAL_ANSWER_DAYS = int(os.environ.get("KCC_SIGNAL_ANSWER_DAYS", "5"))
