"""The work-centred home page, the task page, and follow-up that never gets lost (signalen, escalations)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kcc.contacten import services as contacten
from kcc.contacten.models import Callback, Signal
from kcc.core.calendar import add_working_days, today
from kcc.core.models import OrganisationUnit, OutboxMessage, Task
from kcc.core.roles import Role
from kcc.core.services import create_task


@pytest.fixture
def belastingen(db) -> OrganisationUnit:
    return OrganisationUnit.objects.create(code="belastingen", name="Belastingen", kind="sector")


@pytest.fixture
def people(make_user, belastingen):
    return {
        "agent": make_user(Role.AGENT, username="kim"),
        "backoffice": make_user(Role.BACKOFFICE, unit=belastingen, username="bram", email="bram@demodam.nl"),
        "leader": make_user(Role.TEAMLEADER, username="tarik", email="tarik@demodam.nl"),
    }


def _callback(agent, unit, *, days_late: int = 0) -> Callback:
    callback = contacten.create_callback(
        contact=None,
        created_by=agent,
        question_text="Vraag over de aanslag",
        callback_phone="0612345678",
        reason=Callback.Reason.KNOWLEDGE_NEEDED,
        unit=unit,
    )
    if days_late:
        Callback.objects.filter(pk=callback.pk).update(deadline=today() - timedelta(days=days_late))
    return callback


def _work_rows(html: str) -> list[str]:
    table = html[html.index('data-testid="work"') :]
    rows = re.findall(
        r"<tr(?: class=\"work-overdue\")?>\s*<td><a href=\"[^\"]+\">(.*?)</a>", table[: table.index("</table>")]
    )
    return rows


def test_the_back_office_home_lists_every_kind_of_work_as_links_overdue_first(client, people, belastingen):
    """The issue: "U heeft geen openstaande taken" beside a badge "1 terugbelverzoek"."""
    late = _callback(people["agent"], belastingen, days_late=3)
    later = _callback(people["agent"], belastingen)
    create_task(kind="controle", title="Gegevens controleren", deadline=today() + timedelta(days=9), unit=belastingen)
    client.force_login(people["backoffice"])
    html = client.get(reverse("home")).content.decode()
    assert "geen openstaande" not in html and "Er wacht nu niets op u" not in html
    assert "1 terugbelverzoek" not in html and "2 terugbelverzoeken" in html  # the badge counts the same list
    rows = _work_rows(html)
    assert rows[0] == f"Terugbelverzoek {late.pk}: Belastingen"  # overdue first
    assert rows[1:] == [f"Terugbelverzoek {later.pk}: Belastingen", "Gegevens controleren"]
    assert 'class="work-overdue"' in html and "Te laat</strong>" in html  # marked in text, not by colour alone
    assert html.count("Te laat</strong>") == 1 and "waarvan <strong>1 te laat</strong>" in html
    assert reverse("contacten:callback-detail", args=[late.pk]) in html
    task = Task.objects.get(kind="controle")
    assert reverse("task", args=[task.pk]) in html  # a task without a page of its own has the task page


def test_the_home_page_does_not_query_per_item(client, people, belastingen):
    client.force_login(people["backoffice"])
    _callback(people["agent"], belastingen)
    create_task(kind="controle", title="Taak 0", deadline=today(), unit=belastingen)
    contacten.create_signal(reported_by=people["agent"], kind="brief", description="Brief 0", owner_unit=belastingen)
    client.get(reverse("home"))  # the calendar is cached per process after the first page

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    few = count()
    for number in range(1, 4):
        _callback(people["agent"], belastingen)
        create_task(kind="controle", title=f"Taak {number}", deadline=today(), unit=belastingen)
        contacten.create_signal(
            reported_by=people["agent"], kind="brief", description=f"Brief {number}", owner_unit=belastingen
        )
    assert count() == few


def test_the_agent_sees_her_recent_contacts_and_the_callbacks_she_made(client, people, belastingen, make_user):
    mine = _callback(people["agent"], belastingen)
    _callback(make_user(Role.AGENT), belastingen)  # a colleague's
    client.force_login(people["agent"])
    html = client.get(reverse("home")).content.decode()
    assert "Mijn recente contacten" in html and reverse("contacten:detail", args=[mine.contact_id]) in html
    section = html[html.index("Terugbelverzoeken die ik maakte") :]
    section = section[: section.index("</section>")]
    assert section.count("contacten/terugbelverzoeken/") == 2  # her one callback and the link to all of them
    inbox = client.get(reverse("contacten:callback-inbox"), {"voor": "door-mij", "status": "alle"}).content.decode()
    assert re.findall(r"terugbelverzoeken/(\d+)/", inbox) == [str(mine.pk)]


def test_the_task_page_is_only_for_its_owner(client, people, belastingen, make_user):
    task = create_task(
        kind="controle",
        title="Nummer klopt niet",
        description="Het nummer van Bram",
        deadline=today(),
        unit=belastingen,
    )
    client.force_login(people["backoffice"])
    assert "Het nummer van Bram" in client.get(reverse("task", args=[task.pk])).content.decode()
    client.force_login(make_user(Role.BACKOFFICE, unit=OrganisationUnit.objects.create(code="wmo", name="Wmo")))
    assert client.get(reverse("task", args=[task.pk])).status_code == 404


# --- signalen and escalations that never get lost ----------------------------------------------------


def test_a_signal_gives_its_owner_a_task_with_a_deadline_and_an_email(people, belastingen, settings):
    settings.KCC_SIGNAL_ANSWER_DAYS = 3
    belastingen.coordinator = people["backoffice"]
    belastingen.save()
    signal = contacten.create_signal(
        reported_by=people["agent"], kind="brief", description="De brief noemt de oude datum.", owner_unit=belastingen
    )
    assert signal.deadline == add_working_days(today(), 3)
    task = Task.objects.get(subject_type="contacten.signal", subject_id=str(signal.pk))
    assert (task.assignee, task.deadline, task.status) == (people["backoffice"], signal.deadline, Task.Status.OPEN)
    mail = OutboxMessage.objects.get(key__startswith=f"contacten:signaal:{signal.pk}:nieuw")
    assert mail.to == ["bram@demodam.nl"] and "De brief noemt de oude datum." in mail.body
    contacten.answer_signal(signal, user=people["backoffice"], status=Signal.Status.ANSWERED, answer="Aangepast.")
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


@pytest.mark.parametrize("owner", ["unit-without-coordinator-or-email", None])
def test_a_signal_nobody_can_receive_goes_to_the_teamleider_with_the_reason(people, belastingen, owner):
    unit = belastingen if owner else None
    signal = contacten.create_signal(reported_by=people["agent"], kind="website", description="Tekst", owner_unit=unit)
    task = Task.objects.get(subject_type="contacten.signal", subject_id=str(signal.pk))
    assert task.assignee == people["leader"]
    reason = "Belastingen heeft geen coördinator en geen e-mailadres." if owner else "Er is geen eenheid"
    assert reason in task.description and "teamleider" in task.description
    (mail,) = OutboxMessage.objects.filter(key__startswith=f"contacten:signaal:{signal.pk}:nieuw")
    assert mail.to == ["tarik@demodam.nl"] and reason in mail.body


def test_the_teamleider_sees_the_redirected_signal_on_his_home_page(client, people, belastingen):
    signal = contacten.create_signal(reported_by=people["agent"], kind="website", description="Tekst", owner_unit=None)
    client.force_login(people["leader"])
    html = client.get(reverse("home")).content.decode()
    assert reverse("contacten:signal-detail", args=[signal.pk]) in html
    assert "Signaal: Website klopt niet" in html


def test_a_task_links_to_its_subject_when_the_user_may_open_it(client, people, belastingen, make_user):
    callback = _callback(people["agent"], belastingen)
    editor = make_user(Role.EDITOR)  # may not open callbacks
    for user in (people["backoffice"], editor):
        create_task(kind="controle", title="Kijk hiernaar", deadline=today(), subject=callback, assignee=user)
    client.force_login(people["backoffice"])
    html = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("contacten:callback-detail", args=[callback.pk])}">Kijk hiernaar</a>' in html
    client.force_login(editor)  # the task page instead of a dead link
    html = client.get(reverse("home")).content.decode()
    assert reverse("contacten:callback-detail", args=[callback.pk]) not in html
    assert f'<a href="{reverse("task", args=[Task.objects.get(assignee=editor).pk])}">Kijk hiernaar</a>' in html
