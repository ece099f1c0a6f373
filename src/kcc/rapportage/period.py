"""Reporting periods: whole days, inclusive, in the municipality's time zone.

``van 2026-03-01 tot 2026-03-31`` covers [1 March 00:00, 1 April 00:00) local time; that
half-open interval is converted to UTC once, so every table compares ``started_at`` (stored in
UTC) against the same two instants, also across the change to and from daylight saving time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError

from kcc.core.models import OrganisationUnit

LEVELS = (OrganisationUnit.Kind.DIENST, OrganisationUnit.Kind.SECTOR, OrganisationUnit.Kind.AFDELING)
MAX_DAYS = 3 * 366
FIRST_YEAR, LAST_YEAR = 1990, 2100
CODE = re.compile(r"[-a-zA-Z0-9_]{1,40}")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        """[start 00:00, end + 1 day 00:00) local time, in UTC."""
        zone = ZoneInfo(settings.TIME_ZONE)
        begin = datetime.combine(self.start, time(), zone).astimezone(UTC)
        until = datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(UTC)
        return begin, until

    @property
    def label(self) -> str:
        return f"{self.start:%d-%m-%Y} t/m {self.end:%d-%m-%Y}"

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


def parse_date(value: str | None, name: str) -> date:
    if not value or not str(value).strip():
        raise ValidationError({name: f"Geef een datum op bij ‘{name}’ (JJJJ-MM-DD)."})
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({name: f"‘{value}’ is geen geldige datum; gebruik JJJJ-MM-DD."}) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError({name: f"Kies een datum tussen {FIRST_YEAR} en {LAST_YEAR}."})
    return day


def parse_period(van: str | None, tot: str | None) -> Period:
    """Both dates required, ``van`` not after ``tot``, at most three years."""
    errors: dict[str, str] = {}
    dates = {}
    for name, value in (("van", van), ("tot", tot)):
        try:
            dates[name] = parse_date(value, name)
        except ValidationError as error:
            errors.update({key: messages[0] for key, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    period = Period(dates["van"], dates["tot"])
    if period.start > period.end:
        raise ValidationError({"tot": "De einddatum ligt voor de begindatum."})
    if (period.end - period.start).days > MAX_DAYS:
        raise ValidationError({"tot": "Een periode is hoogstens drie jaar."})
    return period


def parse_unit(code: str | None) -> OrganisationUnit | None:
    if not code or not str(code).strip():
        return None
    code = str(code).strip()
    unit = OrganisationUnit.objects.filter(code__iexact=code).first() if CODE.fullmatch(code) else None
    if unit is None:
        raise ValidationError({"eenheid": f"Onbekende eenheid ‘{code}’."})
    return unit


def parse_level(value: str | None) -> str:
    level = (value or "dienst").strip().lower()
    if level not in LEVELS:
        raise ValidationError({"niveau": f"Onbekend niveau ‘{value}’; kies dienst, sector of afdeling."})
    return level
