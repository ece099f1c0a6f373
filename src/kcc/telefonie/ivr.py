"""The IVR main menu as the phone system asks for it: the options, whether the number is open at a
moment, and the text to play when it is not.

Open means: not a Dutch public holiday and not one of the municipality's closing days (both from
the working-day calendar, :mod:`kcc.core.calendar`), and the local time lies in one of the menu's
opening hours for that weekday (from inclusive, until exclusive). An option may be restricted to
part of the day (``opens``/``closes``); outside that part it is listed with ``open: false`` so the
phone system can skip it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError

from kcc.core.calendar import holiday_name
from kcc.core.models import ClosingDay
from kcc.telefonie.models import IvrMenu, IvrOpeningHours

HOLIDAY, CLOSING_DAY, OUTSIDE_HOURS = "feestdag", "sluitingsdag", "buiten_openingstijden"
LOOKAHEAD_DAYS = 21
FIRST_YEAR, LAST_YEAR = 2000, 2099  # the moments the API answers for


def menu_for(number: str | None) -> IvrMenu:
    """The active menu of ``number`` (spaces and dashes ignored), or the only active one when no
    number is given; ``ValidationError`` on the field ``nummer`` otherwise."""
    menus = IvrMenu.objects.filter(is_active=True).prefetch_related("opening_hours", "options")
    if number:
        wanted = _digits(number)
        found = [menu for menu in menus if _digits(menu.number) == wanted]
        if not found:
            raise ValidationError({"nummer": f"Er is geen actief keuzemenu voor nummer ‘{number[:30]}’."})
        return found[0]
    menus = list(menus)
    if len(menus) != 1:
        message = ("Er is nog geen actief keuzemenu; maak het aan in het beheer." if not menus else
                   "Er zijn meerdere actieve keuzemenu's: geef het nummer op (?nummer=...).")  # fmt: skip
        raise ValidationError({"nummer": message})
    return menus[0]


def _digits(number: str) -> str:
    return "".join(character for character in number if character.isdigit())


def closed_reason(menu: IvrMenu, moment: datetime) -> tuple[str, str] | None:
    """(reason, description) when the number is closed at ``moment``, None when it is open."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    day = local.date()
    if name := holiday_name(day):
        return HOLIDAY, name
    closing = _closing_days(day, day).get(day)
    if closing is not None:
        return CLOSING_DAY, closing
    if not any(_within(local.time(), hours.opens, hours.closes) for hours in _hours_on(menu, day)):
        return OUTSIDE_HOURS, ""
    return None


def _hours_on(menu: IvrMenu, day: date) -> list[IvrOpeningHours]:
    return [hours for hours in menu.opening_hours.all() if hours.weekday == day.weekday()]


def _within(moment: time, opens: time, closes: time) -> bool:
    return opens <= moment < closes


def _closing_days(first: date, last: date) -> dict[date, str]:
    return dict(ClosingDay.objects.filter(date__gte=first, date__lte=last).values_list("date", "description"))


def next_opening(menu: IvrMenu, moment: datetime) -> datetime | None:
    """The first moment after ``moment`` at which the number opens (within three weeks), else None."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = moment.astimezone(zone)
    closing = _closing_days(local.date(), local.date() + timedelta(days=LOOKAHEAD_DAYS))
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        if holiday_name(day) or day in closing:
            continue
        for hours in _hours_on(menu, day):
            start = datetime.combine(day, hours.opens, zone)
            if start > local:
                return start
    return None


def menu_json(menu: IvrMenu, moment: datetime) -> dict:
    """What ``GET /api/v1/telefonie/ivr/`` answers (see :class:`kcc.telefonie.api.IvrSerializer`)."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    closed = closed_reason(menu, local)
    reason, description = closed if closed else (None, None)
    closed_text = (menu.closing_day_text or menu.closed_text) if reason in (HOLIDAY, CLOSING_DAY) else menu.closed_text
    return {
        "nummer": menu.number,
        "naam": menu.name,
        "tijdstip": local.isoformat(timespec="seconds"),
        "open": closed is None,
        "reden_gesloten": reason,
        "omschrijving_gesloten": description,
        "welkomsttekst": menu.welcome_text,
        "gesloten_tekst": closed_text,
        "open_vanaf": None if closed is None else _iso(next_opening(menu, local)),
        "openingstijden": [
            {"dag": hours.get_weekday_display(), "van": f"{hours.opens:%H:%M}", "tot": f"{hours.closes:%H:%M}"}
            for hours in menu.opening_hours.all()
        ],
        "keuzes": [
            {
                "toets": option.key,
                "tekst": option.text,
                "lijn": option.queue,
                "open": closed is None and (option.opens is None or _within(local.time(), option.opens, option.closes)),
                "van": None if option.opens is None else f"{option.opens:%H:%M}",
                "tot": None if option.closes is None else f"{option.closes:%H:%M}",
            }
            for option in menu.options.all()
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")
