"""Settings for the test suite: the real settings with tasks run inline and fast hashing."""

import os

# Playwright's sync API keeps an event loop in the test thread; the ORM calls there are ours.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from kcc.settings import *  # noqa: F403
from kcc.settings import HUEY

HUEY = {**HUEY, "immediate": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute"}}  # noqa: F405
# Recognition without a database lookup per process; the learning tests switch it on themselves.
KCC_KLACHTHERKENNING_LEREN = False
# force_login sessions skip the second factor: see kcc/accounts/tests/backends.py and docs/security.md.
AUTHENTICATION_BACKENDS = ["kcc.accounts.tests.backends.ForceLoginBackend", *AUTHENTICATION_BACKENDS]  # noqa: F405
KCC_SECOND_FACTOR_EXEMPT_BACKENDS = [*KCC_SECOND_FACTOR_EXEMPT_BACKENDS, AUTHENTICATION_BACKENDS[0]]  # noqa: F405
# No test reaches PDOK: the map's tiles come from our own static files and the address search
# from a closed port, unless a test starts the Locatieserver stand-in (kcc/meldingen/tests/locatieserver.py).
KCC_MAP_TILE_URL = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
KCC_GEOCODER_URL = "http://127.0.0.1:9"
