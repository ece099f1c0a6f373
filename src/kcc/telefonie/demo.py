"""Demo telephony: the IVR main menu of the 14 020 number and eight weeks of queue_log, so the
telefonie table on the dashboard has figures. Idempotent: an existing menu or queue history is kept.

:func:`queue_log` writes a realistic Asterisk queue_log (also used by ``bench/telefonie_queuelog.py``):
calls on working days between 08:30 and 17:00, most answered after a short wait, some abandoned,
a few leaving by timeout or a key, agents' phones that ring without answer, and pause lines.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from kcc.core.calendar import is_working_day, today
from kcc.telefonie import queuelog
from kcc.telefonie.models import IvrMenu, IvrOpeningHours, IvrOption, QueueCall

NUMBER = "14 020"
# line (queue) → share of the calls; the same lines as ``kcc telefonie simuleer``
LINES = {"Algemeen": 0.45, "Burgerzaken": 0.25, "Belastingen": 0.18, "Wonen": 0.12}
OPTIONS = [
    ("1", "Voor paspoort, identiteitskaart, rijbewijs of verhuizen, toets 1.", "Burgerzaken", None, None),
    ("2", "Voor vragen over de gemeentelijke belastingen, toets 2.", "Belastingen", time(9), time(12, 30)),
    ("3", "Voor afval, wonen en de openbare ruimte, toets 3.", "Wonen", None, None),
    ("0", "Voor alle andere vragen, toets 0.", "Algemeen", None, None),
]
DEMO_DAYS = 56
DEMO_CALLS_PER_DAY = 120


def load() -> list[str]:
    return [_menu(), _queue_history()]


@transaction.atomic
def _menu() -> str:
    if IvrMenu.objects.filter(number=NUMBER).exists():
        return f"keuzemenu van {NUMBER} is al aanwezig"
    menu = IvrMenu.objects.create(
        number=NUMBER,
        name="Hoofdmenu",
        welcome_text="Welkom bij de gemeente. Dit gesprek kan worden opgenomen om onze dienstverlening te verbeteren.",
        closed_text=(
            "U belt buiten onze openingstijden. Wij zijn op werkdagen bereikbaar van half negen tot vijf uur. "
            "Veel vragen kunt u ook regelen op onze website."
        ),
        closing_day_text="Vandaag is de gemeente gesloten. Morgen staan wij weer voor u klaar.",
    )
    for weekday in range(5):
        IvrOpeningHours.objects.create(menu=menu, weekday=weekday, opens=time(8, 30), closes=time(17))
    for key, text, line, opens, closes in OPTIONS:
        IvrOption.objects.create(menu=menu, key=key, text=text, queue=line, opens=opens, closes=closes)
    return f"keuzemenu van {NUMBER} met {len(OPTIONS)} keuzes, op werkdagen open van 8.30 tot 17.00 uur"


def _queue_history() -> str:
    if QueueCall.objects.exists():
        return "wachtrijgegevens zijn al aanwezig"
    first = today() - timedelta(days=DEMO_DAYS)
    report = queuelog.import_lines(queue_log(first, DEMO_DAYS, DEMO_CALLS_PER_DAY, random.Random(14)))
    return f"{report.new} gesprekken in de wachtrijen over de afgelopen {DEMO_DAYS} dagen (queue_log)"


def queue_log(first: date, days: int, calls_per_day: int, rng: random.Random) -> Iterator[str]:
    """Queue_log lines (with line endings) of ``days`` days from ``first``, in time order."""
    zone = ZoneInfo(settings.TIME_ZONE)
    sequence = 0
    for offset in range(days):
        day = first + timedelta(days=offset)
        if not is_working_day(day):
            continue
        opens = int(datetime.combine(day, time(8, 30), zone).timestamp())
        lines: list[tuple[int, str]] = [(opens - 60, f"{opens - 60}|NONE|NONE|NONE|QUEUESTART|")]
        for agent in range(1, 9):
            lines.append((opens - 30, f"{opens - 30}|NONE|{_line(rng)}|SIP/2{agent:02d}|ADDMEMBER|"))
            pause = opens + rng.randrange(3 * 3600, 5 * 3600)
            lines.append((pause, f"{pause}|NONE|{_line(rng)}|SIP/2{agent:02d}|PAUSE||lunch"))
            lines.append((pause + 1800, f"{pause + 1800}|NONE|{_line(rng)}|SIP/2{agent:02d}|UNPAUSE|"))
        for _ in range(max(0, round(rng.gauss(calls_per_day, calls_per_day * 0.1)))):
            sequence += 1
            lines += _call(opens + rng.randrange(0, 8 * 3600 + 1800), sequence, rng)
        lines.sort(key=lambda item: item[0])
        for _at, text in lines:
            yield text + "\n"


def _line(rng: random.Random) -> str:
    return rng.choices(list(LINES), weights=list(LINES.values()))[0]


def _call(entered: int, sequence: int, rng: random.Random) -> list[tuple[int, str]]:
    callid, queue = f"{entered}.{sequence}", _line(rng)
    agent = f"SIP/2{rng.randrange(1, 9):02d}"
    prefix = f"|{callid}|{queue}|"
    lines = [(entered, f"{entered}{prefix}NONE|ENTERQUEUE||06{rng.randrange(10**8):08d}|{rng.randrange(1, 6)}")]
    fate = rng.random()
    wait = min(int(rng.expovariate(1 / 22)), 900)
    for ring in range(rng.choice((0, 1, 2, 3, 4, 5, 6))):
        at = entered + min(wait, 15 * (ring + 1))
        lines.append((at, f"{at}{prefix}SIP/2{rng.randrange(1, 9):02d}|RINGNOANSWER|15000"))
    if fate < 0.84:
        talk = int(rng.lognormvariate(5.1, 0.5))
        answered, end = entered + wait, entered + wait + talk
        lines.append((answered, f"{answered}{prefix}{agent}|CONNECT|{wait}|{callid}9|{rng.randrange(1, 12)}"))
        if rng.random() < 0.08:
            lines.append((end, f"{end}{prefix}{agent}|BLINDTRANSFER|{rng.randrange(2000, 2999)}|from-internal|"
                               f"{wait}|{talk}|1"))  # fmt: skip
        else:
            event = "COMPLETECALLER" if rng.random() < 0.6 else "COMPLETEAGENT"
            lines.append((end, f"{end}{prefix}{agent}|{event}|{wait}|{talk}|1"))
    elif fate < 0.97:
        wait = min(int(rng.expovariate(1 / 35)), 900)
        lines.append((entered + wait, f"{entered + wait}{prefix}NONE|ABANDON|1|{rng.randrange(1, 6)}|{wait}"))
    elif fate < 0.99:
        lines.append((entered + 300, f"{entered + 300}{prefix}NONE|EXITWITHTIMEOUT|1|2|300"))
    else:
        lines.append((entered + wait, f"{entered + wait}{prefix}NONE|EXITWITHKEY|9|1|2|{wait}"))
    return lines
