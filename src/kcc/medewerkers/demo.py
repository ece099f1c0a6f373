"""The directory part of the demo municipality: ~60 fictional people, some absences, freshness state."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kcc.core.models import OrganisationUnit, User
from kcc.medewerkers.imports import import_people_file
from kcc.medewerkers.indexing import index_unit
from kcc.medewerkers.models import Absence, Person, UnitProfile
from kcc.medewerkers.services import add_absence

DEMO_FILE = Path(__file__).parent / "data" / "demo" / "medewerkers.csv"
DEMO_NOTE = "demo"
# e-mail, kind, first day relative to today, number of days (None: until further notice)
DEMO_ABSENCES = [
    ("hanna.gerritsen@demodam.nl", Absence.Kind.SICK, -1, None),
    ("irene.wolters@demodam.nl", Absence.Kind.LEAVE, 0, 5),
    ("daan.verbeek@demodam.nl", Absence.Kind.TRAINING, 0, 1),
    ("vincent.postma@demodam.nl", Absence.Kind.LEAVE, 3, 10),
]
OVERDUE_UNIT, DUE_SOON_UNIT = "wmo", "burgerzaken"


def _day_start(offset: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=offset), time(0, 0)))


@transaction.atomic
def load() -> list[str]:
    report = import_people_file(DEMO_FILE)
    if not report.ok:
        raise RuntimeError(f"Demo people rejected: {report.rejected}")
    actor = User.objects.get(username="beheer")
    # Absences are relative to today: replace yesterday's demo absences by today's.
    Absence.objects.filter(note=DEMO_NOTE).delete()
    people = Person.objects.in_bulk([email for email, *_ in DEMO_ABSENCES], field_name="email")
    for email, kind, offset, days in DEMO_ABSENCES:
        if email in people:
            add_absence(
                actor=actor,
                person=people[email],
                kind=kind,
                starts_at=_day_start(offset),
                ends_at=_day_start(offset + days) if days else None,
                note=DEMO_NOTE,
            )
    # The core's unit import does not index; the directory searches units too.
    units = list(OrganisationUnit.objects.select_related("parent"))
    for unit in units:
        index_unit(unit)
    now = timezone.now()
    UnitProfile.objects.filter(confirmed_at__isnull=True).update(confirmed_at=now - timedelta(weeks=3))
    UnitProfile.objects.filter(unit__code=OVERDUE_UNIT).update(confirmed_at=now - timedelta(weeks=15))
    UnitProfile.objects.filter(unit__code=DUE_SOON_UNIT).update(confirmed_at=now - timedelta(weeks=12))
    return [
        f"{len(report.added)} medewerkers toegevoegd, {len(report.updated)} bijgewerkt, "
        f"{len(report.unchanged)} ongewijzigd",
        f"{len(units)} eenheden in de zoekindex",
        f"{len(DEMO_ABSENCES)} afwezigheden; eenheid ‘{OVERDUE_UNIT}’ is te laat met bevestigen",
    ]
