import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from kcc.core.permissions import PUBLIC, DenyByDefault
from kcc.core.roles import Role, declared_permissions

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_exactly_its_declared_permissions():
    declared = declared_permissions()
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = set(group.permissions.values_list("content_type__app_label", "codename"))
        assert granted == declared[role.value]
    assert ("core", "view_auditentry") in declared[Role.ADMIN.value]
    assert ("core", "view_auditentry") not in declared[Role.AGENT.value]


def test_a_user_without_a_role_may_do_nothing(make_user):
    user = make_user()
    assert not user.get_all_permissions()


class _Silent(APIView):
    pass


class _Guarded(APIView):
    required_permissions = {"list": ["core.view_auditentry"], "*": PUBLIC}


@pytest.mark.parametrize("role", list(Role))
def test_an_api_view_that_declares_nothing_is_closed_to_every_role(make_user, role):
    request = APIRequestFactory().get("/")
    request.user = make_user(role)
    assert DenyByDefault().has_permission(request, _Silent()) is False


def test_declared_permissions_are_checked_per_action(make_user):
    request = APIRequestFactory().get("/")
    view = _Guarded()
    view.action = "list"
    request.user = make_user(Role.AGENT)
    assert DenyByDefault().has_permission(request, view) is False
    request.user = make_user(Role.ADMIN)
    assert DenyByDefault().has_permission(request, view) is True
    view.action = "retrieve"
    assert DenyByDefault().has_permission(request, view) is True
