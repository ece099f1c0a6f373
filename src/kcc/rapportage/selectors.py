"""Reads of the management information: parse a request into a context, compute a table,
the annual report. Every output (page, CSV, API, CLI, PDF) goes through :func:`report`."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from kcc.rapportage import tables
from kcc.rapportage.models import CouncilNote
from kcc.rapportage.norms import Figure
from kcc.rapportage.period import Period, parse_level, parse_period, parse_unit
from kcc.rapportage.tables import Context, Report


def build_context(van: str | None, tot: str | None, eenheid: str | None = None, niveau: str | None = None) -> Context:
    """A context from request or command-line values; ``ValidationError`` with Dutch messages per field."""
    errors: dict[str, str] = {}
    values = {}
    for name, parse, args in (
        ("period", parse_period, (van, tot)),
        ("unit", parse_unit, (eenheid,)),
        ("level", parse_level, (niveau,)),
    ):
        try:
            values[name] = parse(*args)
        except ValidationError as error:
            errors.update({key: messages[0] for key, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return Context(values["period"], values["unit"], values["level"])


def report(key: str, context: Context) -> Report:
    table = tables.get(key)
    if table is None:
        raise ValidationError({"tabel": f"Onbekende tabel ‘{key}’."})
    return table.compute(context)


def annual_reports(year: int) -> list[Report]:
    """Every table over the calendar year, for the whole organisation, reachability per dienst."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"jaar": f"Ongeldig jaar: {year}."})
    context = Context(Period.year(year))
    return [table.compute(context) for table in tables.all_tables()]


def norm_overview(reports: list[Report]) -> list[tuple[str, Figure]]:
    """(table title, figure) for every figure that has a norm: the 'norm against measured' page."""
    return [(item.title, figure) for item in reports for figure in item.figures if figure.norm is not None]


def aggregate_differences() -> dict[str, dict[tuple, tuple[int, int]]]:
    """Per daily aggregate, the keys whose stored count differs from a recount of the records:
    key → (stored, recounted). Empty when the aggregates are right."""
    from collections import Counter

    from django.db.models import Q

    from kcc.rapportage import facts

    differences: dict[str, dict[tuple, tuple[int, int]]] = {}
    for model, keys in facts.ALL_AGGREGATES:
        dimensions = model.dimensions()
        stored = Counter({tuple(row[:-1]): row[-1] for row in model.objects.values_list(*dimensions, "n")})
        recounted = keys(Q())
        wrong = {key: (stored[key], recounted[key]) for key in stored.keys() | recounted.keys()
                 if stored[key] != recounted[key]}  # fmt: skip
        if wrong:
            differences[model._meta.model_name] = wrong
    return differences


def council_notes(year: int) -> dict[str, str]:
    """Section key → the explanation for the council in ``year``'s annual report."""
    return dict(CouncilNote.objects.filter(year=year).exclude(text="").values_list("section", "text"))
