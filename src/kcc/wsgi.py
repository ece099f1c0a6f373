import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcc.settings")
application = get_wsgi_application()

# The PII scrubber (search log) loads its name lists once per process: do it before the first request.
from kcc.privacy.pii import warm_up  # noqa: E402

warm_up()
