"""The dashboard tables: one definition per table, one ``compute`` that feeds every output.

A :class:`TableDef` computes a :class:`Report` for a :class:`Context` (period, unit, level,
norms). The report carries the JSON figures (``data``: what the API and ``kcc rapportage ... --json``
print), the grids (HTML, CSV, PDF), the norm figures with their lights and the charts. The HTML
page, the CSV export, the API, the CLI and the annual report all call the same ``compute``.

Drill-down: a cell may carry ``drill`` parameters; :func:`records` turns a table key and those
parameters into a paginated list of the underlying records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate

from kcc.contacten.models import (
    Callback,
    ComplaintOffer,
    Contactmoment,
    FcrOutcome,
    FcrRow,
    Handoff,
    Question,
    QuestionType,
    Signal,
    TransferAttempt,
)
from kcc.core.calendar import today as calendar_today
from kcc.core.models import OrganisationUnit
from kcc.core.selectors import unit_subtree_ids
from kcc.medewerkers.selectors import directory_terms, is_directory_query
from kcc.privacy.pii import scrub
from kcc.rapportage.models import (
    DailyAttemptCount,
    DailyCallbackCount,
    DailyContactCount,
    DailyCount,
    DailyQuestionCount,
    DailySearchCount,
    DailyUnitContactCount,
)
from kcc.rapportage.norms import Figure, Norms, percent
from kcc.rapportage.period import Period

GREEN_C, RED_C, GREY_C, BLUE_C, ORANGE_C, TEAL_C = "#2e7d32", "#c62828", "#9e9e9e", "#1565c0", "#ef6c00", "#00838f"


# --- building blocks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: Any
    kind: str = "text"  # text, int, pct
    drill: dict[str, str] | None = None
    light: str = ""

    @property
    def text(self) -> str:
        from kcc.rapportage.norms import format_number

        if self.value is None:
            return "—"
        if self.kind == "pct":
            return f"{format_number(self.value)}%"
        if self.kind == "int":
            return f"{self.value:,}".replace(",", ".")
        return str(self.value)

    @property
    def csv(self) -> Any:
        if self.value is None:
            return ""
        return round(self.value, 1) if self.kind == "pct" else self.value


@dataclass
class Grid:
    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[Cell] | None = None


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: list[float]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    categories: list[str]
    series: list[Series]
    stacked: bool = True
    percent: bool = False


@dataclass
class Context:
    period: Period
    unit: OrganisationUnit | None = None
    level: str = OrganisationUnit.Kind.DIENST
    today: date = field(default_factory=calendar_today)

    @cached_property
    def norms(self) -> Norms:
        return Norms(self.period.end)

    @cached_property
    def bounds(self) -> tuple[datetime, datetime]:
        return self.period.bounds()

    @cached_property
    def unit_ids(self) -> set[int] | None:
        return unit_subtree_ids(self.unit) if self.unit else None

    def in_unit(self, queryset: QuerySet, field_name: str) -> QuerySet:
        return queryset if self.unit_ids is None else queryset.filter(**{f"{field_name}__in": self.unit_ids})

    def in_period(self, queryset: QuerySet, field_name: str) -> QuerySet:
        begin, until = self.bounds
        return queryset.filter(**{f"{field_name}__gte": begin, f"{field_name}__lt": until})

    @cached_property
    def contact_ids(self) -> tuple[int, int] | None:
        """(first, last) id when the period's contacts are exactly the contacts with an id in that
        range, else None.

        Contacts are numbered as they are registered, so a period's contacts are usually one
        unbroken id range; imported history can break that. Two cheap counts decide it: the
        period's contacts all lie in [first, last], so equal counts mean equal sets.
        """
        in_period = self.in_period(Contactmoment.objects.all(), "started_at")
        found = in_period.aggregate(first=Min("pk"), last=Max("pk"), n=Count("pk"))
        if not found["n"]:
            return None
        span = Contactmoment.objects.filter(pk__gte=found["first"], pk__lte=found["last"]).count()
        return (found["first"], found["last"]) if span == found["n"] else None

    @cached_property
    def question_ids(self) -> tuple[int, int] | None:
        """(first, last) question id when the questions of the period's contacts are exactly the
        questions with an id in that range (questions are numbered with their contacts), else None."""
        if self.contact_ids is None:
            return None
        first, last = self.contact_ids
        found = Question.objects.filter(contact_id__gte=first, contact_id__lte=last).aggregate(
            low=Min("pk"), high=Max("pk"), n=Count("pk")
        )
        if not found["n"]:
            return None
        span = Question.objects.filter(pk__gte=found["low"], pk__lte=found["high"]).count()
        return (found["low"], found["high"]) if span == found["n"] else None

    def daily(self, model: type[DailyCount], *, by_unit: bool = True) -> QuerySet:
        """The period's rows of a daily aggregate (in the unit's subtree when ``by_unit``)."""
        queryset = model.objects.filter(day__gte=self.period.start, day__lte=self.period.end).exclude(n=0)
        return self.in_unit(queryset, "unit_ref") if by_unit else queryset

    def contacts_in_period(self, queryset: QuerySet, contact: str) -> QuerySet:
        """Rows whose contact (reached through ``contact``) started in the period: by id range when
        that is exact (see :attr:`contact_ids`; no join needed), else by the contact's start."""
        if self.contact_ids is not None:
            first, last = self.contact_ids
            return queryset.filter(**{f"{contact}_id__gte": first, f"{contact}_id__lte": last})
        return self.in_period(queryset, f"{contact}__started_at")


@dataclass
class Report:
    key: str
    title: str
    context: Context
    data: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    link: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class RecordList:
    title: str
    queryset: QuerySet
    columns: list[Column]


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str
    description: str
    compute: Callable[[Context], Report]
    records: Callable[[Context, dict[str, str]], RecordList] | None = None
    order: int = 100


_registry: dict[str, TableDef] = {}


def register(table: TableDef) -> None:
    _registry[table.key] = table


def all_tables() -> list[TableDef]:
    return sorted(_registry.values(), key=lambda table: table.order)


def get(key: str) -> TableDef | None:
    return _registry.get(key)


def compute(key: str, context: Context) -> Report:
    return _registry[key].compute(context)


def _pct_row(counts: list[int], total: int) -> list[Cell]:
    cells = []
    for count in counts:
        cells += [Cell(count, "int"), Cell(percent(count, total), "pct")]
    return cells


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# --- Eerstelijns afhandeling (FCR) -------------------------------------------------------------

# The rows of the FCR table in the order of the brief. FcrRow.PERSON_OR_UNIT (a caller who asked
# for someone, answered without reaching that person) has no row of its own: by rule 9 of the
# brief it counts under "Algemene vraag".
FCR_ROWS: list[tuple[str, str, tuple[str, ...]]] = [
    ("algemene_vraag", "Algemene vraag", (FcrRow.GENERAL, FcrRow.PERSON_OR_UNIT)),
    ("doorverbonden_backoffice", "Doorverbonden met backoffice", (FcrRow.TRANSFERRED_TO_BACK_OFFICE,)),
    ("klacht", "Klacht", (FcrRow.COMPLAINT,)),
    ("melding", "Melding", (FcrRow.REPORT,)),
    ("persoon_bereikbaar", "Specifiek persoon/afdeling bereikbaar", (FcrRow.TARGET_REACHED,)),
    ("vervanger", "Afwezig maar vervanger", (FcrRow.STAND_IN_REACHED,)),
    ("terugbel_mailverzoek", "Terugbel-/mailverzoek", (FcrRow.CALLBACK_OR_MAIL,)),
    ("afspraak", "Afspraak", (FcrRow.APPOINTMENT,)),
]
OUTCOMES = (FcrOutcome.YES, FcrOutcome.NO, FcrOutcome.UNKNOWN)


def questions_in(context: Context) -> QuerySet[Question]:
    queryset = context.contacts_in_period(Question.objects.all(), "contact")
    return context.in_unit(queryset, "unit_id")


def fcr_counts(context: Context) -> dict[tuple[str, str], int]:
    """(FCR row, outcome) → number of questions, from the daily question counts."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in context.daily(DailyQuestionCount).values("fcr_row", "fcr_outcome").annotate(total=Sum("n")):
        counts[(row["fcr_row"], row["fcr_outcome"])] += row["total"]
    return counts


def handoffs_in(context: Context) -> QuerySet[Handoff]:
    """Contacts handed to a senior or teamleider in the period (counted apart from the FCR rows)."""
    return context.in_unit(context.in_period(Handoff.objects.all(), "created_at"), "question__unit_id")


def fcr(context: Context) -> Report:
    counts = fcr_counts(context)
    rows, grid_rows = [], []
    total = dict.fromkeys(OUTCOMES, 0)
    for slug, label, members in FCR_ROWS:
        values = {outcome: sum(counts[(member, outcome)] for member in members) for outcome in OUTCOMES}
        rows.append({"rij": label, "ja": values["ja"], "nee": values["nee"], "onbekend": values["onbekend"]})
        for outcome in OUTCOMES:
            total[outcome] += values[outcome]
        row_total = sum(values.values())
        cells = [Cell(label, drill={"rij": slug})]
        for outcome in OUTCOMES:
            cells += [
                Cell(values[outcome], "int", drill={"rij": slug, "uitkomst": outcome}),
                Cell(percent(values[outcome], row_total), "pct"),
            ]
        grid_rows.append([*cells, Cell(row_total, "int", drill={"rij": slug})])
    aantal = sum(total.values())
    footer = [Cell("Totaal"), *_pct_row([total[o] for o in OUTCOMES], aantal), Cell(aantal, "int")]
    known = total["ja"] + total["nee"]
    figure = Figure(
        "fcr", "In één keer geholpen (ja van ja + nee)", percent(total["ja"], known), context.norms.value("fcr")
    )
    chart = Chart(
        "eerstelijn",
        "In één keer geholpen per vraagsoort",
        [label for _slug, label, _members in FCR_ROWS],
        [
            Series("ja", GREEN_C, [row["ja"] for row in rows]),
            Series("nee", RED_C, [row["nee"] for row in rows]),
            Series("onbekend", GREY_C, [row["onbekend"] for row in rows]),
        ],
    )
    header = ["Vraagsoort", "Ja", "% ja", "Nee", "% nee", "Onbekend", "% onbekend", "Totaal"]
    handed_off = handoffs_in(context).count()
    return Report(
        "eerstelijn",
        "Eerstelijns afhandeling",
        context,
        {
            "rijen": rows,
            "totaal": {**{o.value: total[o] for o in OUTCOMES}, "aantal": aantal},
            "doorgezet_naar_senior": handed_off,
        },
        [figure],
        [
            Grid("In één keer geholpen per vraagsoort", header, grid_rows, footer),
            Grid(
                "Doorgezet naar senior of teamleider",
                ["Doorgezette contacten", "% van de vragen"],
                [[Cell(handed_off, "int"), Cell(percent(handed_off, aantal), "pct")]],
            ),
        ],
        [chart],
    )


QUESTION_COLUMNS = [
    Column("Contact", lambda q: q.contact.number, lambda q: _url("contacten:detail", q.contact_id)),
    Column("Begin", lambda q: q.contact.started_at),
    Column("Vraagsoort", lambda q: q.get_question_type_display()),
    Column("Afhandeling", lambda q: q.get_handling_display()),
    Column("FCR-rij", lambda q: q.get_fcr_row_display()),
    Column("In één keer", lambda q: q.get_fcr_outcome_display()),
    Column("Eenheid", lambda q: q.unit or "—"),
    Column("Medewerker", lambda q: q.contact.agent or "—"),
]


def fcr_records(context: Context, params: dict[str, str]) -> RecordList:
    queryset = questions_in(context).select_related("contact", "unit", "contact__agent")
    members = {slug: members for slug, _label, members in FCR_ROWS}
    if params.get("rij") in members:
        queryset = queryset.filter(fcr_row__in=members[params["rij"]])
    if params.get("uitkomst") in FcrOutcome.values:
        queryset = queryset.filter(fcr_outcome=params["uitkomst"])
    return RecordList("Vragen", queryset.order_by("-contact__started_at", "-id"), QUESTION_COLUMNS)


# --- Bereikbaarheid backoffices ----------------------------------------------------------------


class Tree:
    """The organisation tree as it is now, in memory (a few hundred units at most)."""

    def __init__(self) -> None:
        self.units = {unit.pk: unit for unit in OrganisationUnit.objects.only("code", "name", "kind", "parent_id")}

    def group(self, unit_id: int | None, level: str) -> OrganisationUnit | None:
        """The nearest unit of kind ``level`` at or above ``unit_id``; the unit itself when there is none."""
        unit = self.units.get(unit_id)
        node = unit
        while node is not None:
            if node.kind == level:
                return node
            node = self.units.get(node.parent_id)
        return unit

    def members(self, group_id: int, level: str) -> set[int]:
        return {pk for pk in self.units if (found := self.group(pk, level)) is not None and found.pk == group_id}


def attempts_in(context: Context) -> QuerySet[TransferAttempt]:
    if context.question_ids is not None:
        first, last = context.question_ids
        return TransferAttempt.objects.filter(question_id__gte=first, question_id__lte=last)
    return context.contacts_in_period(TransferAttempt.objects.all(), "question__contact")


def _person_units(person_ids: set[int]) -> dict[int, int]:
    """A person's main unit (membership position 0 first) for attempts logged without a unit."""
    from kcc.medewerkers.models import Membership

    found: dict[int, int] = {}
    for person_id, unit_id in (
        Membership.objects.filter(person_id__in=person_ids).order_by("person_id", "position", "id")
    ).values_list("person_id", "unit_id"):
        found.setdefault(person_id, unit_id)
    return found


def _attempt_counts(context: Context) -> list[tuple[int | None, str, str, str, int]]:
    """(target unit id, target, result, reason, count), the unit taken from the person when missing."""
    rows = list(
        context.daily(DailyAttemptCount, by_unit=False)
        .values_list("unit_ref", "person_ref", "target", "result", "reason").annotate(total=Sum("n"))
    )  # fmt: skip
    persons = _person_units({person for unit, person, *_rest in rows if not unit and person})
    return [
        (unit or persons.get(person), target, result, reason, n) for unit, person, target, result, reason, n in rows
    ]


REACH_KEYS = ("bereikbaar_algemeen", "bereikbaar_specifiek", "niet_bereikbaar_algemeen", "niet_bereikbaar_specifiek")


def reachability(context: Context) -> Report:
    tree = Tree()
    level = context.level
    per_group: dict[int | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(REACH_KEYS, 0))
    reasons: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, target, result, reason, n in _attempt_counts(context):
        if context.unit_ids is not None and unit_id not in context.unit_ids:
            continue
        group = tree.group(unit_id, level)
        key = group.pk if group else None
        reached = "bereikbaar" if result == TransferAttempt.Result.REACHED else "niet_bereikbaar"
        kind = "algemeen" if target == TransferAttempt.Target.UNIT else "specifiek"
        per_group[key][f"{reached}_{kind}"] += n
        if result == TransferAttempt.Result.NOT_REACHED:
            reasons[key][reason] += n

    def name(key: int | None) -> tuple[str, str]:
        unit = tree.units.get(key)
        return (unit.code, unit.name) if unit else ("", "Eenheid onbekend")

    order = sorted(per_group, key=lambda key: name(key)[1].lower())
    rows = [{"eenheid": name(key)[0], "naam": name(key)[1], **per_group[key]} for key in order]
    reason_labels = dict(TransferAttempt.Reason.choices)
    grid = Grid(
        f"Doorverbindpogingen per {level}",
        ["Eenheid", "Bereikt algemeen", "%", "Bereikt persoon", "%", "Niet bereikt algemeen", "%",
         "Niet bereikt persoon", "%", "Totaal", "Bereikt", "Norm", "Licht"],
    )  # fmt: skip
    reasons_grid = Grid("Redenen van niet bereikt", ["Eenheid", *reason_labels.values(), "Totaal"])
    totals = dict.fromkeys(REACH_KEYS, 0)
    for key, row in zip(order, rows, strict=True):
        counts = [row[k] for k in REACH_KEYS]
        total = sum(counts)
        for k in REACH_KEYS:
            totals[k] += row[k]
        norm = context.norms.value("bereikbaarheid", row["eenheid"])
        figure = Figure("bereikbaarheid", row["naam"], percent(counts[0] + counts[1], total), norm)
        drill = {"groep": row["eenheid"]} if row["eenheid"] else None
        cells = [Cell(row["naam"], drill=drill)]
        for k, count in zip(REACH_KEYS, counts, strict=True):
            target = "eenheid" if k.endswith("algemeen") else "persoon"
            result = "niet_bereikt" if k.startswith("niet") else "bereikt"
            cell_drill = {**drill, "doel": target, "resultaat": result} if drill else None
            cells += [Cell(count, "int", drill=cell_drill), Cell(percent(count, total), "pct")]
        cells += [
            Cell(total, "int", drill=drill),
            Cell(figure.value, "pct"),
            Cell(figure.norm_text),
            Cell(figure.light_label, light=figure.light),
        ]
        grid.rows.append(cells)
        reason_counts = reasons[key]
        reasons_grid.rows.append(
            [Cell(row["naam"]), *(Cell(reason_counts.get(code, 0), "int") for code in reason_labels),
             Cell(sum(reason_counts.values()), "int")]
        )  # fmt: skip
    grand = sum(totals.values())
    grid.footer = [Cell("Totaal"), *_pct_row([totals[k] for k in REACH_KEYS], grand), Cell(grand, "int")]
    overall = Figure(
        "bereikbaarheid",
        "Bereikt bij doorverbinden (alle eenheden)",
        percent(totals["bereikbaar_algemeen"] + totals["bereikbaar_specifiek"], grand),
        context.norms.value("bereikbaarheid", context.unit.code if context.unit else ""),
    )
    chart = Chart(
        "bereikbaarheid",
        f"Bereikbaarheid per {level}",
        [row["naam"] for row in rows],
        [
            Series("bereikt algemeen nummer", GREEN_C, [row["bereikbaar_algemeen"] for row in rows]),
            Series("bereikt persoon", TEAL_C, [row["bereikbaar_specifiek"] for row in rows]),
            Series("niet bereikt algemeen nummer", RED_C, [row["niet_bereikbaar_algemeen"] for row in rows]),
            Series("niet bereikt persoon", ORANGE_C, [row["niet_bereikbaar_specifiek"] for row in rows]),
        ],
    )
    return Report(
        "bereikbaarheid", "Bereikbaarheid backoffices", context, {"rijen": rows},
        [overall], [grid, reasons_grid], [chart],
    )  # fmt: skip


def reachability_records(context: Context, params: dict[str, str]) -> RecordList:
    queryset = attempts_in(context)
    group = OrganisationUnit.objects.filter(code=params.get("groep", "")).first()
    if group is not None:
        tree = Tree()
        members = tree.members(group.pk, context.level)
        if context.unit_ids is not None:
            members &= context.unit_ids
        unitless = Q(unit__isnull=True, person__memberships__unit_id__in=members, person__memberships__position=0)
        queryset = queryset.filter(Q(unit_id__in=members) | unitless).distinct()
    elif context.unit_ids is not None:
        queryset = queryset.filter(unit_id__in=context.unit_ids)
    if params.get("doel") in TransferAttempt.Target.values:
        queryset = queryset.filter(target=params["doel"])
    if params.get("resultaat") in TransferAttempt.Result.values:
        queryset = queryset.filter(result=params["resultaat"])
    return RecordList(
        "Doorverbindpogingen",
        queryset.select_related("question__contact", "unit", "person").order_by(
            "-question__contact__started_at", "-id"
        ),
        [
            Column(
                "Contact",
                lambda a: a.question.contact.number,
                lambda a: _url("contacten:detail", a.question.contact_id),
            ),
            Column("Begin", lambda a: a.question.contact.started_at),
            Column("Doel", lambda a: a.get_target_display()),
            Column("Eenheid", lambda a: a.unit or "—"),
            Column("Persoon", lambda a: a.person or "—"),
            Column("Resultaat", lambda a: a.get_result_display()),
            Column("Reden", lambda a: a.get_reason_display() or a.get_reached_display()),
            Column("Warm", lambda a: "ja" if a.warm else "nee"),
        ],
    )


# --- Terugbelverzoeken -------------------------------------------------------------------------


def callbacks_in(context: Context) -> QuerySet[Callback]:
    return context.in_unit(context.contacts_in_period(Callback.objects.all(), "contact"), "unit_id")


CLOSED_CALLBACK = (Callback.Status.DONE, Callback.Status.FAILED)


def _callback_buckets(today: date) -> dict[str, Q]:
    """Conditions on a queryset annotated with ``closed_day`` (the local day it was closed)."""
    closed = Q(status__in=CLOSED_CALLBACK)
    return {
        "op_tijd": closed & Q(closed_day__lte=F("deadline")),
        "te_laat": closed & Q(closed_day__gt=F("deadline")),
        "open_binnen_termijn": ~closed & Q(deadline__gte=today),
        "open_te_laat": ~closed & Q(deadline__lt=today),
    }


def _contacts_with_callbacks(context: Context) -> tuple[int, int]:
    """(contacts, contacts with a callback request); for a unit, the contacts with a question for
    its subtree and those with a callback request to it, each contact once."""
    if context.unit is None:
        daily, asked = context.daily(DailyContactCount, by_unit=False), Q()
    else:
        daily = context.daily(DailyUnitContactCount, by_unit=False).filter(unit_ref=context.unit.pk)
        asked = Q(with_question=True)
    found = daily.aggregate(
        contacts=Sum("n", filter=asked, default=0), with_callback=Sum("n", filter=Q(with_callback=True), default=0)
    )
    return found["contacts"], found["with_callback"]


def callbacks(context: Context) -> Report:
    state = DailyCallbackCount.State
    daily = context.daily(DailyCallbackCount)
    summary = daily.aggregate(
        aantal=Sum("n", default=0),
        op_tijd=Sum("n", filter=Q(state=state.ON_TIME), default=0),
        te_laat=Sum("n", filter=Q(state=state.LATE), default=0),
        open_binnen_termijn=Sum("n", filter=Q(state=state.OPEN, deadline__gte=context.today), default=0),
        open_te_laat=Sum("n", filter=Q(state=state.OPEN, deadline__lt=context.today), default=0),
    )
    contact_count, summary["contacten"] = _contacts_with_callbacks(context)
    buckets = _callback_buckets(context.today)
    share = Figure(
        "terugbel_aandeel",
        "Contacten met een terugbelverzoek",
        percent(summary["contacten"], contact_count),
        context.norms.value("terugbel_aandeel"),
        lower_is_better=True,
    )
    late = summary["te_laat"] + summary["open_te_laat"]
    on_time = Figure(
        "terugbel_op_tijd",
        "Op tijd teruggebeld (van afgesloten en verlopen verzoeken)",
        percent(summary["op_tijd"], summary["op_tijd"] + late),
        context.norms.value("terugbel_op_tijd"),
    )
    reason_labels = dict(Callback.Reason.choices)
    per_unit: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit_id, reason, n in daily.values_list("unit_ref", "reason").annotate(total=Sum("n")):
        per_unit[unit_id][reason] += n
    names = {unit.pk: (unit.code, unit.name) for unit in OrganisationUnit.objects.filter(pk__in=per_unit)}
    names.update({pk: ("", "Eenheid onbekend") for pk in per_unit.keys() - names.keys()})
    unit_grid = Grid("Terugbelverzoeken per eenheid en reden", ["Eenheid", *reason_labels.values(), "Totaal"])
    rows = []
    for unit_id in sorted(per_unit, key=lambda pk: names[pk][1].lower()):
        code, name = names[unit_id]
        counts = per_unit[unit_id]
        rows.append({"eenheid": code, "naam": name, "redenen": {r: counts.get(r, 0) for r in reason_labels}})
        unit_grid.rows.append(
            [Cell(name, drill={"eenheid_code": code}),
             *(Cell(counts.get(r, 0), "int", drill={"eenheid_code": code, "reden": r}) for r in reason_labels),
             Cell(sum(counts.values()), "int", drill={"eenheid_code": code})]
        )  # fmt: skip
    status_grid = Grid(
        "Afhandeling binnen de termijn",
        ["Op tijd afgesloten", "Te laat afgesloten", "Open, binnen termijn", "Open, termijn verlopen", "Totaal"],
        [[*(Cell(summary[name], "int", drill={"termijn": name}) for name in buckets), Cell(summary["aantal"], "int")]],
    )
    overdue_callbacks = Callback.objects.filter(status__in=Callback.OPEN_STATUSES, deadline__lt=context.today)
    overdue = list(
        context.in_unit(context.in_period(overdue_callbacks, "contact__started_at"), "unit_id")
        .select_related("unit").order_by("deadline", "id")[:20]
    )  # fmt: skip
    overdue_grid = Grid(
        "Openstaand na de termijn (oudste 20)",
        ["Terugbelverzoek", "Eenheid", "Uiterlijk", "Status"],
        [
            [Cell(f"T-{cb.pk}", drill={"termijn": "open_te_laat"}), Cell(cb.unit.name),
             Cell(cb.deadline.strftime("%d-%m-%Y")), Cell(cb.get_status_display())]
            for cb in overdue
        ],
    )  # fmt: skip
    reason_totals = defaultdict(int)
    for row in rows:
        for reason, count in row["redenen"].items():
            reason_totals[reason] += count
    chart = Chart(
        "terugbelverzoeken",
        "Terugbelverzoeken naar reden",
        list(reason_labels.values()),
        [Series("aantal", BLUE_C, [reason_totals[r] for r in reason_labels])],
        stacked=False,
    )
    data = {
        "contacten": contact_count,
        "aantal": summary["aantal"],
        "contacten_met_terugbelverzoek": summary["contacten"],
        **{name: summary[name] for name in buckets},
        "rijen": rows,
    }
    return Report(
        "terugbelverzoeken", "Terugbelverzoeken", context, data,
        [share, on_time], [status_grid, unit_grid, overdue_grid], [chart],
    )  # fmt: skip


def callback_records(context: Context, params: dict[str, str]) -> RecordList:
    queryset = callbacks_in(context).annotate(closed_day=TruncDate("closed_at"))
    if params.get("eenheid_code"):
        queryset = queryset.filter(unit__code=params["eenheid_code"])
    if params.get("reden") in Callback.Reason.values:
        queryset = queryset.filter(reason=params["reden"])
    buckets = _callback_buckets(context.today)
    if params.get("termijn") in buckets:
        queryset = queryset.filter(buckets[params["termijn"]])
    return RecordList(
        "Terugbelverzoeken",
        queryset.select_related("unit", "person", "contact").order_by("deadline", "id"),
        [
            Column("Nummer", lambda c: f"T-{c.pk}", lambda c: _url("contacten:callback-detail", c.pk)),
            Column("Contact", lambda c: c.contact.number),
            Column("Eenheid", lambda c: c.unit),
            Column("Persoon", lambda c: c.person or "—"),
            Column("Reden", lambda c: c.get_reason_display()),
            Column("Uiterlijk", lambda c: c.deadline),
            Column("Status", lambda c: c.get_status_display()),
            Column("Afgesloten", lambda c: c.closed_at or "—"),
        ],
    )


# --- Meldingen ---------------------------------------------------------------------------------


def meldingen_in(context: Context) -> QuerySet:
    from kcc.meldingen.models import Melding

    return context.in_unit(context.in_period(Melding.objects.all(), "created_at"), "unit_id")


def _main_category() -> dict[str, Any]:
    return {
        "hoofd_code": Coalesce("category__parent__code", "category__code"),
        "hoofd": Coalesce("category__parent__name", "category__name"),
    }


def meldingen(context: Context) -> Report:
    from kcc.meldingen import selectors, terms
    from kcc.meldingen.models import CLOSED_STATUSES, OPEN_STATUSES, Status

    measured = tuple(status for status in CLOSED_STATUSES if status != Status.CANCELLED)
    queryset = meldingen_in(context)
    stats: dict[str, dict[str, Any]] = {}
    for row in (
        queryset.order_by().annotate(**_main_category()).values("hoofd_code", "hoofd")
        .annotate(
            aantal=Count("pk"),
            afgesloten=Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
            herhaalmeldingen=Count("pk", filter=Q(is_repeat=True)),
        )
    ):  # fmt: skip
        stats[row["hoofd_code"]] = {**row, "binnen_termijn": 0, "buiten_termijn": 0, "open_te_laat": 0}
    deadlines: dict[tuple[date, int, str], date] = {}
    for row in (
        queryset.filter(status__in=measured).order_by().annotate(closed_day=TruncDate("closed_at"), **_main_category())
        .values("hoofd_code", "term_start", "term_days", "term_day_type", "closed_day").annotate(n=Count("pk"))
    ):  # fmt: skip
        key = (row["term_start"], row["term_days"], row["term_day_type"])
        if key not in deadlines:
            deadlines[key] = terms.deadline(*key)
        kept = row["closed_day"] <= deadlines[key]
        stats[row["hoofd_code"]]["binnen_termijn" if kept else "buiten_termijn"] += row["n"]
    for row in (
        selectors.with_light(queryset.filter(status__in=OPEN_STATUSES), today=context.today)
        .filter(light=terms.RED).order_by().annotate(**_main_category()).values("hoofd_code").annotate(n=Count("pk"))
    ):  # fmt: skip
        stats[row["hoofd_code"]]["open_te_laat"] += row["n"]
    reasons = list(
        queryset.filter(delay_reason__isnull=False).order_by().values("delay_reason__label")
        .annotate(n=Count("pk")).order_by("-n", "delay_reason__label")
    )  # fmt: skip
    grid = Grid(
        "Doorlooptijd per hoofdcategorie",
        ["Categorie", "Gemeld", "Afgesloten", "Binnen termijn", "Buiten termijn", "% binnen termijn", "Norm", "Licht",
         "Open na termijn", "Herhaalmeldingen"],
    )  # fmt: skip
    rows = []
    for code in sorted(stats, key=lambda c: stats[c]["hoofd"].lower()):
        item = stats[code]
        measured_count = item["binnen_termijn"] + item["buiten_termijn"]
        figure = Figure(
            "meldingen_op_tijd",
            item["hoofd"],
            percent(item["binnen_termijn"], measured_count),
            context.norms.value("meldingen_op_tijd", code, context.unit.code if context.unit else ""),
        )
        rows.append({key: item[key] for key in (
            "hoofd_code", "hoofd", "aantal", "afgesloten", "binnen_termijn", "buiten_termijn", "open_te_laat",
            "herhaalmeldingen")})  # fmt: skip
        drill = {"categorie": code}
        grid.rows.append([
            Cell(item["hoofd"], drill=drill), Cell(item["aantal"], "int", drill=drill),
            Cell(item["afgesloten"], "int", drill={**drill, "status": "afgesloten"}),
            Cell(item["binnen_termijn"], "int"), Cell(item["buiten_termijn"], "int"), Cell(figure.value, "pct"),
            Cell(figure.norm_text), Cell(figure.light_label, light=figure.light),
            Cell(item["open_te_laat"], "int", drill={**drill, "status": "te_laat"}),
            Cell(item["herhaalmeldingen"], "int", drill={**drill, "status": "herhaling"}),
        ])  # fmt: skip
    kept = sum(row["binnen_termijn"] for row in rows)
    late = sum(row["buiten_termijn"] for row in rows)
    overall = Figure(
        "meldingen_op_tijd",
        "Meldingen binnen de afhandeltermijn afgesloten",
        percent(kept, kept + late),
        context.norms.value("meldingen_op_tijd", context.unit.code if context.unit else ""),
    )
    repeats = sum(row["herhaalmeldingen"] for row in rows)
    total = sum(row["aantal"] for row in rows)
    repeat_figure = Figure("herhaalmeldingen", "Herhaalmeldingen (aandeel van alle meldingen)", percent(repeats, total))
    reasons_grid = Grid(
        "Redenen van overschrijding", ["Reden", "Aantal"],
        [[Cell(r["delay_reason__label"]), Cell(r["n"], "int")] for r in reasons],
    )  # fmt: skip
    chart = Chart(
        "meldingen",
        "Afgesloten meldingen binnen en buiten de termijn",
        [row["hoofd"] for row in rows],
        [
            Series("binnen termijn", GREEN_C, [row["binnen_termijn"] for row in rows]),
            Series("buiten termijn", RED_C, [row["buiten_termijn"] for row in rows]),
            Series("open na termijn", ORANGE_C, [row["open_te_laat"] for row in rows]),
        ],
    )
    data = {
        "rijen": rows,
        "redenen_overschrijding": [{"reden": r["delay_reason__label"], "aantal": r["n"]} for r in reasons],
    }
    return Report("meldingen", "Meldingen openbare ruimte", context, data, [overall, repeat_figure],
                  [grid, reasons_grid], [chart])  # fmt: skip


def melding_records(context: Context, params: dict[str, str]) -> RecordList:
    from kcc.meldingen import selectors, terms
    from kcc.meldingen.models import CLOSED_STATUSES, OPEN_STATUSES

    queryset = meldingen_in(context).annotate(**_main_category())
    if params.get("categorie"):
        queryset = queryset.filter(hoofd_code=params["categorie"])
    status = params.get("status")
    if status == "afgesloten":
        queryset = queryset.filter(status__in=CLOSED_STATUSES)
    elif status == "herhaling":
        queryset = queryset.filter(is_repeat=True)
    queryset = selectors.with_light(queryset, today=context.today)
    if status == "te_laat":
        queryset = queryset.filter(status__in=OPEN_STATUSES, light=terms.RED)
    return RecordList(
        "Meldingen",
        queryset.select_related("category__parent", "unit", "delay_reason").order_by("-created_at", "-id"),
        [
            Column("Nummer", lambda m: m.number, lambda m: _url("meldingen:detail", m.number)),
            Column("Gemeld", lambda m: m.created_at),
            Column("Categorie", lambda m: m.category),
            Column("Afdeling", lambda m: m.unit or "—"),
            Column("Status", lambda m: m.get_status_display()),
            Column("Licht", lambda m: m.light or "—"),
            Column("Reden vertraging", lambda m: m.delay_reason or "—"),
        ],
    )


# --- Klachten ----------------------------------------------------------------------------------


def complaints_in(context: Context) -> QuerySet:
    from kcc.klachten.models import Complaint

    queryset = Complaint.objects.filter(received_on__gte=context.period.start, received_on__lte=context.period.end)
    return context.in_unit(queryset, "subject_unit_id")


def complaints(context: Context) -> Report:
    from kcc.klachten import selectors
    from kcc.klachten.models import Complaint

    queryset = complaints_in(context)
    by_channel = dict(queryset.order_by().values_list("channel").annotate(n=Count("pk")))
    by_judgment = dict(queryset.exclude(judgment="").order_by().values_list("judgment").annotate(n=Count("pk")))
    by_status = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    kept = late = 0
    for complaint in queryset.filter(closed_on__isnull=False).only("closed_on", "deadline_on_close"):
        result = selectors.term_kept(complaint)
        kept += result is True
        late += result is False
    open_late = sum(
        1
        for complaint in queryset.filter(status__in=Complaint.OPEN_STATUSES).prefetch_related("postponements")
        if selectors.deadline(complaint) < context.today
    )
    offered_condition = ~Q(complaint_offer=ComplaintOffer.NOT_APPLICABLE)
    recognised = (
        context.daily(DailyQuestionCount)
        .filter(Q(question_type=QuestionType.COMPLAINT) | Q(is_repeat=True) | offered_condition)
        .aggregate(herkend=Sum("n", default=0), aangeboden=Sum("n", filter=offered_condition, default=0))
    )
    total = sum(by_channel.values())
    terms_figure = Figure(
        "klachten_op_tijd",
        "Klachten binnen de termijn afgehandeld (afgesloten en verlopen)",
        percent(kept, kept + late + open_late),
        context.norms.value("klachten_op_tijd"),
    )
    offered = Figure(
        "klacht_aangeboden",
        "Klachtprocedure aangeboden bij herkende klacht of herhaalcontact",
        percent(recognised["aangeboden"], recognised["herkend"]),
    )
    channel_labels, judgment_labels, status_labels = (
        dict(Complaint.Channel.choices), dict(Complaint.Judgment.choices), dict(Complaint.Status.choices)
    )  # fmt: skip
    grids = [
        Grid("Klachten naar kanaal", ["Kanaal", "Aantal", "%"],
             [[Cell(label, drill={"kanaal": code}), *_pct_row([by_channel.get(code, 0)], total)]
              for code, label in channel_labels.items()],
             [Cell("Totaal"), Cell(total, "int"), Cell(100.0 if total else None, "pct")]),
        Grid("Oordeel (afgehandelde klachten)", ["Oordeel", "Aantal"],
             [[Cell(label, drill={"oordeel": code}), Cell(by_judgment.get(code, 0), "int")]
              for code, label in judgment_labels.items()]),
        Grid("Status", ["Status", "Aantal"],
             [[Cell(label, drill={"status": code}), Cell(by_status.get(code, 0), "int")]
              for code, label in status_labels.items()]),
        Grid("Termijnen", ["Binnen termijn afgesloten", "Na de termijn afgesloten", "Open na de termijn"],
             [[Cell(kept, "int"), Cell(late, "int"), Cell(open_late, "int")]]),
        Grid("Herkenning in contacten", ["Herkende klacht of herhaalcontact", "Klachtprocedure aangeboden", "%"],
             [[Cell(recognised["herkend"], "int"), *_pct_row([recognised["aangeboden"]], recognised["herkend"])]]),
    ]  # fmt: skip
    versions = recognition_versions(context)
    grids.append(recognition_versions_grid(versions))
    chart = Chart(
        "klachten",
        "Klachten naar kanaal",
        list(channel_labels.values()),
        [Series("aantal", BLUE_C, [by_channel.get(code, 0) for code in channel_labels])],
        stacked=False,
    )
    data = {
        "aantal": total,
        "kanalen": {code: by_channel.get(code, 0) for code in channel_labels},
        "oordelen": {code: by_judgment.get(code, 0) for code in judgment_labels},
        "statussen": {code: by_status.get(code, 0) for code in status_labels},
        "binnen_termijn": kept,
        "buiten_termijn": late,
        "open_na_termijn": open_late,
        "herkend_in_contacten": recognised["herkend"],
        "procedure_aangeboden": recognised["aangeboden"],
        "herkenning_versies": versions,
    }
    return Report("klachten", "Klachten", context, data, [terms_figure, offered], grids, [chart])


def recognition_versions(context: Context) -> list[dict[str, Any]]:
    """Klachtherkenning per learned version trained up to the end of the period (newest first, at most 10)."""
    from kcc.klachten.models import RecognitionModel

    rows = (
        RecognitionModel.objects.filter(trained_at__date__lte=context.period.end)
        .order_by("-version")
        .values("version", "trained_at", "training_size", "held_out_size", "held_out", "blind", "active")[:10]
    )
    return [
        {
            "versie": row["version"],
            "getraind_op": row["trained_at"].date().isoformat(),
            "voorbeelden": row["training_size"],
            "achtergehouden": row["held_out_size"],
            "in_gebruik": row["active"],
            **{
                f"{who}_{measure}": row["held_out"].get(who, {}).get(measure)
                for who in ("model", "regels")
                for measure in ("precision", "recall")
            },
            "blind_model_f1": _pooled_f1(row["blind"], "model"),
            "blind_regels_f1": _pooled_f1(row["blind"], "regels"),
        }
        for row in rows
    ]


def _pooled_f1(blind: dict[str, dict[str, dict[str, int]]], who: str) -> float | None:
    tp = sum(pair.get(who, {}).get("tp", 0) for pair in blind.values())
    fp = sum(pair.get(who, {}).get("fp", 0) for pair in blind.values())
    fn = sum(pair.get(who, {}).get("fn", 0) for pair in blind.values())
    return round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else None


def recognition_versions_grid(versions: list[dict[str, Any]]) -> Grid:
    def ratio(value: float | None) -> Cell:
        return Cell(None if value is None else f"{value:.2f}")

    return Grid(
        "Klachtherkenning per modelversie (achtergehouden beslissingen; blinde sets)",
        ["Versie", "Getraind", "Voorbeelden", "Achtergehouden", "Model P", "Model R", "Regels P", "Regels R",
         "Blind F1 model", "Blind F1 regels", "In gebruik"],
        [[Cell(v["versie"], "int"), Cell(v["getraind_op"]), Cell(v["voorbeelden"], "int"),
          Cell(v["achtergehouden"], "int"), ratio(v["model_precision"]), ratio(v["model_recall"]),
          ratio(v["regels_precision"]), ratio(v["regels_recall"]), ratio(v["blind_model_f1"]),
          ratio(v["blind_regels_f1"]), Cell("ja" if v["in_gebruik"] else "nee")] for v in versions],
    )  # fmt: skip


def complaint_records(context: Context, params: dict[str, str]) -> RecordList:
    queryset = complaints_in(context)
    for param, field_name in (("kanaal", "channel"), ("oordeel", "judgment"), ("status", "status")):
        if params.get(param):
            queryset = queryset.filter(**{field_name: params[param]})
    # Numbers, dates and outcome only: the complaint file itself stays behind its own access rules.
    return RecordList(
        "Klachten",
        queryset.select_related("subject_unit").order_by("-received_on", "-id"),
        [
            Column("Klachtnummer", lambda c: c.number),
            Column("Ontvangen", lambda c: c.received_on),
            Column("Kanaal", lambda c: c.get_channel_display()),
            Column("Eenheid", lambda c: c.subject_unit or "—"),
            Column("Status", lambda c: c.get_status_display()),
            Column("Oordeel", lambda c: c.get_judgment_display() or "—"),
            Column("Afgesloten", lambda c: c.closed_on or "—"),
        ],
    )


# --- Kennisbank --------------------------------------------------------------------------------


def vac_consulted(context: Context) -> dict[str, int]:
    """General questions in the period, and how many of them had a VAC consulted."""
    return (
        context.daily(DailyQuestionCount)
        .filter(question_type=QuestionType.GENERAL)
        .aggregate(aantal=Sum("n", default=0), met_vac=Sum("n", filter=Q(with_vac=True), default=0))
    )


def kennisbank(context: Context) -> Report:
    from kcc.core.models import Task
    from kcc.kennisbank.models import Feedback, SearchLog

    searches = context.daily(DailySearchCount, by_unit=False)
    by_channel, zero = defaultdict(int), defaultdict(int)
    for channel, zero_results, n in searches.values_list("channel", "zero_results").annotate(total=Sum("n")):
        by_channel[channel] += n
        zero[channel] += n if zero_results else 0
    total, zero_total = sum(by_channel.values()), sum(zero.values())
    # A search for a colleague or a department (the staff directory answers it) is no missing content.
    terms = directory_terms()
    gaps = [
        gap for gap in searches.filter(zero_results=True).values(normalised_query=F("gap_query"))
        .annotate(n=Sum("n")).order_by("-n", "normalised_query")[:200]
        if not is_directory_query(gap["normalised_query"], terms)
    ][:20]  # fmt: skip
    # Logged queries are scrubbed when stored; this also covers rows logged before that and older facts.
    gaps = [{**gap, "normalised_query": scrub(gap["normalised_query"])} for gap in gaps]
    feedback = context.in_unit(context.in_period(Feedback.objects.all(), "created_at"), "vac__owner_unit_id")
    handled_statuses = (Task.Status.DONE, Task.Status.REJECTED)
    fb = feedback.aggregate(aantal=Count("pk"), afgehandeld=Count("pk", filter=Q(task__status__in=handled_statuses)))
    consulted = vac_consulted(context)
    figures = [
        Figure("kennisbank_nul", "Zoekvragen zonder resultaat", percent(zero_total, total),
               context.norms.value("kennisbank_nul"), lower_is_better=True),
        Figure("vac_geraadpleegd", "Algemene vragen waarbij een VAC is geraadpleegd",
               percent(consulted["met_vac"], consulted["aantal"]), context.norms.value("vac_geraadpleegd")),
        Figure("feedback_afgehandeld", "Feedback op VAC's afgehandeld", percent(fb["afgehandeld"], fb["aantal"])),
    ]  # fmt: skip
    channel_labels = dict(SearchLog.Channel.choices)
    grids = [
        Grid("Zoekvragen", ["Kanaal", "Zoekvragen", "Zonder resultaat", "%"],
             [[Cell(label), Cell(by_channel.get(code, 0), "int"),
               *_pct_row([zero.get(code, 0)], by_channel.get(code, 0))]
              for code, label in channel_labels.items()],
             [Cell("Totaal"), Cell(total, "int"), *_pct_row([zero_total], total)]),
        Grid("Ontbrekende inhoud: meest gezocht zonder resultaat", ["Zoekvraag", "Aantal"],
             [[Cell(gap["normalised_query"]), Cell(gap["n"], "int")] for gap in gaps]),
        Grid("Feedback op VAC's", ["Gegeven", "Afgehandeld", "%", "Open"],
             [[Cell(fb["aantal"], "int"), *_pct_row([fb["afgehandeld"]], fb["aantal"]),
               Cell(fb["aantal"] - fb["afgehandeld"], "int")]]),
        Grid("VAC geraadpleegd bij algemene vragen", ["Algemene vragen", "Met VAC", "%"],
             [[Cell(consulted["aantal"], "int", drill={"vac": "alle"}),
               Cell(consulted["met_vac"], "int", drill={"vac": "ja"}),
               Cell(percent(consulted["met_vac"], consulted["aantal"]), "pct")]]),
    ]  # fmt: skip
    chart = Chart(
        "kennisbank",
        "Zoekvragen met en zonder resultaat",
        list(channel_labels.values()),
        [
            Series("met resultaat", GREEN_C, [by_channel.get(c, 0) - zero.get(c, 0) for c in channel_labels]),
            Series("zonder resultaat", RED_C, [zero.get(c, 0) for c in channel_labels]),
        ],
    )
    data = {
        "zoekvragen": total,
        "zonder_resultaat": zero_total,
        "per_kanaal": {
            c: {"zoekvragen": by_channel.get(c, 0), "zonder_resultaat": zero.get(c, 0)} for c in channel_labels
        },
        "ontbrekende_inhoud": [{"zoekvraag": g["normalised_query"], "aantal": g["n"]} for g in gaps],
        "feedback": fb["aantal"],
        "feedback_afgehandeld": fb["afgehandeld"],
        "algemene_vragen": consulted["aantal"],
        "algemene_vragen_met_vac": consulted["met_vac"],
    }
    return Report("kennisbank", "Kennisbank", context, data, figures, grids, [chart])


def kennisbank_records(context: Context, params: dict[str, str]) -> RecordList:
    queryset = questions_in(context).filter(question_type=QuestionType.GENERAL)
    if params.get("vac") == "ja":
        queryset = queryset.filter(Exists(Question.vacs.through.objects.filter(question_id=OuterRef("pk"))))
    return RecordList("Algemene vragen", queryset.select_related("contact", "unit", "contact__agent")
                      .order_by("-contact__started_at", "-id"), QUESTION_COLUMNS)  # fmt: skip


# --- Signalen ----------------------------------------------------------------------------------

KCC_OWNER = "Teamleider KCC"


def signals_in(context: Context) -> QuerySet[Signal]:
    return context.in_unit(context.in_period(Signal.objects.all(), "created_at"), "owner_unit_id")


def signals(context: Context) -> Report:
    statuses = dict(Signal.Status.choices)
    per_owner: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(statuses, 0))
    for row in (
        signals_in(context).order_by().values("owner_unit__code", "owner_unit__name", "status").annotate(n=Count("pk"))
    ):
        per_owner[(row["owner_unit__code"] or "", row["owner_unit__name"] or KCC_OWNER)][row["status"]] += row["n"]
    rows = []
    grid = Grid("Signalen per eigenaar", ["Eigenaar", *statuses.values(), "Totaal", "% beantwoord"])
    for (code, name), counts in sorted(per_owner.items(), key=lambda item: item[0][1].lower()):
        total = sum(counts.values())
        rows.append({"eigenaar": code, "naam": name, **counts, "totaal": total})
        drill = {"eigenaar": code or "kcc"}
        grid.rows.append(
            [Cell(name, drill=drill), *(Cell(counts[s], "int", drill={**drill, "status": s}) for s in statuses),
             Cell(total, "int", drill=drill), Cell(percent(counts[Signal.Status.ANSWERED], total), "pct")]
        )  # fmt: skip
    answered = sum(row[Signal.Status.ANSWERED] for row in rows)
    total = sum(row["totaal"] for row in rows)
    figure = Figure("signalen_beantwoord", "Signalen beantwoord", percent(answered, total),
                    context.norms.value("signalen_beantwoord"))  # fmt: skip
    chart = Chart(
        "signalen",
        "Signalen per eigenaar",
        [row["naam"] for row in rows],
        [
            Series("open", RED_C, [row[Signal.Status.OPEN] for row in rows]),
            Series("in behandeling", ORANGE_C, [row[Signal.Status.IN_PROGRESS] for row in rows]),
            Series("beantwoord", GREEN_C, [row[Signal.Status.ANSWERED] for row in rows]),
        ],
    )
    return Report("signalen", "Signalen", context, {"rijen": rows}, [figure], [grid], [chart])


def signal_records(context: Context, params: dict[str, str]) -> RecordList:
    queryset = signals_in(context)
    owner = params.get("eigenaar")
    if owner == "kcc":
        queryset = queryset.filter(owner_unit__isnull=True)
    elif owner:
        queryset = queryset.filter(owner_unit__code=owner)
    if params.get("status") in Signal.Status.values:
        queryset = queryset.filter(status=params["status"])
    return RecordList(
        "Signalen",
        queryset.select_related("owner_unit", "reported_by").order_by("-created_at", "-id"),
        [
            Column("Signaal", lambda s: f"S-{s.pk}", lambda s: _url("contacten:signal-detail", s.pk)),
            Column("Gemeld", lambda s: s.created_at),
            Column("Soort", lambda s: s.get_kind_display()),
            Column("Eigenaar", lambda s: s.owner_unit or KCC_OWNER),
            Column("Status", lambda s: s.get_status_display()),
            Column("Gemeld door", lambda s: s.reported_by or "—"),
        ],
    )


for _table in (
    TableDef("eerstelijn", "Eerstelijns afhandeling", "In één keer geholpen (FCR) per vraagsoort.", fcr,
             fcr_records, 10),
    TableDef("bereikbaarheid", "Bereikbaarheid backoffices",
             "Doorverbindpogingen per eenheid: bereikt of niet, algemeen nummer of persoon, en waarom niet.",
             reachability, reachability_records, 20),
    TableDef("terugbelverzoeken", "Terugbelverzoeken",
             "Aandeel van de contacten, per eenheid en reden, op tijd afgehandeld, en wat te laat is.",
             callbacks, callback_records, 30),
    TableDef("meldingen", "Meldingen openbare ruimte",
             "Doorlooptijd per categorie, afgesloten binnen de termijn, redenen van overschrijding, herhaalmeldingen.",
             meldingen, melding_records, 50),
    TableDef("klachten", "Klachten",
             "Aantal, kanaal, oordeel, termijnen, en hoe vaak de klachtprocedure in contacten werd aangeboden.",
             complaints, complaint_records, 60),
    TableDef("kennisbank", "Kennisbank",
             "Zoekvragen, zoekvragen zonder resultaat, ontbrekende inhoud, feedback en gebruik van VAC's.",
             kennisbank, kennisbank_records, 70),
    TableDef("signalen", "Signalen", "Verbetersignalen per eigenaar: open, in behandeling, beantwoord.",
             signals, signal_records, 80),
):  # fmt: skip
    register(_table)
