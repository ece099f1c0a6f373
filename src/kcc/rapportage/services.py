"""Writes of the management information: recording a service norm (history is kept), and keeping the
daily aggregates the dashboard reads up to date."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q

from kcc.core import audit
from kcc.core.models import User
from kcc.rapportage import facts
from kcc.rapportage.facts import Keys
from kcc.rapportage.models import CouncilNote, DailyCount, NormKind, ServiceNorm

PERCENT_KINDS = frozenset(NormKind.values) - {NormKind.REPLY_TERM, NormKind.SERVICE_LEVEL_SECONDS}


def validate_norm(kind: str, value: Decimal | str | float) -> Decimal:
    """The value as a Decimal; ``ValidationError`` for an unknown kind or an impossible value."""
    if kind not in NormKind.values:
        raise ValidationError({"kind": f"Onbekende norm ‘{kind}’."})
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"value": f"‘{value}’ is geen getal."}) from None
    if not amount.is_finite() or amount < 0 or (kind in PERCENT_KINDS and amount > 100):
        message = "Een percentage ligt tussen 0 en 100." if kind in PERCENT_KINDS else "Geef een termijn van 0 of meer."
        raise ValidationError({"value": message})
    return amount


@transaction.atomic
def set_norm(*, kind: str, value: Decimal | str | float, valid_from: date, scope: str = "", actor: User | None = None,
             note: str = "") -> ServiceNorm:  # fmt: skip
    """Record a norm from ``valid_from`` on; a norm already recorded for that day is replaced."""
    amount = validate_norm(kind, value)
    norm, _created = ServiceNorm.objects.update_or_create(
        kind=kind,
        scope=scope.strip(),
        valid_from=valid_from,
        defaults={"value": amount, "note": note.strip(), "created_by": actor},
    )
    return norm


# --- daily aggregates ----------------------------------------------------------------------------

UPSERT_BATCH = 400
logger = logging.getLogger(__name__)


def apply_changes(model: type[DailyCount], before: Keys, after: Keys) -> None:
    """Move the counts of ``model`` from ``before`` to ``after`` (the keys of the changed records).

    One upsert that adds the difference per key, in key order so that concurrent transactions lock
    the rows in the same order and cannot deadlock each other.
    """
    delta = Counter(after)
    delta.subtract(before)
    rows = sorted((key, n) for key, n in delta.items() if n)
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in model.dimensions()]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            params = [
                value
                for key, n in batch
                for value in (*(f.get_db_prep_value(v, connection) for f, v in zip(fields, key, strict=True)), n)
            ]
            cursor.execute(
                f"INSERT INTO {table} ({columns}, n) VALUES {', '.join([placeholders] * len(batch))} "
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n",
                params,
            )


def record_contacts(contact_ids: Iterable[int], before: dict[type[DailyCount], Keys] | None = None) -> None:
    """Count what the given contacts contribute now, minus ``before`` (nothing: new contacts)."""
    ids = list(contact_ids)
    for model, keys, lookup in facts.CONTACT_AGGREGATES:
        apply_changes(model, (before or {}).get(model, Counter()), keys(Q(**{lookup: ids})))


@transaction.atomic
def rebuild_aggregates(only: Iterable[type[DailyCount]] | None = None) -> dict[str, int]:
    """Recompute the daily aggregates (all, or ``only`` these) from the records: after a bulk change
    outside the services, a unit moved in the tree, or to repair. Returns the rows per aggregate."""
    counts = {}
    for model, keys in facts.ALL_AGGREGATES:
        if only is not None and model not in only:
            continue
        model.objects.all().delete()
        dimensions = model.dimensions()
        found = keys(Q())
        model.objects.bulk_create(
            (model(**dict(zip(dimensions, key, strict=True)), n=n) for key, n in found.items() if n),
            batch_size=2000,
        )
        counts[model._meta.model_name] = len(found)
    return counts


def repair_aggregates() -> dict[str, int]:
    """Recount the aggregates and rebuild those that differ from the records (a write outside the
    services, e.g. SQL or ``QuerySet.update``); returns the number of wrong counts per aggregate.
    A repair is logged and audited: it means something changed records behind the services' back."""
    from kcc.rapportage.selectors import aggregate_differences

    differences = aggregate_differences()
    if differences:
        rebuild_aggregates(only=[model for model, _keys in facts.ALL_AGGREGATES
                                 if model._meta.model_name in differences])  # fmt: skip
        wrong = {name: len(keys) for name, keys in differences.items()}
        logger.warning("Daily aggregates differed from the records and were rebuilt: %s", wrong)
        audit.record(None, "dagtellingen_hersteld", ("rapportage.dailycount", ""), **wrong)
    return {name: len(keys) for name, keys in differences.items()}


@transaction.atomic
def save_council_note(*, actor: User, year: int, section: str, text: str) -> CouncilNote:
    """Record the explanation for the council of one section of ``year``'s annual report (empty: none)."""
    from kcc.rapportage import tables

    text = (text or "").strip().replace("\r\n", "\n")
    errors = {}
    if not 2000 <= year <= 2100:
        errors["jaar"] = "Geef een jaar tussen 2000 en 2100."
    if section != CouncilNote.OVERVIEW and tables.get(section) is None:
        errors["onderdeel"] = f"Onbekend onderdeel ‘{section[:40]}’."
    if len(text) > CouncilNote.MAX_LENGTH:
        errors["toelichting"] = f"De toelichting is {len(text)} tekens; gebruik er hooguit {CouncilNote.MAX_LENGTH}."
    if errors:
        raise ValidationError(errors)
    note, _ = CouncilNote.objects.update_or_create(
        year=year, section=section, defaults={"text": text, "updated_by": actor}
    )
    audit.record(actor, "toelichting_raad_gewijzigd", note, year=year, section=section)
    return note
