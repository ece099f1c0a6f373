"""The core's part of the home page: the user's open tasks, each a link to its subject or its own page."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from kcc.core.access import may_open
from kcc.core.models import User
from kcc.core.selectors import open_tasks_for
from kcc.core.workspace import WorkItem, task_subject_url

MAX_TASKS = 50


def task_work(user: User, day: date) -> list[WorkItem]:
    items = []
    for task in open_tasks_for(user)[:MAX_TASKS]:
        subject = task_subject_url(task.subject_type, task.subject_id)
        url = subject if subject and may_open(user, subject) else reverse("task", args=[task.pk])
        items.append(WorkItem(kind="Taak", title=task.title, url=url, deadline=task.deadline))
    return items
