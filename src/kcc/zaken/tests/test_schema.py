"""Generated requests against one existing zaak: every action (incl. suspending) answers as documented.

``afspraken/tests/test_schema.py`` covers all producten, zaken and afspraken operations with random
zaak numbers (mostly 404); here the number is a real zaak, so the bodies reach the services."""

from __future__ import annotations

import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, positive_data_acceptance

from kcc.accounts.services import issue_api_token
from kcc.core.roles import Role
from kcc.zaken import services


def test_actions_on_a_real_zaak_conform_to_the_schema(zaaktype, make_user, wsgi_keeps_connection):
    user = make_user(Role.ADMIN)
    zaak = services.create_zaak(zaaktype=zaaktype, start_date=timezone.localdate(), actor=user)
    token = issue_api_token(actor=None, user=user)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application()).include(
        path_regex=r"^/api/v1/zaken/\{nummer\}"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {"GET /api/v1/zaken/{nummer}", "POST /api/v1/zaken/{nummer}/acties"}
    seen: set[int] = set()
    for operation in operations:

        @given(case=operation.as_strategy(GenerationMode.POSITIVE))
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.path_parameters = {"nummer": zaak.number}
            response = case.call_and_validate(
                headers={"Authorization": f"Token {token}"},
                excluded_checks=[positive_data_acceptance, ignored_auth],  # valid-looking data may break a rule: 400
            )
            seen.add(response.status_code)

        check()
    assert 200 in seen and 500 not in seen
