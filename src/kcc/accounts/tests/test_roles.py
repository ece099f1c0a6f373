"""Item 3: roles and superuser status change only through the audited service; nobody promotes himself."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from kcc.accounts.selectors import roles_of
from kcc.core.models import AuditEntry, User
from kcc.core.roles import Role


def change_form_data(user: User, **overrides) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "unit": "",
        "is_active": "on",
        "rollen": sorted(roles_of(user)),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_a_beheerder_cannot_promote_himself_in_the_admin(client, beheerder):
    client.force_login(beheerder)
    url = f"/beheer/core/user/{beheerder.pk}/change/"
    response = client.post(
        url,
        change_form_data(
            beheerder,
            rollen=[Role.ADMIN.value, Role.COMPLAINT_COORDINATOR.value],
            is_superuser="on",
            is_staff="on",
            groups=[Group.objects.get(name=Role.COMPLAINT_COORDINATOR.value).pk],
            user_permissions=["1", "2", "3"],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/beheer/core/user/"
    beheerder.refresh_from_db()
    assert roles_of(beheerder) == {Role.ADMIN.value}
    assert not beheerder.is_superuser
    assert not beheerder.user_permissions.exists()
    assert not AuditEntry.objects.filter(action="rollen_gewijzigd", actor=beheerder).exists()


@pytest.mark.django_db
def test_roles_of_someone_else_change_through_the_audited_service(client, beheerder, make_user):
    colleague = make_user(Role.AGENT)
    client.force_login(beheerder)
    response = client.post(
        f"/beheer/core/user/{colleague.pk}/change/",
        change_form_data(colleague, rollen=[Role.TEAMLEADER.value], is_superuser="on"),
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert roles_of(colleague) == {Role.TEAMLEADER.value}
    assert not colleague.is_superuser
    entry = AuditEntry.objects.get(action="rollen_gewijzigd", object_id=str(colleague.pk))
    assert entry.actor == beheerder
    assert entry.object_id == str(colleague.pk)
    assert entry.detail == {"via": "beheer", "voor": [Role.AGENT.value], "na": [Role.TEAMLEADER.value]}


@pytest.mark.django_db
def test_role_groups_cannot_be_edited_in_the_admin(client, make_user):
    root = make_user(is_superuser=True, is_staff=True)
    client.force_login(root)
    group = Group.objects.get(name=Role.ADMIN.value)
    response = client.post(f"/beheer/auth/group/{group.pk}/change/", {"name": "Beheerder", "permissions": []})
    assert response.status_code == 403
    assert group.permissions.exists()


@pytest.mark.django_db
def test_a_beheerder_cannot_touch_a_superuser_account(client, beheerder, make_user):
    root = make_user(is_superuser=True, is_staff=True)
    client.force_login(beheerder)
    response = client.post(
        f"/beheer/core/user/{root.pk}/password/", {"password1": "een-heel-nieuw-wachtwoord", "password2": "x"}
    )
    assert response.status_code == 403
    response = client.post(f"/beheer/core/user/{root.pk}/change/", change_form_data(root, is_active=""))
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active


@pytest.mark.django_db
def test_superuser_status_only_from_the_command_line_and_audited(make_user, capsys):
    user = make_user(Role.ADMIN)
    call_command("superuser", user.username, "--aan")
    user.refresh_from_db()
    assert user.is_superuser and user.is_staff
    assert "is nu superuser" in capsys.readouterr().out
    call_command("superuser", user.username, "--uit")
    user.refresh_from_db()
    assert not user.is_superuser
    actions = list(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["superuser_ingetrokken", "superuser_toegekend"]
    with pytest.raises(CommandError, match="Er is geen gebruiker 'niemand'"):
        call_command("superuser", "niemand", "--aan")


@pytest.mark.django_db
def test_a_password_set_in_the_admin_is_audited_and_ends_the_users_sessions(client, beheerder, make_user):
    colleague = make_user(Role.AGENT, username="kcc")
    theirs = client.__class__()
    theirs.force_login(colleague)
    assert theirs.get("/").status_code == 200
    client.force_login(beheerder)
    new = "een nieuw lang wachtwoord"
    response = client.post(
        f"/beheer/core/user/{colleague.pk}/password/", {"password1": new, "password2": new, "usable_password": "true"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="wachtwoord_gewijzigd", actor=beheerder, object_id=str(colleague.pk))
    assert theirs.get("/").status_code == 302


@pytest.mark.django_db
def test_the_demo_gives_its_roles_through_the_service():
    from kcc.core import demo

    demo.load()
    beheer = User.objects.get(username="beheer")
    assert roles_of(beheer) == {Role.ADMIN.value}
    assert beheer.is_staff and not beheer.is_superuser
    assert beheer.check_password(demo.DEMO_PASSWORD)
    assert AuditEntry.objects.filter(action="rollen_gewijzigd", object_id=str(beheer.pk), detail__via="demo").exists()
    assert not User.objects.get(username="kcc").is_staff
