"""The e-mail table, registered only when the ``kcc.mail`` app is installed (see apps.py).

It reads ``kcc.mail.selectors.email_report(start, end, unit_codes)``; the reply-time classes are
working days: zelfde dag, volgende dag, 2 werkdagen, 3 werkdagen, meer. The share answered within
the reply term counts the classes up to the term for channel ``email`` (default 2 working days).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from kcc.rapportage.norms import Figure, percent
from kcc.rapportage.tables import BLUE_C, Cell, Chart, Column, Context, Grid, RecordList, Report, Series, TableDef, _url

CLASSES = ["zelfde dag", "volgende dag", "2 werkdagen", "3 werkdagen", "meer"]


def _unit_codes(context: Context) -> list[str] | None:
    from kcc.core.models import OrganisationUnit

    if context.unit_ids is None:
        return None
    return list(OrganisationUnit.objects.filter(pk__in=context.unit_ids).values_list("code", flat=True))


def email(context: Context) -> Report:
    from kcc.mail.models import EndState
    from kcc.mail.selectors import email_report

    label = dict(EndState.choices)
    data = email_report(context.period.start, context.period.end, _unit_codes(context))
    per_class = {row["klasse"]: row["aantal"] for row in data["antwoordtijd"]}
    term = int(context.norms.value("antwoordtermijn", "email"))
    within = sum(per_class.get(name, 0) for name in CLASSES[: min(term, 3) + 1])
    answered = sum(per_class.get(name, 0) for name in CLASSES)
    backoffice = data["backoffice_binnen_termijn"] + data["backoffice_te_laat"]
    figures = [
        Figure("antwoord_op_tijd", f"Beantwoord binnen {term} werkdagen", percent(within, answered),
               context.norms.value("antwoord_op_tijd")),
        Figure("doorgestuurd", "Doorgestuurd naar de backoffice (aandeel)",
               percent(data["doorgestuurd"], data["aantal"])),
        Figure("backoffice_op_tijd", "Backoffice binnen de termijn",
               percent(data["backoffice_binnen_termijn"], backoffice)),
    ]  # fmt: skip
    grids = [
        Grid("Antwoordtijd in werkdagen", ["Antwoordtijd", "Aantal", "%"],
             [[Cell(name), Cell(per_class.get(name, 0), "int"), Cell(percent(per_class.get(name, 0), answered), "pct")]
              for name in CLASSES]),
        Grid("E-mails", ["Ontvangen", "Beantwoord", "Doorgestuurd", "Backoffice op tijd", "Backoffice te laat", "Open"],
             [[Cell(data[key], "int", drill={"selectie": key} if key in SELECTIONS else None)
               for key in ("aantal", "beantwoord", "doorgestuurd", "backoffice_binnen_termijn", "backoffice_te_laat",
                           "open")]]),
        Grid("Eindstatus", ["Eindstatus", "Aantal"],
             [[Cell(label.get(row["eindstatus"], row["eindstatus"]), drill={"eindstatus": row["eindstatus"]}),
               Cell(row["aantal"], "int", drill={"eindstatus": row["eindstatus"]})] for row in data["eindstatus"]]),
    ]  # fmt: skip
    chart = Chart("email", "Antwoordtijd van e-mails", CLASSES,
                  [Series("aantal", BLUE_C, [per_class.get(name, 0) for name in CLASSES])], stacked=False)  # fmt: skip
    return Report("email", "E-mail", context, data, figures, grids, [chart])


# Drill-down selections of the counts grid: which threads each count is made of.
SELECTIONS = ("aantal", "beantwoord", "doorgestuurd", "open")


def email_records(context: Context, params: dict[str, str]) -> RecordList:
    """The threads behind a count: numbers, dates and states only (the mail itself stays behind the
    mail screens' own access rules)."""
    from kcc.mail.models import EndState, Thread
    from kcc.mail.selectors import threads_in

    threads, forwards = threads_in(context.period.start, context.period.end, _unit_codes(context))
    selection = params.get("selectie")
    if selection == "beantwoord":
        threads = threads.filter(first_answer_at__isnull=False)
    elif selection == "doorgestuurd":
        threads = threads.filter(Exists(forwards.filter(thread=OuterRef("pk"))))
    elif selection == "open":
        threads = threads.exclude(status=Thread.Status.CLOSED)
    if params.get("eindstatus") in EndState.values:
        threads = threads.filter(end_state=params["eindstatus"])
    return RecordList(
        "E-mails",
        threads.order_by("-received_at", "-id"),
        [
            Column("Nummer", lambda t: t.number, lambda t: _url("mail:detail", t.number)),
            Column("Ontvangen", lambda t: t.received_at),
            Column("Status", lambda t: t.get_status_display()),
            Column("Eerste antwoord", lambda t: t.first_answer_at or "—"),
            Column("Eindstatus", lambda t: t.get_end_state_display() or "—"),
        ],
    )


TABLE = TableDef("email", "E-mail", "Antwoordtijden in werkdagen, doorgestuurd, termijnen van de backoffice.", email,
                 email_records, 40)  # fmt: skip
