"""The telefonie table (queue statistics from the PBX's queue_log), registered only when the
``kcc.telefonie`` app is installed (see apps.py).

It reads ``kcc.telefonie.queuelog.queue_statistics(first_day, last_day, answer_within)``: per line (queue)
aangeboden, beantwoord, binnen_norm, verlaten, kort_verlaten, servicelevel and the waits. The
norm is two service norms: ``servicelevel_seconden`` (default 30 s, per line through its scope)
decides binnen_norm, ``servicelevel`` (default 80%) is the share to reach. Lines have no unit:
the table is always for the whole organisation.
"""

from __future__ import annotations

from kcc.rapportage.norms import LIGHT_LABELS, Figure, format_number, light
from kcc.rapportage.tables import BLUE_C, GREEN_C, GREY_C, RED_C, Cell, Chart, Context, Grid, Report, Series, TableDef

KEYS = ("aangeboden", "beantwoord", "binnen_norm", "verlaten", "kort_verlaten")


def telefonie(context: Context) -> Report:
    from kcc.telefonie.queuelog import queue_statistics

    norms = context.norms
    seconds = {}

    def answer_within(line: str) -> int:
        if line not in seconds:
            seconds[line] = int(norms.value("servicelevel_seconden", line))
        return seconds[line]

    rows = queue_statistics(context.period.start, context.period.end, answer_within)
    totals = {key: sum(row[key] for row in rows) for key in KEYS}
    measured = totals["aangeboden"] - totals["kort_verlaten"]
    general = int(norms.value("servicelevel_seconden"))
    level = 100 * totals["binnen_norm"] / measured if measured else None
    figure = Figure("servicelevel", f"Beantwoord binnen {general} seconden (servicelevel, alle lijnen)", level,
                    norms.value("servicelevel"))  # fmt: skip
    header = ["Lijn", "Aangeboden", "Beantwoord", "Binnen normtijd", "Verlaten", "Kort verlaten (≤ 5 s)",
              "Anders beëindigd", "Servicelevel", "Norm", "Verkeerslicht", "Gem. wachttijd",
              "Langste wachttijd"]  # fmt: skip
    grid = Grid("Wachtrijen per lijn", header)
    for row in rows:
        norm = norms.value("servicelevel", row["lijn"])
        line_light = light(row["servicelevel"], norm)
        grid.rows.append([
            Cell(row["lijn"]), *(Cell(row[key], "int") for key in KEYS), Cell(_other(row), "int"),
            Cell(row["servicelevel"], "pct"),
            Cell(f"≥ {format_number(float(norm))}% binnen {answer_within(row['lijn'])} s"),
            Cell(LIGHT_LABELS[line_light], light=line_light),
            Cell(_seconds(row["gemiddelde_wachttijd_s"])), Cell(_seconds(row["langste_wachttijd_s"])),
        ])  # fmt: skip
    if rows:
        grid.footer = [Cell("Totaal"), *(Cell(totals[key], "int") for key in KEYS),
                       Cell(_other(totals), "int"),
                       Cell(figure.value, "pct"), Cell(figure.norm_text), Cell(figure.light_label), Cell(""),
                       Cell("")]  # fmt: skip
    chart = Chart(
        "telefonie",
        "Gesprekken per lijn",
        [row["lijn"] for row in rows],
        [
            Series("binnen normtijd", GREEN_C, [row["binnen_norm"] for row in rows]),
            Series("later beantwoord", BLUE_C, [row["beantwoord"] - row["binnen_norm"] for row in rows]),
            Series("verlaten", RED_C, [row["verlaten"] for row in rows]),
            Series("anders beëindigd", GREY_C, [_other(row) for row in rows]),
        ],
    )
    return Report("telefonie", "Telefonie", context, {"rijen": rows}, [figure], [grid], [chart])


def _other(row: dict) -> int:
    """Left the queue otherwise (timeout, a key, no agents) or without a known outcome yet."""
    return row["aangeboden"] - row["beantwoord"] - row["verlaten"]


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value)} s"


TABLE = TableDef("telefonie", "Telefonie",
                 "Wachtrijen per lijn: aangeboden, beantwoord, binnen de normtijd, verlaten, servicelevel, wachttijd.",
                 telefonie, None, 15)  # fmt: skip
