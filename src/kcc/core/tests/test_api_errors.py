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
