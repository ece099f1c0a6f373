"""Generated requests for every producten, zaken and afspraken operation: no server errors,
responses as the OpenAPI schema documents them (the project-wide schemathesis pattern)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from kcc.accounts.services import issue_api_token
from kcc.core.roles import Role
from kcc.zaken.models import ZaakType


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi_schema(types, stadhuis, make_user, wsgi_keeps_connection, mode):
    """Valid-looking data may still be refused (unknown product or slot: 400); authentication has its own tests."""
    ZaakType.objects.create(code="rijbewijs", name="Rijbewijs", product=types["normal"].product)
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == GenerationMode.NEGATIVE:
        excluded.append(negative_data_rejection)
    user = make_user(Role.ADMIN)
    user.groups.add(*make_user(Role.AGENT).groups.all(), *make_user(Role.EDITOR).groups.all())
    token = issue_api_token(actor=None, user=user)
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application()).include(
        path_regex=r"^/api/v1/(producten|zaken|afspraken)"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 13
    if mode == GenerationMode.NEGATIVE:
        operations = [
            op for op in operations if len(op.body) or any(p.location == "query" for p in op.iter_parameters())
        ]
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()
