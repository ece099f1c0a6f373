"""Shared API plumbing: a value that can never exist is a 400 on every database, not a 500."""

import pytest
from rest_framework import serializers

from kcc.core.api import SlugRelatedField
from kcc.core.models import OrganisationUnit

pytestmark = pytest.mark.django_db


def test_a_code_with_a_nul_character_is_refused_before_the_look_up():
    OrganisationUnit.objects.create(code="wi", name="Werk en Inkomen", kind="afdeling")
    field = SlugRelatedField(slug_field="code", queryset=OrganisationUnit.objects.all())
    assert field.run_validation("wi").code == "wi"
    with pytest.raises(serializers.ValidationError) as error:
        field.run_validation("w\x00i")  # PostgreSQL raises DataError when asked for this
    assert "ongeldig teken" in str(error.value.detail[0])


def test_every_operation_documents_the_answer_to_an_unacceptable_accept_header(client, admin_user):
    schema = client.get("/api/v1/schema/?format=json").json()
    operations = [op for path in schema["paths"].values() for op in path.values() if isinstance(op, dict)]
    assert operations and all("406" in op["responses"] for op in operations)
    client.force_login(admin_user)
    response = client.get("/api/v1/kennisbank/vacs/", HTTP_ACCEPT="Nsu\\<bo")
    assert response.status_code == 406
    assert "Accept" in response.json()["detail"]
