"""Doorzetten naar senior: an agent hands a running contact to a senior agent or teamleider."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kcc.contacten import services
from kcc.contacten.models import Handoff
from kcc.core.models import Task
from kcc.core.roles import Role
from kcc.rapportage.period import Period
from kcc.rapportage.tables import Context, compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def teamleader(make_user):
    return make_user(Role.TEAMLEADER, username="teamleider")


@pytest.fixture
def senior(make_user):
    user = make_user(Role.AGENT, username="senior")
    user.user_permissions.add(Permission.objects.get(codename="handle_handoff"))
    return user


def test_a_handoff_lands_on_every_seniors_home_page_until_one_takes_it(agent, teamleader, senior, running_contact):
    handoff = services.hand_off(running_contact, user=agent, reason="Beller wil een leidinggevende spreken")
    tasks = Task.objects.filter(subject_type="contacten.handoff", subject_id=str(handoff.pk))
    assert {task.assignee for task in tasks} == {teamleader, senior}
    services.take_handoff(handoff, user=senior)
    assert not tasks.filter(status=Task.Status.OPEN).exists()
    with pytest.raises(ValidationError):
        services.take_handoff(handoff, user=teamleader)
    with pytest.raises(ValidationError):
        services.close_handoff(handoff, user=senior, note=" ")
    services.close_handoff(handoff, user=senior, note="Beller teruggebeld en uitgelegd")
    handoff.refresh_from_db()
    assert (handoff.status, handoff.taken_by) == (Handoff.Status.DONE, senior)


def test_a_handoff_to_one_senior_is_only_his(agent, teamleader, senior, running_contact):
    handoff = services.hand_off(running_contact, user=agent, reason="Complexe schuldsituatie", to=senior)
    assert [task.assignee for task in Task.objects.filter(subject_id=str(handoff.pk))] == [senior]
    with pytest.raises(PermissionDenied):
        services.take_handoff(handoff, user=teamleader)


def test_bad_handoffs_are_refused(agent, make_user, senior, running_contact):
    with pytest.raises(ValidationError) as error:
        services.hand_off(running_contact, user=agent, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.hand_off(running_contact, user=agent, reason="Boos", to=make_user(Role.AGENT))
    assert "to" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.hand_off(running_contact, user=senior, reason="Niet mijn contact")
    with pytest.raises(PermissionDenied):
        services.take_handoff(services.hand_off(running_contact, user=agent, reason="Boos"), user=make_user(Role.AGENT))
    assert Handoff.objects.count() == 1


def test_handoffs_are_counted_apart_in_the_eerstelijn_table(agent, teamleader, running_contact):
    services.add_question(running_contact, user=agent, question_type="algemene_vraag", handling="zelf_beantwoord")
    services.hand_off(running_contact, user=agent, reason="Beller wil de teamleider")
    day = timezone.localdate()
    report = compute("eerstelijn", Context(Period(day, day)))
    assert report.data["doorgezet_naar_senior"] == 1
    assert report.grids[-1].rows[0][0].value == 1


def test_the_queue_and_the_form(client, agent, teamleader, running_contact, django_assert_max_num_queries):
    client.force_login(agent)
    url = reverse("contacten:handoff-new", args=[running_contact.pk])
    assert url in client.get(reverse("contacten:detail", args=[running_contact.pk])).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "", "next": "/"})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    response = client.post(url, {"reason": "Beller dreigt", "next": "/kennisbank/zoeken/"})
    assert response.status_code == 302
    assert response["Location"] == "/kennisbank/zoeken/"
    assert client.get(reverse("contacten:handoff-queue")).status_code == 403
    for _ in range(4):
        services.hand_off(running_contact, user=agent, reason="Nog een")
    client.force_login(teamleader)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("contacten:handoff-queue")).content.decode()
    assert page.count("Oppakken") == 5
    home = client.get(reverse("home")).content.decode()
    assert "Doorgezet contact" in home
    handoff = Handoff.objects.first()
    client.post(reverse("contacten:handoff-take", args=[handoff.pk]))
    client.post(reverse("contacten:handoff-close", args=[handoff.pk]), {"note": "Opgelost"})
    handoff.refresh_from_db()
    assert handoff.status == Handoff.Status.DONE


def test_another_agents_contact_cannot_be_handed_off(client, agent, make_user, running_contact):
    client.force_login(make_user(Role.AGENT))
    response = client.post(reverse("contacten:handoff-new", args=[running_contact.pk]), {"reason": "x"})
    assert response.status_code == 403
    assert client.post(reverse("contacten:handoff-new", args=[999_999]), {"reason": "x"}).status_code == 404
    assert not Handoff.objects.exists()


def test_retention_anonymises_the_reason_with_the_contact(agent, teamleader, running_contact):
    from datetime import timedelta

    from kcc.contacten.models import Contactmoment
    from kcc.retentie.registry import ANONYMISED
    from kcc.retentie.services import apply_retention

    handoff = services.hand_off(running_contact, user=agent, reason="Mevrouw Jansen van de Dorpsstraat 3 is boos")
    Contactmoment.objects.filter(pk=running_contact.pk).update(started_at=timezone.now() - timedelta(days=800))
    apply_retention(only=["contactmomenten"])
    handoff.refresh_from_db()
    assert (handoff.reason, handoff.note) == (ANONYMISED, ANONYMISED)
