"""Issue 15 item 10: schemathesis over every operation of the API, on the demo municipality.

No server error and no response outside the documented schema, for generated valid and invalid
requests alike; the stateful run follows the schema's links (a created object is read back).
Valid-looking data may still be refused by the rules (unknown category: 400) and DRF reads an
unreadable ``limit``/``offset`` as absent, so those two checks stay out, as in the apps' own runs.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from kcc.accounts.services import issue_api_token
from kcc.core.models import User

# Examples per operation and mode: a few keep the suite quick; KCC_SCHEMATHESIS_EXAMPLES=50 digs deeper.
EXAMPLES = int(os.environ.get("KCC_SCHEMATHESIS_EXAMPLES", "5"))


@pytest.fixture
def api_headers(db) -> dict[str, str]:
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    user = User.objects.create_superuser("api-alles", "api@demodam.nl", "geheim-wachtwoord-1")
    token = issue_api_token(actor=None, user=user)
    return {"Authorization": f"Token {token}"}


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_conforms_to_the_schema(api_headers, wsgi_keeps_connection, mode):
    operations = _operations()
    assert len(operations) >= 60  # every operation, not an accidental subset
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == GenerationMode.NEGATIVE:
        excluded.append(negative_data_rejection)
        # a bare path parameter has nothing invalid to generate: keep operations with a query or a body
        operations = [
            op for op in operations if len(op.body) or any(p.location == "query" for p in op.iter_parameters())
        ]
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=api_headers, excluded_checks=excluded)

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:  # collect all: one run shows every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:1500]}")
    assert not failures, "\n\n".join(failures)


def test_stateful_sequences_follow_the_inferred_links(api_headers, wsgi_keeps_connection):
    """Create, then use what was created (links inferred from the schema's parameters and bodies)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    excluded = [positive_data_acceptance, ignored_auth, negative_data_rejection]
    failures: list[str] = []

    class Workflow(schema.as_state_machine()):
        # Each sequence starts from the same demo data: what one made is rolled back before the
        # next, so Hypothesis sees the same responses when it replays a sequence.
        def setup(self) -> None:
            self.savepoint = transaction.atomic()
            self.savepoint.__enter__()

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

        def get_call_kwargs(self, case) -> dict:
            return {"headers": api_headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs) -> None:
            # Collected rather than raised, so one run lists every failing step.
            try:
                case.validate_response(response, excluded_checks=excluded, transport_kwargs=kwargs)
            except (AssertionError, BaseExceptionGroup) as error:
                failures.append(f"{case.method} {case.formatted_path}: {str(error)[:1500]}")

    Workflow.run(
        settings=settings(
            max_examples=EXAMPLES * 4,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
    assert not failures, "\n\n".join(dict.fromkeys(failures))


def test_an_unknown_api_url_is_a_json_404(client, db):  # db: the workspace's 404 shows the contact details
    response = client.get("/api/v1/kennisbank/vacs/1.5/")
    assert response.status_code == 404 and response.json() == {"detail": "Niet gevonden."}
    assert client.get("/bestaat-niet/").status_code in (302, 404)  # the workspace keeps its own page
