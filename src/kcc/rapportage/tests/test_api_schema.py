import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from kcc.accounts.services import issue_api_token
from kcc.rapportage.tests.conftest import q


@pytest.mark.django_db
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_rapportage_and_meeluisteren_api_conform_to_the_schema(tree, add_contact, teamleader, wsgi_keeps_connection,
                                                              mode):  # fmt: skip
    """Generated requests: no server errors, responses as documented. A generated date may still be
    refused (a period longer than three years, ``tot`` before ``van``): 400 is documented for that."""
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == GenerationMode.NEGATIVE:
        excluded.append(negative_data_rejection)  # pagination reads an unreadable limit as absent
    add_contact("2026-03-10T10:00:00+01:00", [q("algemene_vraag", "zelf_beantwoord", "belastingen")])
    token = issue_api_token(actor=None, user=teamleader)
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application()).include(
        path_regex=r"^/api/v1/(rapportage|meeluisteren)"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 3
    if mode == GenerationMode.NEGATIVE:  # no parameters: nothing invalid to generate
        operations = [op for op in operations if op.label != "GET /api/v1/rapportage/"]
    for operation in operations:

        @given(case=operation.as_strategy(mode))
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()
