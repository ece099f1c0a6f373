"""Every write to the staff directory goes through here: validated, one transaction, indexed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from kcc.core import audit
from kcc.core.calendar import add_working_days
from kcc.core.models import OrganisationUnit, Task, User
from kcc.core.organisation import import_units
from kcc.core.outbox import enqueue_email
from kcc.core.phone import format_phone, normalise_phone
from kcc.core.services import create_task, resolve_task
from kcc.medewerkers import selectors
from kcc.medewerkers.indexing import index_person, index_unit, remove_person
from kcc.medewerkers.models import Absence, Flag, Membership, Person, UnitProfile
from kcc.medewerkers.presence import DAY_PARTS, WEEKDAY_CODES
from kcc.medewerkers.snapshot import bump

FLAG_WORKING_DAYS = 3
ESCALATION_WORKING_DAYS = 2
TASK_FLAG = "medewerkers_melding"
TASK_REMINDER = "medewerkers_bevestigen"
TASK_ESCALATION = "medewerkers_escalatie"
PERSON_FIELDS = (
    "name",
    "function",
    "email",
    "phone_internal",
    "phone_mobile",
    "show_mobile",
    "skills",
    "schedule",
    "user",
    "is_active",
)


# --- validation helpers ---------------------------------------------------------------------------


def parse_schedule(text: str) -> dict[str, list[str]]:
    """``ma:ochtend,middag;di:ochtend`` or ``ma-vr:ochtend,middag`` → ``{"ma": ["ochtend", "middag"], ...}``."""
    schedule: dict[str, list[str]] = {}
    for chunk in filter(None, (part.strip() for part in (text or "").split(";"))):
        days_text, _, parts_text = chunk.partition(":")
        days = _parse_days(days_text.strip().lower(), chunk)
        parts = [part.strip().lower() for part in parts_text.split(",") if part.strip()]
        if not parts or any(part not in DAY_PARTS for part in parts):
            raise ValidationError(
                f"Rooster ‘{chunk}’: noem na de dag de dagdelen ochtend en/of middag, bijv. ma:ochtend,middag."
            )
        for day in days:
            schedule[day] = sorted(set(schedule.get(day, [])) | set(parts), key=list(DAY_PARTS).index)
    return clean_schedule(schedule)


def _parse_days(text: str, chunk: str) -> list[str]:
    start, _, end = text.partition("-")
    if start not in WEEKDAY_CODES or (end and end not in WEEKDAY_CODES):
        raise ValidationError(
            f"Rooster ‘{chunk}’: gebruik de dagen ma, di, wo, do, vr, za, zo (of een reeks als ma-vr)."
        )
    first, last = WEEKDAY_CODES.index(start), WEEKDAY_CODES.index(end or start)
    if last < first:
        raise ValidationError(f"Rooster ‘{chunk}’: de reeks dagen loopt achteruit.")
    return list(WEEKDAY_CODES[first : last + 1])


def clean_schedule(value: Any) -> dict[str, list[str]]:
    if isinstance(value, str):
        return parse_schedule(value)
    if not isinstance(value, dict):
        raise ValidationError("Het rooster is per dag (ma…zo) een lijst dagdelen (ochtend, middag).")
    cleaned: dict[str, list[str]] = {}
    for day in WEEKDAY_CODES:
        parts = value.get(day) or []
        if not isinstance(parts, list) or any(part not in DAY_PARTS for part in parts):
            raise ValidationError(f"Rooster voor ‘{day}’: alleen de dagdelen ochtend en middag.")
        if parts:
            cleaned[day] = [part for part in DAY_PARTS if part in parts]
    if unknown := set(value) - set(WEEKDAY_CODES):
        raise ValidationError(
            f"Onbekende dag in het rooster: {', '.join(sorted(unknown))}. Gebruik ma, di, wo, do, vr, za, zo."
        )
    return cleaned


def clean_skills(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split("|")
    if not isinstance(value, list | tuple):
        raise ValidationError("Vaardigheden zijn een lijst van onderwerpen.")
    skills: dict[str, str] = {}
    for item in value:
        skill = str(item).strip()
        if len(skill) > 100:
            raise ValidationError(f"Het onderwerp ‘{skill[:30]}…’ is langer dan 100 tekens.")
        if skill:
            skills.setdefault(skill.lower(), skill)
    return list(skills.values())


def clean_phone(value: str, label: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return normalise_phone(value)
    except ValueError as error:
        raise ValidationError(f"{label}: {error}") from error


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("U mag dit niet wijzigen.")


# --- people ---------------------------------------------------------------------------------------


@transaction.atomic
def save_person(
    *,
    actor: User | None,
    person: Person | None = None,
    units: list[OrganisationUnit] | None = None,
    stand_in: Person | OrganisationUnit | None = None,
    **fields: Any,
) -> Person:
    """Create (``person`` None) or change a person; ``units`` in order, the first is the main unit.

    ``units`` None keeps the current units (not allowed when creating). Raises ``ValidationError``
    with Dutch messages per field; nothing is written then.
    """
    if unknown := set(fields) - set(PERSON_FIELDS):
        raise ValueError(f"Not editable: {sorted(unknown)}")
    creating = person is None
    person = person or Person()
    for name, value in fields.items():
        setattr(person, name, value)
    errors: dict[str, list[str]] = {}

    def check(field: str, clean: Any) -> None:
        try:
            clean()
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)

    person.name = (person.name or "").strip()
    person.email = (person.email or "").strip().lower()
    check(
        "phone_internal", lambda: setattr(person, "phone_internal", clean_phone(person.phone_internal, "Intern nummer"))
    )
    check("phone_mobile", lambda: setattr(person, "phone_mobile", clean_phone(person.phone_mobile, "Mobiel nummer")))
    check("skills", lambda: setattr(person, "skills", clean_skills(person.skills)))
    check("schedule", lambda: setattr(person, "schedule", clean_schedule(person.schedule)))
    if units is not None and not units:
        errors.setdefault("units", []).append("Kies ten minste één eenheid.")
    if creating and units is None:
        errors.setdefault("units", []).append("Kies ten minste één eenheid.")
    if isinstance(stand_in, Person) and stand_in.pk is not None and stand_in.pk == person.pk:
        errors.setdefault("stand_in", []).append("Een medewerker kan niet zijn eigen vervanger zijn.")
    person.stand_in_person = stand_in if isinstance(stand_in, Person) else None
    person.stand_in_unit = stand_in if isinstance(stand_in, OrganisationUnit) else None
    try:
        person.full_clean(exclude=["phone_internal", "phone_mobile", "skills", "schedule"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    person.save()
    if units is not None:
        _set_units(person, units)
    audit.record(actor, "medewerker_opgeslagen" if not creating else "medewerker_toegevoegd", person)
    index_person(person)
    return person


def _set_units(person: Person, units: list[OrganisationUnit]) -> None:
    bump()  # bulk_create sends no signal
    unique = list(dict.fromkeys(units))
    Membership.objects.filter(person=person).delete()
    Membership.objects.bulk_create(Membership(person=person, unit=unit, position=i) for i, unit in enumerate(unique))
    for unit in unique:
        UnitProfile.objects.get_or_create(unit=unit)


@transaction.atomic
def delete_person(person: Person, *, actor: User | None) -> None:
    person_id = person.pk
    audit.record(actor, "medewerker_verwijderd", person, naam=person.name)
    person.delete()
    remove_person(person_id)


# --- absences -------------------------------------------------------------------------------------


def _moment(value: datetime | None) -> str:
    return "onbepaalde tijd" if value is None else date_format(timezone.localtime(value), "j F Y H:i")


@transaction.atomic
def add_absence(
    *,
    actor: User,
    person: Person,
    kind: str,
    starts_at: datetime,
    ends_at: datetime | None,
    note: str = "",
) -> Absence:
    """Record an absence; refused when it overlaps another one of the same person."""
    _require(selectors.may_manage_absences(actor, person))
    bump()  # before the lock below: every writer takes the token's row first
    # Lock the person so two simultaneous entries cannot both pass the overlap check.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if kind not in Absence.Kind.values:
        raise ValidationError({"kind": "Kies ziek, verlof, cursus of overig."})
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": "De afwezigheid eindigt voordat zij begint."})
    overlapping = person.absences.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=starts_at))
    if ends_at is not None:
        overlapping = overlapping.filter(starts_at__lt=ends_at)
    if clash := overlapping.order_by("starts_at").first():
        raise ValidationError(
            {
                "starts_at": (
                    f"Deze afwezigheid overlapt met ‘{clash.get_kind_display().lower()}’ "
                    f"van {_moment(clash.starts_at)} tot {_moment(clash.ends_at)}. "
                    "Pas die eerst aan of kies een andere periode."
                )
            }
        )
    absence = Absence.objects.create(
        person=person, kind=kind, starts_at=starts_at, ends_at=ends_at, note=note.strip()[:200], entered_by=actor
    )
    audit.record(actor, "afwezigheid_toegevoegd", person, soort=kind)
    return absence


@transaction.atomic
def end_absence(absence: Absence, *, actor: User, at: datetime | None = None) -> Absence:
    """The person is back before the planned end (a sick report ended): the absence ends ``at`` (now).

    Only a running absence can end; one still to come is removed instead, one that is over stays as it was.
    """
    _require(selectors.may_manage_absences(actor, absence.person))
    at = at or timezone.now()
    bump()  # before the lock below: every writer takes the token's row first
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.starts_at > at:
        raise ValidationError("Deze afwezigheid is nog niet begonnen. Verwijder haar als zij niet doorgaat.")
    if absence.ends_at is not None and absence.ends_at <= at:
        raise ValidationError("Deze afwezigheid is al voorbij.")
    absence.ends_at = at
    absence.save(update_fields=["ends_at"])
    audit.record(actor, "afwezigheid_beeindigd", absence.person, soort=absence.kind, einde=_moment(at))
    return absence


@transaction.atomic
def remove_absence(absence: Absence, *, actor: User) -> None:
    _require(selectors.may_manage_absences(actor, absence.person))
    audit.record(actor, "afwezigheid_verwijderd", absence.person, soort=absence.kind)
    absence.delete()


# --- flags: "klopt niet" in one click ---------------------------------------------------------------


@transaction.atomic
def flag_wrong(
    *, actor: User, kind: str, person: Person | None = None, unit: OrganisationUnit | None = None, note: str = ""
) -> Flag:
    """A task for the coordinator of the (main) unit; reporting the same thing twice returns the open flag."""
    if kind not in Flag.Kind.values:
        raise ValidationError({"kind": "Meld een onjuist nummer of een onjuiste aanwezigheid."})
    if person is not None:
        membership = person.memberships.select_related("unit__coordinator").first()
        if membership is None:
            raise ValidationError("Deze medewerker hoort bij geen eenheid; meld het bij beheer.")
        unit = membership.unit
    if unit is None:
        raise ValueError("A flag needs a person or a unit.")
    existing = Flag.objects.filter(kind=kind, person=person, unit=unit, task__status__in=selectors.OPEN_TASK).first()
    if existing is not None:
        return existing
    target = person or unit
    numbers = [person.phone_internal, person.phone_mobile] if person else [unit.phone]
    shown = ", ".join(format_phone(n) for n in numbers if n)
    label = Flag.Kind(kind).label
    task = create_task(
        kind=TASK_FLAG,
        title=f"{label}: {target}" + (f" ({shown})" if kind == Flag.Kind.NUMBER and shown else ""),
        description=(note.strip() or f"Gemeld vanuit het doorverbindpaneel door {actor}.")[:2000],
        deadline=add_working_days(timezone.localdate(), FLAG_WORKING_DAYS),
        subject=target,
        assignee=unit.coordinator,
        unit=unit,
        created_by=actor,
    )
    flag = Flag.objects.create(kind=kind, person=person, unit=unit, task=task, reported_by=actor)
    audit.record(actor, "gegevens_gemeld_als_onjuist", target, soort=kind)
    return flag


@transaction.atomic
def resolve_flag(flag: Flag, *, actor: User, resolution: str = "") -> Flag:
    _require(selectors.may_confirm(actor, flag.unit))
    resolve_task(flag.task, status=Task.Status.DONE, resolution=resolution.strip() or f"Gecontroleerd door {actor}.")
    audit.record(actor, "melding_afgehandeld", flag.person or flag.unit, soort=flag.kind)
    return flag


# --- units and freshness ----------------------------------------------------------------------------


@transaction.atomic
def save_unit(data: dict[str, Any], *, actor: User | None, confirm_every_weeks: int | None = None) -> OrganisationUnit:
    """Create or update one unit in the JSON shape of ``kcc organisatie import`` (the same checks)."""
    bump()  # before the import locks the unit: every writer takes the token's row first
    report = import_units([data])
    if not report.ok:
        raise ValidationError({"detail": [reason for _code, reason in report.rejected]})
    unit = OrganisationUnit.objects.select_related("parent").get(code=data["code"].strip())
    if confirm_every_weeks is not None:
        if not 1 <= confirm_every_weeks <= 52:
            raise ValidationError({"bevestigen_elke_weken": "Kies een aantal weken van 1 tot 52."})
        UnitProfile.objects.update_or_create(unit=unit, defaults={"confirm_every_weeks": confirm_every_weeks})
    audit.record(actor, "eenheid_toegevoegd" if report.added else "eenheid_gewijzigd", unit)
    index_unit(unit)
    return unit


@transaction.atomic
def confirm_unit(unit: OrganisationUnit, *, actor: User) -> UnitProfile:
    """The coordinator vouches for the unit's people data; the freshness cycle starts again."""
    _require(selectors.may_confirm(actor, unit))
    profile, _ = UnitProfile.objects.select_for_update().get_or_create(unit=unit)
    profile.confirmed_at = timezone.now()
    profile.confirmed_by = actor
    profile.save(update_fields=["confirmed_at", "confirmed_by"])
    open_tasks = Task.objects.filter(
        kind__in=[TASK_REMINDER, TASK_ESCALATION],
        subject_type=profile._meta.label_lower,
        subject_id=str(profile.pk),
        status__in=selectors.OPEN_TASK,
    )
    for task in open_tasks:
        resolve_task(task, status=Task.Status.DONE, resolution=f"Gegevens bevestigd door {actor}.")
    audit.record(actor, "medewerkersgegevens_bevestigd", unit)
    return profile


def send_freshness_reminders(today: date | None = None) -> dict[str, int]:
    """Reminders before the due date, escalation to the teamleaders after it; once per cycle each."""
    today = today or timezone.localdate()
    counts = {"herinneringen": 0, "escalaties": 0}
    for freshness in selectors.freshness_overview(today):
        if freshness.state == "binnenkort" and freshness.profile.reminded_for != freshness.due:
            _remind(freshness.profile.pk, freshness.due)
            counts["herinneringen"] += 1
        elif freshness.state == "te_laat" and freshness.profile.escalated_for != freshness.due:
            _escalate(freshness.profile.pk, freshness.due, today)
            counts["escalaties"] += 1
    return counts


@transaction.atomic
def _remind(profile_id: int, due: date) -> None:
    profile = UnitProfile.objects.select_for_update(of=("self",)).select_related("unit__coordinator").get(pk=profile_id)
    if profile.reminded_for == due:
        return
    unit, coordinator = profile.unit, profile.unit.coordinator
    title = f"Bevestig de medewerkersgegevens van {unit.name} vóór {date_format(due, 'j F Y')}"
    create_task(kind=TASK_REMINDER, title=title, deadline=due, subject=profile, assignee=coordinator, unit=unit)
    recipients = [address for address in [coordinator.email if coordinator else unit.email] if address]
    if recipients:
        enqueue_email(
            key=f"medewerkers:herinnering:{unit.pk}:{due.isoformat()}",
            to=recipients,
            subject=title,
            body=(
                f"Goedendag,\n\nEens in de {profile.confirm_every_weeks} weken bevestigt u dat de namen, nummers, "
                f"roosters en vervangers van {unit.name} in de medewerkersgids kloppen. Dat moet uiterlijk "
                f"{date_format(due, 'j F Y')} gebeuren. Controleer de gegevens en klik op ‘Gegevens bevestigen’ "
                "in de medewerkersgids.\n\nMet vriendelijke groet,\nKlant Contact Centrum"
            ),
        )
    profile.reminded_for = due
    profile.save(update_fields=["reminded_for"])


@transaction.atomic
def _escalate(profile_id: int, due: date, today: date) -> None:
    profile = UnitProfile.objects.select_for_update(of=("self",)).select_related("unit").get(pk=profile_id)
    if profile.escalated_for == due:
        return
    unit = profile.unit
    title = f"{unit.name} heeft de medewerkersgegevens niet bevestigd (uiterlijk {date_format(due, 'j F Y')})"
    leaders = list(selectors.teamleaders())
    deadline = add_working_days(today, ESCALATION_WORKING_DAYS)
    for leader in leaders:
        create_task(kind=TASK_ESCALATION, title=title, deadline=deadline, subject=profile, assignee=leader, unit=unit)
    if addresses := [leader.email for leader in leaders if leader.email]:
        enqueue_email(
            key=f"medewerkers:escalatie:{unit.pk}:{due.isoformat()}",
            to=addresses,
            subject=title,
            body=(
                f"Goedendag,\n\n{unit.name} had uiterlijk {date_format(due, 'j F Y')} de gegevens in de "
                "medewerkersgids moeten bevestigen en heeft dat niet gedaan. Nummers en roosters kunnen dus "
                "verouderd zijn. Wilt u de coördinator van de eenheid aanspreken?\n\n"
                "Met vriendelijke groet,\nKlant Contact Centrum"
            ),
        )
    profile.escalated_for = due
    profile.save(update_fields=["escalated_for"])
