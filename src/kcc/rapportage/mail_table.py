"""The e-mail table, registered only when the ``kcc.mail`` app is installed (see apps.py).

It reads ``kcc.mail.selectors.email_report(start, end, unit_codes)``; the reply-time classes are
working days: zelfde dag, volgende dag, 2 werkdagen, 3 werkdagen, meer. The share answered within
the reply term counts the classes up to the term for channel ``email`` (default 2 working days).
"""

from __future__ import annotations

from kcc.rapportage.norms import Figure, percent
from kcc.rapportage.tables import BLUE_C, Cell, Chart, Context, Grid, Report, Series, TableDef

CLASSES = ["zelfde dag", "volgende dag", "2 werkdagen", "3 werkdagen", "meer"]


def email(context: Context) -> Report:
    from kcc.core.models import OrganisationUnit
    from kcc.mail.selectors import email_report

    codes = None
    if context.unit_ids is not None:
        codes = list(OrganisationUnit.objects.filter(pk__in=context.unit_ids).values_list("code", flat=True))
    data = email_report(context.period.start, context.period.end, codes)
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
             [[Cell(data[key], "int") for key in ("aantal", "beantwoord", "doorgestuurd", "backoffice_binnen_termijn",
                                                 "backoffice_te_laat", "open")]]),
        Grid("Eindstatus", ["Eindstatus", "Aantal"],
             [[Cell(row["eindstatus"]), Cell(row["aantal"], "int")] for row in data["eindstatus"]]),
    ]  # fmt: skip
    chart = Chart("email", "Antwoordtijd van e-mails", CLASSES,
                  [Series("aantal", BLUE_C, [per_class.get(name, 0) for name in CLASSES])], stacked=False)  # fmt: skip
    return Report("email", "E-mail", context, data, figures, grids, [chart])


TABLE = TableDef("email", "E-mail", "Antwoordtijden in werkdagen, doorgestuurd, termijnen van de backoffice.", email,
                 None, 40)  # fmt: skip
