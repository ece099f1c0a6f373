"""What each record contributes to the daily aggregates: one definition per aggregate.

Every function takes a filter on its records and returns the aggregate keys with their counts, as a
:class:`~collections.Counter` of dimension tuples (in :meth:`DailyCount.dimensions` order). The same
query serves one record (before and after a change), a bulk insert and the full rebuild, so the
maintained counts and a recomputation cannot disagree on what a key is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import BooleanField, Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate

from kcc.contacten.models import Callback, Contactmoment, Question, TransferAttempt
from kcc.core.models import OrganisationUnit
from kcc.rapportage.models import (
    DailyAttemptCount,
    DailyCallbackCount,
    DailyContactCount,
    DailyCount,
    DailyQuestionCount,
    DailySearchCount,
    DailyUnitContactCount,
)

Keys = Counter[tuple]


def local_day(field_name: str) -> TruncDate:
    return TruncDate(field_name, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _flag(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _keys(model: type[DailyCount], rows) -> Keys:
    dimensions = model.dimensions()
    return Counter({tuple(row[name] for name in dimensions): row["n"] for row in rows})


def contact_keys(where: Q) -> Keys:
    rows = (
        Contactmoment.objects.filter(where).order_by()
        .annotate(day=local_day("started_at"),
                  with_callback=_flag(Exists(Callback.objects.filter(contact_id=OuterRef("pk")))))
        .values("day", "with_callback").annotate(n=Count("pk"))
    )  # fmt: skip
    return _keys(DailyContactCount, rows)


def question_keys(where: Q) -> Keys:
    rows = (
        Question.objects.filter(where).order_by()
        .annotate(
            day=local_day("contact__started_at"),
            unit_ref=Coalesce("unit_id", 0),
            is_repeat=_flag(Q(repeat_count__gt=0)),
            with_vac=_flag(Exists(Question.vacs.through.objects.filter(question_id=OuterRef("pk")))),
        )
        .values("day", "unit_ref", "question_type", "fcr_row", "fcr_outcome", "is_repeat", "complaint_offer",
                "with_vac")
        .annotate(n=Count("pk"))
    )  # fmt: skip
    return _keys(DailyQuestionCount, rows)


def attempt_keys(where: Q) -> Keys:
    rows = (
        TransferAttempt.objects.filter(where).order_by()
        .annotate(
            day=local_day("question__contact__started_at"),
            unit_ref=Coalesce("unit_id", 0),
            person_ref=Case(When(unit__isnull=True, then=Coalesce("person_id", 0)), default=Value(0)),
        )
        .values("day", "unit_ref", "person_ref", "target", "result", "reason").annotate(n=Count("pk"))
    )  # fmt: skip
    return _keys(DailyAttemptCount, rows)


def callback_keys(where: Q) -> Keys:
    closed = Q(status__in=(Callback.Status.DONE, Callback.Status.FAILED))
    state = DailyCallbackCount.State
    rows = (
        Callback.objects.filter(where).order_by()
        .annotate(day=local_day("contact__started_at"), unit_ref=F("unit_id"), closed_day=local_day("closed_at"))
        .annotate(state=Case(
            When(closed & Q(closed_day__lte=F("deadline")), then=Value(state.ON_TIME)),
            When(closed, then=Value(state.LATE)),
            default=Value(state.OPEN), output_field=CharField(),
        ))
        .values("day", "unit_ref", "reason", "state", "deadline").annotate(n=Count("pk"))
    )  # fmt: skip
    return _keys(DailyCallbackCount, rows)


def search_keys(where: Q) -> Keys:
    from kcc.kennisbank.models import SearchLog

    rows = (
        SearchLog.objects.filter(where).order_by()
        .annotate(
            day=local_day("created_at"),
            zero_results=_flag(Q(result_count=0)),
            gap_query=Case(When(result_count=0, then=F("normalised_query")), default=Value("")),
        )
        .values("day", "channel", "zero_results", "gap_query").annotate(n=Count("pk"))
    )  # fmt: skip
    return _keys(DailySearchCount, rows)


def unit_ancestors() -> dict[int, list[int]]:
    """Every unit with itself and the units above it, as the tree is now."""
    parents = dict(OrganisationUnit.objects.values_list("pk", "parent_id"))
    chains: dict[int, list[int]] = {}
    for unit in parents:
        chain, node = [], unit
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        chains[unit] = chain
    return chains


def _batches(contacts: QuerySet, size: int) -> Iterator[list[tuple[int, datetime]]]:
    """(pk, started_at) of the contacts, ``size`` at a time in pk order."""
    last = 0
    while True:
        batch = list(contacts.filter(pk__gt=last).order_by("pk").values_list("pk", "started_at")[:size])
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = batch[-1][0]


Touch = tuple[date, set[int], set[int]]  # a contact's local day, the units of its questions, of its callbacks


def contact_touches(where: Q, chunk: int = 20_000) -> Iterator[Touch]:
    """Per contact with a unit: its day and the units its questions and callback requests are for,
    read in chunks of contacts (the rebuild reads every contact once)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    for batch in _batches(Contactmoment.objects.filter(where), chunk):
        # every contact (the rebuild): the batch is an id range, cheaper to read than a long id list
        of_batch = (
            Q(contact_id__gte=batch[0][0], contact_id__lte=batch[-1][0])
            if not where
            else Q(contact_id__in=[pk for pk, _started in batch])
        )
        units: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
        for position, model in ((0, Question), (1, Callback)):
            for contact_id, unit_id in model.objects.filter(of_batch, unit__isnull=False).values_list(
                "contact_id", "unit_id"
            ):
                units[contact_id][position].add(unit_id)
        for pk, started in batch:
            if pk in units:
                yield started.astimezone(zone).date(), *units[pk]


def keys_of_touches(touches: Iterable[Touch], ancestors: dict[int, list[int]]) -> Keys:
    """Each contact counted once for every unit above (or at) the units it touched."""
    found: Keys = Counter()
    for day, question_units, callback_units in touches:
        flags: dict[int, list[bool]] = {}
        for position, touched in ((0, question_units), (1, callback_units)):
            for unit in touched:
                for ancestor in ancestors.get(unit, [unit]):
                    flags.setdefault(ancestor, [False, False])[position] = True
        for unit, (by_question, by_callback) in flags.items():
            found[(day, unit, by_question, by_callback)] += 1
    return found


def unit_contact_keys(where: Q) -> Keys:
    return keys_of_touches(contact_touches(where), unit_ancestors())


# Each aggregate with its key function and the filter that selects the records of given contacts.
CONTACT_AGGREGATES: list[tuple[type[DailyCount], Callable[[Q], Keys], str]] = [
    (DailyContactCount, contact_keys, "pk__in"),
    (DailyQuestionCount, question_keys, "contact_id__in"),
    (DailyAttemptCount, attempt_keys, "question__contact_id__in"),
    (DailyCallbackCount, callback_keys, "contact_id__in"),
    (DailyUnitContactCount, unit_contact_keys, "pk__in"),
]
ALL_AGGREGATES: list[tuple[type[DailyCount], Callable[[Q], Keys]]] = [
    *((model, keys) for model, keys, _lookup in CONTACT_AGGREGATES),
    (DailySearchCount, search_keys),
]
