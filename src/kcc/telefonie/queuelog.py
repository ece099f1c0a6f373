"""The Asterisk/FreePBX ``queue_log``: parsing, folding a call's lines into one state, and the import.

A line is ``epoch|callid|queue|agent|EVENT|data1|data2|...``. What the data fields mean per event
(Asterisk ``app_queue``, as documented in "Queue Logs" of the Asterisk documentation):

=================  ============================================================  ========================
event              data1 | data2 | data3 | ...                                   what KCC takes from it
=================  ============================================================  ========================
ENTERQUEUE         url | callerid | position                                     the entry time (epoch)
CONNECT            holdtime | bridged channel uniqueid | ringtime                answered, wait = holdtime
COMPLETECALLER     holdtime | calltime | origposition                            answered, wait = holdtime
COMPLETEAGENT      holdtime | calltime | origposition                            answered, wait = holdtime
TRANSFER           extension | context | holdtime | calltime | origposition      answered, wait = holdtime
BLINDTRANSFER      extension | context | holdtime | calltime | origposition      answered, wait = holdtime
ATTENDEDTRANSFER   method | target... | holdtime | calltime | origposition        answered, wait = holdtime
ABANDON            position | origposition | waittime                           caller hung up, wait
EXITWITHTIMEOUT    position | origposition | waittime                           queue timeout, wait
EXITWITHKEY        key | position | origposition | waittime                     caller pressed a key, wait
EXITEMPTY          position | origposition | waittime                           no agents left, wait
RINGNOANSWER       ringtime (ms)                                                 checked, not stored
=================  ============================================================  ========================

Lines about agents and queues rather than calls (QUEUESTART, ADDMEMBER, PAUSE, AGENTLOGIN, ...) and
calls that never entered (FULL, JOINEMPTY, JOINUNAVAIL) are skipped; so is any other well-formed
event name (``QueueLog()`` in a dialplan writes custom ones). A line that does not have this shape,
has a bad number or is cut off is refused with its line number and the reason.

One call in one queue (``callid`` + ``queue``) is one :class:`CallState`. Its lines may come in any
order and in several files: :func:`merge` is commutative and idempotent (answered beats not
answered, CONNECT beats the other answered lines, otherwise the latest line wins; the first
ENTERQUEUE is the entry time), so importing a file twice, or overlapping files, changes nothing,
and a call whose lines are split over two files is completed by the second. Without its
ENTERQUEUE line a call's entry time is derived from its outcome (time of the line minus the wait).
No caller number is stored: the statistics do not need it.

The import streams the file in batches, one transaction each; every batch also counts the days it
touched again into :class:`~kcc.telefonie.models.QueueDayCount`, which :func:`queue_statistics`
(the rapportage table "telefonie") sums.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from kcc.telefonie.models import QueueCall, QueueDayCount

# outcome of a call in a queue
ANSWERED, ABANDONED, TIMEOUT, KEY, EMPTY, OPEN = "beantwoord", "verlaten", "time-out", "toets", "leeg", ""

# event → (outcome, index of the wait field in data, rank among events with that outcome)
OUTCOME_EVENTS: dict[str, tuple[str, int, int]] = {
    "CONNECT": (ANSWERED, 0, 2),
    "COMPLETECALLER": (ANSWERED, 0, 1),
    "COMPLETEAGENT": (ANSWERED, 0, 1),
    "TRANSFER": (ANSWERED, 2, 1),
    "BLINDTRANSFER": (ANSWERED, 2, 1),
    "ATTENDEDTRANSFER": (ANSWERED, -3, 1),  # the target takes one or two fields: count from the end
    "ABANDON": (ABANDONED, 2, 1),
    "EXITWITHTIMEOUT": (TIMEOUT, 2, 1),
    "EXITWITHKEY": (KEY, 3, 1),
    "EXITEMPTY": (EMPTY, 2, 1),
}
# How long the call had been talking when the line was written (to date the answer): data index.
TALK_FIELD = {"COMPLETECALLER": 1, "COMPLETEAGENT": 1, "TRANSFER": 3, "BLINDTRANSFER": 3, "ATTENDEDTRANSFER": -2}
EVENT_NAME = re.compile(r"[A-Z][A-Z0-9_]{1,39}")
FIRST_EPOCH, LAST_EPOCH = 946_684_800, 4_102_444_800  # 2000-01-01 .. 2100-01-01
MAX_ID, MAX_QUEUE = 150, 100
MAX_WAIT = 7 * 24 * 3600
NO_CALL = frozenset({"", "NONE", "REALTIME"})


@dataclass(frozen=True, slots=True)
class QueueLine:
    """One call line of the queue_log."""

    number: int
    at: int
    callid: str
    queue: str
    event: str
    data: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RefusedLine:
    number: int
    reason: str
    text: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"regel {self.number}: {self.reason} ({shown!r})"


@dataclass(frozen=True, slots=True)
class SkippedLine:
    number: int
    event: str


def parse_line(number: int, text: str, *, complete: bool = True) -> QueueLine | RefusedLine | SkippedLine:
    """One line (without its line ending). ``complete`` is False for a last line without a line
    ending: that line is refused unless it is a whole call line (the file was cut while written)."""
    fields = text.split("|")
    if len(fields) < 5:
        return RefusedLine(number, "te weinig velden: verwacht tijdstip|callid|wachtrij|medewerker|gebeurtenis|...",
                           text)  # fmt: skip
    epoch, callid, queue, _agent, event = fields[:5]
    data = fields[5:]
    if not _is_integer(epoch) or not FIRST_EPOCH <= int(epoch) < LAST_EPOCH:
        return RefusedLine(number, f"ongeldig tijdstip ‘{epoch[:20]}’: verwacht seconden sinds 1970", text)
    if event not in NEEDED:
        if not EVENT_NAME.fullmatch(event):
            return RefusedLine(number, f"ongeldige gebeurtenis ‘{event[:40]}’", text)
        if not complete:
            return RefusedLine(number, "regel afgebroken (geen regeleinde en geen bekende gebeurtenis)", text)
        return SkippedLine(number, event)
    if callid in NO_CALL or len(callid) > MAX_ID:
        return RefusedLine(number, f"ongeldig callid ‘{callid[:40]}’ bij {event}", text)
    if queue in NO_CALL or len(queue) > MAX_QUEUE:
        return RefusedLine(number, f"ongeldige wachtrij ‘{queue[:40]}’ bij {event}", text)
    if event == "ATTENDEDTRANSFER" and len(data) < 5:
        return RefusedLine(number, "ATTENDEDTRANSFER heeft te weinig velden (regel afgebroken?)", text)
    for index, name in NEEDED[event]:
        value = data[index] if -len(data) <= index < len(data) else ""
        if not _is_integer(value):
            reason = "ontbreekt (regel afgebroken?)" if value == "" else f"is geen geheel getal: ‘{value[:20]}’"
            return RefusedLine(number, f"{name} van {event} {reason}", text)
    if event in OUTCOME_EVENTS and int(data[OUTCOME_EVENTS[event][1]]) > MAX_WAIT:
        return RefusedLine(number, f"wachttijd van {event} is meer dan een week", text)
    return QueueLine(number, int(epoch), callid, queue, event, tuple(data))


def _is_integer(value: str) -> bool:
    return value.isdigit() and value.isascii() and len(value) <= 10


def _needed_fields(event: str) -> list[tuple[int, str]]:
    """The data fields that must be whole numbers for this event, with their Dutch names."""
    if event == "RINGNOANSWER":
        return [(0, "beltijd (data1)")]
    if event not in OUTCOME_EVENTS:
        return []
    wait = OUTCOME_EVENTS[event][1]
    needed = [(wait, "wachttijd" + (f" (data{wait + 1})" if wait >= 0 else ""))]
    if event in TALK_FIELD:
        talk = TALK_FIELD[event]
        needed.append((talk, "gesprekstijd" + (f" (data{talk + 1})" if talk >= 0 else "")))
    return needed


# the call events (everything else is skipped) → the data fields that must be whole numbers
NEEDED = {event: _needed_fields(event) for event in ("ENTERQUEUE", "RINGNOANSWER", *OUTCOME_EVENTS)}


def read_lines(lines: Iterable[str]) -> Iterator[QueueLine | RefusedLine | SkippedLine]:
    """Every line of a text stream (lines keep their endings, as a file yields them). Empty lines are ignored."""
    for number, raw in enumerate(lines, start=1):
        complete = raw.endswith("\n")
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue
        if "\x00" in text:
            yield RefusedLine(number, "bevat NUL-tekens (beschadigd bestand)", text.replace("\x00", "\\0"))
            continue
        yield parse_line(number, text, complete=complete)


# --- one call in one queue -------------------------------------------------------------------------


@dataclass
class CallState:
    """What the queue_log says about one call in one queue; see :func:`merge` for the rules."""

    callid: str
    queue: str
    entered_at: datetime | None = None
    entered_exact: bool = False
    outcome: str = OPEN
    outcome_rank: int = 0
    outcome_at: datetime | None = None
    wait_s: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.callid, self.queue)

    def _outcome_order(self) -> tuple:
        return (self.outcome == ANSWERED, self.outcome != OPEN, self.outcome_rank,
                self.outcome_at or datetime.min.replace(tzinfo=UTC), self.outcome, self.wait_s or 0)  # fmt: skip


def _at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def state_of(line: QueueLine) -> CallState:
    """The state one line describes (RINGNOANSWER describes none: the caller still waits)."""
    state = CallState(line.callid, line.queue)
    if line.event == "ENTERQUEUE":
        state.entered_at, state.entered_exact = _at(line.at), True
    elif line.event in OUTCOME_EVENTS:
        outcome, wait_field, rank = OUTCOME_EVENTS[line.event]
        talk = int(line.data[TALK_FIELD[line.event]]) if line.event in TALK_FIELD else 0
        state.outcome, state.outcome_rank = outcome, rank
        state.outcome_at = _at(line.at - talk)  # when the answer (or leaving) happened
        state.wait_s = int(line.data[wait_field])
        state.entered_at = state.outcome_at - timedelta(seconds=state.wait_s)
    return state


def merge(old: CallState, new: CallState) -> CallState:
    """The state of both together; commutative and idempotent, so order and repeats do not matter."""
    best = max(old, new, key=CallState._outcome_order)
    if old.entered_exact or new.entered_exact:
        entered = min(s.entered_at for s in (old, new) if s.entered_exact and s.entered_at is not None)
        exact = True
    elif best.outcome != OPEN:
        entered, exact = best.outcome_at - timedelta(seconds=best.wait_s or 0), False
    else:
        entered, exact = best.entered_at, False
    return CallState(best.callid, best.queue, entered, exact, best.outcome, best.outcome_rank, best.outcome_at,
                     best.wait_s)  # fmt: skip


# --- the import ------------------------------------------------------------------------------------

BATCH_LINES = 50_000
SELECT_CHUNK = 900
LOCK_KEY = 7_140_140  # pg_advisory_xact_lock: one batch of any queue_log import at a time


@dataclass
class ImportReport:
    lines: int = 0
    call_lines: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    refused: list[RefusedLine] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        text = (
            f"{self.lines} regels gelezen, {self.call_lines} over gesprekken: {self.new} gesprek(ken) nieuw, "
            f"{self.changed} aangevuld, {self.unchanged} al bekend; {skipped} regel(s) overgeslagen"
        )
        if skipped:
            text += " (" + ", ".join(f"{name} {n}" for name, n in sorted(self.skipped.items())) + ")"
        return text + f", {len(self.refused)} regel(s) geweigerd."


def import_lines(lines: Iterable[str]) -> ImportReport:
    """Read a queue_log stream and store its calls; idempotent (see the module docstring).

    Streamed: at most :data:`BATCH_LINES` lines are held at once; each batch is one transaction
    that reads the stored state of its calls (a few queries per batch, never one per line) and
    upserts only the calls that changed.
    """
    report = ImportReport()
    batch: dict[tuple[str, str], CallState] = {}
    pending = 0
    for item in read_lines(lines):
        report.lines = item.number
        if isinstance(item, RefusedLine):
            report.refused.append(item)
            continue
        if isinstance(item, SkippedLine):
            report.skipped[item.event] = report.skipped.get(item.event, 0) + 1
            continue
        report.call_lines += 1
        if item.event == "RINGNOANSWER":
            continue
        state = state_of(item)
        known = batch.get(state.key)
        batch[state.key] = state if known is None else merge(known, state)
        pending += 1
        if pending >= BATCH_LINES:
            _store(batch, report)
            batch, pending = {}, 0
    if batch:
        _store(batch, report)
    return report


def _store(batch: dict[tuple[str, str], CallState], report: ImportReport) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        stored = {(row[0], row[1]): CallState(*row) for row in _stored_rows(sorted({callid for callid, _ in batch}))}
        rows, days = [], set()
        for key, state in batch.items():
            known = stored.get(key)
            if known is None:
                report.new += 1
                rows.append(state)
            elif (merged := merge(known, state)) == known:
                report.unchanged += 1
                continue
            else:
                report.changed += 1
                rows.append(merged)
                days.add(local_day(known.entered_at))  # the call may move to another day
            days.add(local_day(rows[-1].entered_at))
        _upsert(rows)
        _recount(days)


COLUMNS = ("callid", "queue", "entered_at", "entered_exact", "outcome", "outcome_rank", "outcome_at", "wait_s")


def local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def _stored_rows(callids: list[str]) -> Iterable[tuple]:
    """The stored calls with these callids (all their queues), as tuples of :data:`COLUMNS`.

    PostgreSQL: one query per batch with the callids as one array parameter (``= ANY``), instead of
    a statement with hundreds of parameters per few hundred calls; the moments travel as whole
    seconds since 1970 (the queue_log's own unit), which is about twenty times cheaper to send and
    read than ``timestamptz``."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(QueueCall._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT callid, queue, extract(epoch FROM entered_at)::bigint, entered_exact, outcome, outcome_rank, "
                f"extract(epoch FROM outcome_at)::bigint, wait_s FROM {table} WHERE callid = ANY(%s)",
                [callids],
            )
            return [
                (callid, queue, _at(entered), exact, outcome, rank, None if at is None else _at(at), wait)
                for callid, queue, entered, exact, outcome, rank, at, wait in cursor.fetchall()
            ]
    return [
        row
        for start in range(0, len(callids), SELECT_CHUNK)
        for row in QueueCall.objects.filter(callid__in=callids[start : start + SELECT_CHUNK]).values_list(*COLUMNS)
    ]


def _upsert(states: list[CallState]) -> None:
    """Write the new and changed calls: their values were merged with the stored row first, so they
    replace it. PostgreSQL: COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO
    UPDATE; SQLite: INSERT ... ON CONFLICT DO UPDATE with many rows per statement (the ORM's
    bulk_create, or one statement per row, costs more than the rest of the import)."""
    table = connection.ops.quote_name(QueueCall._meta.db_table)
    columns = (*COLUMNS, "day")
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns[2:])
    if connection.vendor == "postgresql":
        _copy_upsert(table, columns, updates, states)
        return
    per_statement = min(1000, (connection.features.max_query_params or 999) // len(columns))
    placeholders = f"({', '.join(['%s'] * len(columns))})"
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(states), per_statement):
            chunk = states[start : start + per_statement]
            values = [value for s in chunk for value in (
                s.callid, s.queue, adapt(s.entered_at), s.entered_exact, s.outcome, s.outcome_rank,
                adapt(s.outcome_at), s.wait_s, local_day(s.entered_at))]  # fmt: skip
            rows = ", ".join([placeholders] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {rows} "
                           f"ON CONFLICT (callid, queue) DO UPDATE SET {updates}", values)  # fmt: skip


def _copy_upsert(table: str, columns: tuple[str, ...], updates: str, states: list[CallState]) -> None:
    """The moments as seconds since 1970 (see :func:`_stored_rows`), made ``timestamptz`` in the INSERT."""
    selected = ", ".join(f"to_timestamp({column})" if column.endswith("_at") else column for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE queuecall_import (callid varchar(150), queue varchar(100), entered_at bigint, "
            "entered_exact boolean, outcome varchar(12), outcome_rank smallint, outcome_at bigint, wait_s integer, "
            "day date)"
        )
        with cursor.copy(f"COPY queuecall_import ({', '.join(columns)}) FROM STDIN") as copy:
            for s in states:
                copy.write_row((s.callid, s.queue, int(s.entered_at.timestamp()), s.entered_exact, s.outcome,
                                s.outcome_rank, None if s.outcome_at is None else int(s.outcome_at.timestamp()),
                                s.wait_s, local_day(s.entered_at)))  # fmt: skip
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {selected} FROM queuecall_import "
            f"ON CONFLICT (callid, queue) DO UPDATE SET {updates}"
        )
        # Dropped at once (not at commit): the import may run inside a longer transaction.
        cursor.execute("DROP TABLE queuecall_import")


# --- the daily counts and the statistics (read by the rapportage table "telefonie") ------------------

SHORT_ABANDON_S = 5


def _recount(days: set[date]) -> None:
    """Count the calls of these days again, per line, into :class:`QueueDayCount` (replacing their rows)."""
    ordered = sorted(days)
    for start in range(0, len(ordered), SELECT_CHUNK):
        chunk = ordered[start : start + SELECT_CHUNK]
        counts: dict[tuple[date, str], QueueDayCount] = {}
        rows = (
            QueueCall.objects.filter(day__in=chunk)
            .order_by()
            .values_list("day", "queue", "outcome", "wait_s")
            .annotate(n=Count("pk"))
        )
        for day, queue, outcome, wait, n in rows:
            count = counts.get((day, queue))
            if count is None:
                count = counts[(day, queue)] = QueueDayCount(
                    day=day, queue=queue, offered=0, answered=0, abandoned=0, short_abandoned=0, measured=0,
                    wait_sum=0, wait_max=None, answered_waits={},
                )  # fmt: skip
            count.offered += n
            if outcome == ANSWERED:
                count.answered += n
                count.answered_waits[str(wait)] = count.answered_waits.get(str(wait), 0) + n
            elif outcome == ABANDONED:
                count.abandoned += n
                count.short_abandoned += n if wait <= SHORT_ABANDON_S else 0
            if outcome != OPEN:
                count.measured += n
                count.wait_sum += wait * n
                count.wait_max = wait if count.wait_max is None else max(count.wait_max, wait)
        QueueDayCount.objects.filter(day__in=chunk).delete()
        QueueDayCount.objects.bulk_create(counts.values())


def queue_statistics(first: date, last: date, answer_within: Callable[[str], int]) -> list[dict]:
    """Per line (queue), the calls that entered it on the local days ``first`` to ``last``: the rows
    of the telefonie table, summed from the daily counts.

    ``answer_within(line)`` gives the norm's seconds for that line. "Within N seconds" means a wait
    of at most N seconds; kort_verlaten is a caller who hung up (ABANDON) within 5 seconds. The
    wait of a call is its time in the queue until answered or until it left the queue by any
    outcome; gemiddelde and langste wachttijd are over every call whose outcome is known.
    """
    per_line: dict[str, dict] = {}
    for count in QueueDayCount.objects.filter(day__gte=first, day__lte=last).order_by("day", "queue"):
        line = per_line.setdefault(count.queue, {**COUNTERS, "langste": None})
        within = answer_within(count.queue)
        line["aangeboden"] += count.offered
        line["beantwoord"] += count.answered
        line["binnen_norm"] += sum(n for wait, n in count.answered_waits.items() if int(wait) <= within)
        line["verlaten"] += count.abandoned
        line["kort_verlaten"] += count.short_abandoned
        line["wacht_totaal"] += count.wait_sum
        line["gemeten"] += count.measured
        if count.wait_max is not None:
            line["langste"] = max(line["langste"] or 0, count.wait_max)
    result = []
    for queue in sorted(per_line, key=str.lower):
        line = per_line[queue]
        measured = line["aangeboden"] - line["kort_verlaten"]
        result.append({
            "lijn": queue,
            **{key: line[key] for key in ("aangeboden", "beantwoord", "binnen_norm", "verlaten", "kort_verlaten")},
            "servicelevel": round(100 * line["binnen_norm"] / measured, 1) if measured else None,
            "gemiddelde_wachttijd_s": round(line["wacht_totaal"] / line["gemeten"], 1) if line["gemeten"] else None,
            "langste_wachttijd_s": line["langste"],
        })  # fmt: skip
    return result


COUNTERS = dict.fromkeys(
    ("aangeboden", "beantwoord", "binnen_norm", "verlaten", "kort_verlaten", "wacht_totaal", "gemeten"), 0
)
