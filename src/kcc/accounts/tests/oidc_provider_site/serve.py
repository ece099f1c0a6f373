"""Prepare and run the test provider: ``python -m kcc.accounts.tests.oidc_provider_site.serve``.

Environment: OP_DIR, OP_PORT, OP_REDIRECT_URI, OP_USERS (JSON: username → {password, first_name,
last_name, email}). Prints the client id and secret as JSON on one line when it serves.
"""

import io
import json
import os
from wsgiref.simple_server import WSGIRequestHandler, make_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kcc.accounts.tests.oidc_provider_site.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from oidc_provider.models import Client, ResponseType  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=io.StringIO())
    for username, fields in json.loads(os.environ["OP_USERS"]).items():
        password = fields.pop("password")
        user = User.objects.create_user(username=username, **fields)
        user.set_password(password)
        user.save()
    client = Client.objects.create(
        name="KCC",
        client_type="confidential",
        client_id="kcc-test",
        client_secret="kcc-test-secret",
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=os.environ["OP_REDIRECT_URI"],
    )
    client.response_types.add(ResponseType.objects.get(value="code"))
    server = make_server("127.0.0.1", int(os.environ["OP_PORT"]), get_wsgi_application(), handler_class=QuietHandler)
    print(json.dumps({"client_id": client.client_id, "client_secret": client.client_secret}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
