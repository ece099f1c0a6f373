"""What klachten adds to the home page: the open complaints the user handles or coordinates, by term."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from kcc.core.models import User
from kcc.core.workspace import WorkItem
from kcc.klachten import selectors
from kcc.klachten.models import Complaint

MAX_ITEMS = 50


def complaint_work(user: User, day: date) -> list[WorkItem]:
    """Every open file for the coordinator; the handler his own (anyone may be named handler)."""
    complaints = (
        selectors.complaints_visible_to(user)
        .filter(status__in=Complaint.OPEN_STATUSES)
        .prefetch_related("postponements")
        .order_by("received_on", "id")[:MAX_ITEMS]
    )
    return [
        WorkItem(
            kind="Klacht",
            title=f"Klacht {complaint.number}",
            url=reverse("klachten:detail", args=[complaint.pk]),
            deadline=selectors.deadline(complaint),
        )
        for complaint in complaints
    ]
