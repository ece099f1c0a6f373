"""Reading ``KCC_*`` configuration that may live in the Django settings or only in the environment.

Integrations and sources read their settings when used, not at import: a settings file, a test's
``settings`` fixture or the environment may each set them, in that order of precedence.
"""

from __future__ import annotations

import os

from django.conf import settings


def kcc_setting(name: str, default: str = "") -> str:
    """The Django setting ``name`` when set and not empty, else the environment variable, else ``default``."""
    if not name:
        return default
    return str(getattr(settings, name, None) or os.environ.get(name, default))
